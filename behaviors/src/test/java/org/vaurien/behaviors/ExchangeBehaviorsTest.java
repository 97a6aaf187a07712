package org.vaurien.behaviors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.testkit.Wire;
import org.vaurien.testkit.Wire.Outcome;
import org.vaurien.testkit.TestBackend;

/** Vaurien's behaviors through the engine, with real sockets, on the tcp protocol. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExchangeBehaviorsTest {
    private static final byte[] PING = "ping\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void delayBeforeHoldsTheRequestAndDelayAfterHoldsTheResponse() throws IOException {
        try (TestBackend backend = TestBackend.echo()) {
            for (String before : List.of("true", "false")) {
                try (TestProxy proxy = TestProxy.start(backend.port(), "100:delay",
                        Map.of("delay", Map.of("sleep", "0.3", "before", before)), null);
                     Socket s = proxy.connect()) {
                    long start = System.nanoTime();
                    s.getOutputStream().write(PING);
                    long backendSawIt = Wire.eventually(250, () -> backend.bytesReceived.get() > 0)
                            ? System.nanoTime() : Long.MAX_VALUE;
                    assertEquals(Outcome.ECHOED, Wire.read(s, PING));
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(millis >= 300 && millis < 3000, "round trip " + millis + " ms, before=" + before);
                    boolean early = backendSawIt - start < 250_000_000L;
                    assertEquals(before.equals("false"), early, "the backend sees the request at once only with before=false");
                    backend.bytesReceived.set(0);
                }
            }
        }
    }

    @Test
    void errorAnswersWithRandomBytesAndTheBackendNeverSeesTheRequest() throws IOException {
        try (TestBackend backend = TestBackend.echo();
             TestProxy proxy = TestProxy.start(backend.port(), "100:error");
             Socket s = proxy.connect()) {
            s.getOutputStream().write(PING);
            byte[] reply = new byte[1000];
            assertEquals(1000, Wire.readFully(s.getInputStream(), reply));
            assertEquals(0, backend.bytesReceived.get());
        }
    }

    @Test
    void errorWarmupLetsExactlyThatManyExchangesPass() throws IOException {
        try (TestBackend backend = TestBackend.echo();
             TestProxy proxy = TestProxy.start(backend.port(), "100:error", Map.of("error", Map.of("warmup", "3")), null)) {
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                outcomes.add(Wire.once(proxy.server.port(), PING));
            }
            assertEquals(List.of(Outcome.ECHOED, Outcome.ECHOED, Outcome.ECHOED,
                    Outcome.OTHER_BYTES, Outcome.OTHER_BYTES, Outcome.OTHER_BYTES), outcomes);
        }
    }

    @Test
    void countersChooseWhichOccasionsABehaviorActsOn() throws IOException {
        Outcome ok = Outcome.ECHOED;
        Outcome err = Outcome.OTHER_BYTES;
        try (TestBackend backend = TestBackend.echo()) {
            // each exchange on a new connection: counted on the proxy
            assertEquals(List.of(err, err, ok, ok, ok, ok), onNewConnections(backend, Map.of("first", "2"), 6));
            assertEquals(List.of(ok, ok, err, ok, ok, err), onNewConnections(backend, Map.of("every", "3"), 6));
            assertEquals(List.of(ok, ok, ok, err, err, err), onNewConnections(backend, Map.of("after", "4"), 6));
            assertEquals(List.of(ok, ok, err, err, ok, ok), onNewConnections(backend, Map.of("after", "3", "first", "4"), 6));
            // counted per connection, each connection starts again
            try (TestProxy proxy = TestProxy.stacked(backend.port(), List.of("error"),
                    Map.of("error", Map.of("first", "1", "count_per", "connection")))) {
                for (int c = 0; c < 2; c++) {
                    try (Socket s = proxy.connect()) {
                        s.getOutputStream().write(PING);
                        byte[] noise = new byte[1000];
                        assertEquals(1000, Wire.readFully(s.getInputStream(), noise), "the error: tcp's random bytes");
                        assertEquals(ok, Wire.exchangeOn(s, PING));
                        assertEquals(ok, Wire.exchangeOn(s, PING));
                    }
                }
            }
        }
    }

    /** The stack {@code error} with these counters; one exchange on each of {@code n} new connections. */
    private static List<Outcome> onNewConnections(TestBackend backend, Map<String, String> counters, int n) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        try (TestProxy proxy = TestProxy.stacked(backend.port(), List.of("error"), Map.of("error", counters))) {
            for (int i = 0; i < n; i++) {
                outcomes.add(Wire.once(proxy.server.port(), PING));
            }
        }
        return outcomes;
    }

    @Test
    void transientFailsTheFirstAgitateExchangesThenEverythingPasses() throws IOException {
        try (TestBackend backend = TestBackend.echo();
             TestProxy proxy = TestProxy.start(backend.port(), "100:transient", Map.of("transient", Map.of("agitate", "2")), null)) {
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                outcomes.add(Wire.once(proxy.server.port(), PING));
            }
            assertEquals(List.of(Outcome.OTHER_BYTES, Outcome.OTHER_BYTES, Outcome.ECHOED,
                    Outcome.ECHOED, Outcome.ECHOED), outcomes);
        }
    }

    @Test
    void injectSplicesRandomBytesIntoTheMiddleOfTheResponse() throws IOException {
        byte[] request = new byte[1000];
        new Random(1).nextBytes(request);
        try (TestBackend backend = TestBackend.echo();
             TestProxy proxy = TestProxy.start(backend.port(), "100:error", Map.of("error", Map.of("inject", "true")), null);
             Socket s = proxy.connect()) {
            s.getOutputStream().write(request);
            byte[] reply = new byte[1100];
            assertEquals(1100, Wire.readFully(s.getInputStream(), reply));
            assertEquals(1000, backend.bytesReceived.get(), "the request reaches the backend");
            assertArrayEquals(Arrays.copyOf(request, 500), Arrays.copyOf(reply, 500));
            assertArrayEquals(Arrays.copyOfRange(request, 500, 1000), Arrays.copyOfRange(reply, 600, 1100));
        }
    }

    @Test
    void hangSwallowsTheRequestAndLeavesTheConnectionOpenUntilTheClientGivesUp() throws IOException {
        try (TestBackend backend = TestBackend.echo();
             TestProxy proxy = TestProxy.start(backend.port(), "100:hang");
             Socket s = proxy.connect()) {
            s.setSoTimeout(500);
            s.getOutputStream().write(PING);
            assertEquals(Outcome.TIMED_OUT, Wire.read(s, PING), "the client's own read timeout fires");
            s.getOutputStream().write(PING);
            assertEquals(Outcome.TIMED_OUT, Wire.read(s, PING), "still open, still silent");
            assertEquals(0, backend.bytesReceived.get());
            assertEquals(1, proxy.server.openConnections());
        }
    }

    @Test
    void blackoutClosesTheClientAndTheBackendNeverSeesTheRequest() throws IOException {
        try (TestBackend backend = TestBackend.echo();
             TestProxy proxy = TestProxy.start(backend.port(), "100:blackout")) {
            assertEquals(Outcome.CLOSED, Wire.once(proxy.server.port(), PING));
            assertEquals(0, backend.bytesReceived.get());
        }
    }

    @Test
    void abortLetsTheBackendSeeTheRequestThenCutsBeforeAnyResponse() throws IOException {
        try (TestBackend backend = TestBackend.echo();
             TestProxy proxy = TestProxy.start(backend.port(), "100:abort")) {
            assertEquals(Outcome.CLOSED, Wire.once(proxy.server.port(), PING));
            assertTrue(Wire.eventually(2000, () -> backend.bytesReceived.get() == PING.length));
        }
    }

    @Test
    void aFiftyPercentErrorMixWithASeedLandsNearHalfAndRepeats() throws IOException {
        try (TestBackend backend = TestBackend.echo()) {
            List<Outcome> first = run(backend, 1000);
            long errors = first.stream().filter(o -> o == Outcome.OTHER_BYTES).count();
            assertTrue(errors >= 450 && errors <= 550, errors + " errors out of 1000");
            assertEquals(1000 - errors, first.stream().filter(o -> o == Outcome.ECHOED).count());
            assertEquals(first.subList(0, 100), run(backend, 100), "the same seed draws the same way");
        }
    }

    private static List<Outcome> run(TestBackend backend, int exchanges) throws IOException {
        try (TestProxy proxy = TestProxy.start(backend.port(), "50:error", Map.of(), 42L)) {
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < exchanges; i++) {
                outcomes.add(Wire.once(proxy.server.port(), PING));
            }
            return outcomes;
        }
    }
}
