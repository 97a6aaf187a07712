package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.testkit.Wire;
import org.vaurien.testkit.Wire.Outcome;

/** The vaurien command in front of socat's echo server, with a plain socket client. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class StandaloneTcpTest {
    private static final byte[] PING = "ping\n".getBytes(StandardCharsets.US_ASCII);
    private static ServerProcess echo;

    @BeforeAll
    static void startEcho() throws IOException {
        echo = ServerProcess.socatEcho();
    }

    @AfterAll
    static void stopEcho() {
        echo.close();
    }

    private static VaurienProcess vaurien(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--proxy", "127.0.0.1:0", "--backend", "127.0.0.1:" + echo.port()));
        args.addAll(List.of(extra));
        return VaurienProcess.start(args.toArray(new String[0]));
    }

    private static List<Outcome> exchanges(VaurienProcess v, int n) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            outcomes.add(Wire.once(v.port(), PING));
        }
        return outcomes;
    }

    @Test
    void errorWithWarmupThreeLetsExactlyThreePass() throws IOException {
        try (VaurienProcess v = vaurien("--behavior", "100:error", "--behavior-error-warmup", "3")) {
            assertEquals(List.of(Outcome.ECHOED, Outcome.ECHOED, Outcome.ECHOED, Outcome.OTHER_BYTES,
                    Outcome.OTHER_BYTES), exchanges(v, 5));
        }
    }

    @Test
    void transientWithAgitateTwoFailsExactlyTwo() throws IOException {
        try (VaurienProcess v = vaurien("--behavior", "100:transient", "--behavior-transient-agitate", "2")) {
            assertEquals(List.of(Outcome.OTHER_BYTES, Outcome.OTHER_BYTES, Outcome.ECHOED, Outcome.ECHOED,
                    Outcome.ECHOED), exchanges(v, 5));
        }
    }

    @Test
    void aFiftyPercentErrorMixWithASeedLandsWithinFiveOfHalf() throws IOException {
        try (VaurienProcess v = vaurien("--behavior", "50:error", "--seed", "42")) {
            List<Outcome> outcomes = exchanges(v, 1000);
            long errors = outcomes.stream().filter(o -> o == Outcome.OTHER_BYTES).count();
            long passed = outcomes.stream().filter(o -> o == Outcome.ECHOED).count();
            assertTrue(errors >= 450 && errors <= 550, errors + " errors out of 1000");
            assertEquals(1000, errors + passed);
        }
    }

    @Test
    void aHalfClosedClientStillReceivesTheReply() throws IOException {
        byte[] data = new byte[200_000];
        new Random(3).nextBytes(data);
        try (VaurienProcess v = vaurien(); Socket s = new Socket(InetAddress.getLoopbackAddress(), v.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(data);
            s.shutdownOutput();
            assertArrayEquals(data, s.getInputStream().readAllBytes());
        }
    }

    @Test
    void aBackendThatIsDownLeaksNoThreadAndNoDescriptor() throws Exception {
        int dead = ServerProcess.freePort();
        try (VaurienProcess v = VaurienProcess.start("--proxy", "127.0.0.1:0", "--backend", "127.0.0.1:" + dead)) {
            assertEquals(Outcome.CLOSED, Wire.once(v.port(), PING));
            int threads = v.threads();
            int fds = v.descriptors();
            for (int i = 0; i < 1000; i++) {
                assertEquals(Outcome.CLOSED, Wire.once(v.port(), PING));
            }
            assertTrue(Wire.eventually(5000, () -> v.descriptors() <= fds), fds + " descriptors before, " + v.descriptors() + " after");
            assertEquals(threads, v.threads());
            assertTrue(v.output().contains("backend 127.0.0.1:" + dead + " cannot be reached for client 127.0.0.1:"),
                    "a clear log line:\n" + v.output().lines().limit(3).toList());
        }
    }
}
