package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.BehaviorControl.BehaviorScope;
import org.vaurien.Client;
import org.vaurien.testkit.Wire;
import org.vaurien.testkit.Wire.Outcome;

/** The control API of a running vaurien, driven by vaurien ctl and by the Java Client. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ControlTest {
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

    private static Path ini(String... lines) throws IOException {
        Path p = Files.createTempFile("control", ".ini");
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    private static VaurienProcess.Result ctl(int controlPort, String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "ctl";
        all[1] = "--host";
        all[2] = "http://127.0.0.1:" + controlPort;
        System.arraycopy(args, 0, all, 3, args.length);
        return VaurienProcess.run(all);
    }

    private static long millis(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            long start = System.nanoTime();
            s.getOutputStream().write(PING);
            assertEquals(Outcome.ECHOED, Wire.read(s, PING));
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    @Test
    void severalProxiesFromOneConfigDrivenByVaurienCtl() throws Exception {
        Path config = ini("[vaurien]", "http = true", "http_port = 0", "",
                "[proxy:alpha]", "proxy = 127.0.0.1:0", "backend = 127.0.0.1:" + echo.port(), "",
                "[proxy:beta]", "proxy = 127.0.0.1:0", "backend = 127.0.0.1:" + echo.port(), "behavior = 100:delay", "",
                "[behavior:delay]", "sleep = 0.3");
        try (VaurienProcess v = VaurienProcess.start("--config", config.toString())) {
            int control = v.port("control");
            int alpha = v.port("alpha");
            int beta = v.port("beta");
            assertTrue(millis(alpha) < 300 && millis(beta) >= 300, "each proxy has its own mix; the shared option applies");
            assertEquals(Outcome.ECHOED, Wire.once(alpha, PING));

            VaurienProcess.Result set = ctl(control, "--proxy", "alpha", "set-behavior", "error");
            assertEquals(0, set.exitCode(), set.output());
            assertEquals("Behavior changed to \"error\"", set.output());
            assertEquals(Outcome.OTHER_BYTES, Wire.once(alpha, PING), "alpha now errs");
            assertTrue(ctl(control, "--proxy", "alpha", "get-behavior").output().startsWith("100:error"));
            assertTrue(ctl(control, "list-behaviors").output().contains("latency, limit_data"));
            VaurienProcess.Result proxies = ctl(control, "proxies");
            assertTrue(proxies.output().contains("alpha") && proxies.output().contains("beta"), proxies.output());

            VaurienProcess.Result added = ctl(control, "toxic", "add", "alpha", "--type", "latency", "--attribute", "latency=200");
            assertEquals(0, added.exitCode(), added.output());
            assertEquals(0, ctl(control, "--proxy", "alpha", "set-behavior", "dummy").exitCode());
            assertTrue(millis(alpha) >= 200, "the toxic applies");
            assertEquals(0, ctl(control, "toxic", "update", "alpha", "latency_downstream", "--attribute", "latency=0").exitCode());
            assertTrue(millis(alpha) < 150);
            assertEquals(0, ctl(control, "toxic", "remove", "alpha", "latency_downstream").exitCode());

            VaurienProcess.Result stop = ctl(control, "stop-all");
            assertEquals("Every fault stopped: every proxy passes everything (vaurien ctl resume to undo)", stop.output());
            assertTrue(millis(beta) < 300, "beta's delay stopped");
            assertTrue(v.output().contains("every fault of every proxy stopped (vaurien ctl)"), v.output());
            assertEquals("Faults resumed", ctl(control, "resume").output());
            assertTrue(millis(beta) >= 300, "and acts again");

            VaurienProcess.Result bad = ctl(control, "toxic", "add", "alpha", "--type", "nope");
            assertEquals(2, bad.exitCode());
            assertTrue(bad.output().startsWith("vaurien: invalid toxic type: nope"), bad.output());
            VaurienProcess.Result ambiguous = ctl(control, "set-behavior", "error");
            assertEquals(2, ambiguous.exitCode());
            assertTrue(ambiguous.output().contains("there are several proxies (alpha, beta)"), ambiguous.output());
        }
    }

    @Test
    void theJavaClientSwitchesABehaviorForABlockInAnotherProcess() throws Exception {
        try (VaurienProcess v = VaurienProcess.start("--proxy", "127.0.0.1:0", "--backend", "127.0.0.1:" + echo.port(),
                "--http", "--http-port", "0")) {
            Client client = new Client("http://127.0.0.1:" + v.port("control"));
            assertEquals(Outcome.ECHOED, Wire.once(v.port(), PING));
            try (BehaviorScope b = client.withBehavior("error")) {
                assertEquals(Outcome.OTHER_BYTES, Wire.once(v.port(), PING));
            }
            assertEquals(Outcome.ECHOED, Wire.once(v.port(), PING), "back to normal");
            assertEquals("100:dummy", client.behavior());
        }
    }

    @Test
    void aToxiproxyConfigFileStartsItsProxiesWithTheirToxics() throws Exception {
        Path json = Files.createTempFile("toxiproxy", ".json");
        Files.writeString(json, "[{\"name\": \"slow\", \"listen\": \"127.0.0.1:0\", \"upstream\": \"127.0.0.1:" + echo.port()
                + "\", \"enabled\": true, \"toxics\": [{\"type\": \"latency\", \"attributes\": {\"latency\": 250}}]}]");
        try (VaurienProcess v = VaurienProcess.start("--config", json.toString(), "--http", "--http-port", "0")) {
            assertTrue(millis(v.port("slow")) >= 250, "Toxiproxy ignores toxics in its config file; Vaurien applies them");
        }
        Files.writeString(json, "[{\"name\": \"bad\", \"upstream\": \"127.0.0.1:1\", \"toxics\": [{\"type\": \"nope\"}]}]");
        VaurienProcess.Result r = VaurienProcess.run("--config", json.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.output().startsWith("vaurien: " + json + ": invalid toxic type: nope"), r.output());
    }

    @Test
    void aTokenIsRequiredWhenSet() throws Exception {
        try (VaurienProcess v = VaurienProcess.start("--proxy", "127.0.0.1:0", "--backend", "127.0.0.1:" + echo.port(),
                "--http", "--http-port", "0", "--http-token", "tok")) {
            int control = v.port("control");
            VaurienProcess.Result refused = ctl(control, "get-behavior");
            assertEquals(2, refused.exitCode());
            assertTrue(refused.output().contains("missing bearer token"), refused.output());
            assertEquals(0, ctl(control, "--token", "tok", "get-behavior").exitCode());
            assertFalse(v.output().contains("NOT ON LOOPBACK"), "loopback is the default: no warning");
        }
    }
}
