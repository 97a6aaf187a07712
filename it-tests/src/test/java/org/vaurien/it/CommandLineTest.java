package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vaurien.testkit.Wire;
import org.vaurien.testkit.Wire.Outcome;

/** The command's flags, listings and refusals, run as a separate process. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CommandLineTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--behavior 5:foo|vaurien: --behavior: behavior mix '5:foo': entry '5:foo': unknown behavior 'foo' (known: abort, ",
        "--behavior 60:error,50:delay|vaurien: --behavior: behavior mix '60:error,50:delay': the percentages add up to 110, over 100",
        "--behavior x:error|vaurien: --behavior: behavior mix 'x:error': entry 'x:error': 'x' is not a number",
        "--behavior 5error|vaurien: --behavior: behavior mix '5error': entry '5error' is not PERCENT:NAME",
        "--behavior 5:error,,5:delay|vaurien: --behavior: behavior mix '5:error,,5:delay': entry '' is not PERCENT:NAME",
        "--bogus|vaurien: Unknown option: '--bogus' (see 'vaurien --help')",
        "--proxy nope|vaurien: --proxy: 'nope' is not HOST:PORT",
        "--backend localhost:99999|vaurien: --backend: 'localhost:99999': port 99999 is out of range (0 to 65535)",
        "--timeout soon|vaurien: --timeout: option 'timeout': 'soon' is not a number",
        "--behavior-delay-sleep abc|vaurien: behavior 'delay', option 'sleep': 'abc' is not a number",
        "--behavior-error-warmup -1|vaurien: behavior 'error', option 'warmup': '-1' is out of range",
        "--behavior-limit_data-bytes abc|vaurien: behavior 'limit_data', option 'bytes': 'abc' is not a whole number",
        "--behavior-slow-close-delay -5|vaurien: behavior 'slow_close', option 'delay': '-5' is out of range (0 to 3600000)",
        "--protocol nope|vaurien: --protocol: unknown protocol 'nope' (known: ",
        "--log-level loud|vaurien: --log-level 'loud' is not one of debug, info, warning, error, critical",
        "--config /no/such/file.ini|vaurien: config file /no/such/file.ini does not exist",
        "--backend no-such-host.invalid:80 --proxy 127.0.0.1:0|vaurien: cannot resolve host 'no-such-host.invalid'",
        "--backend 127.0.0.1:0 --proxy 127.0.0.1:0|vaurien: backend 127.0.0.1:0: port 0 is no port to connect to",
        "--backend 127.0.0.1:9 --proxy 127.0.0.1:0 --http --http-host no-such-host.invalid|vaurien: --http-host: cannot resolve host",
        "--backend 127.0.0.1:9 --max-pending 0|vaurien: --max-pending: option 'max_pending': '0' is out of range",
    })
    void aMistakeGetsOneLineNamingItAndExitStatusTwo(String args, String expected) throws Exception {
        VaurienProcess.Result r = VaurienProcess.run(args.split(" "));
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().startsWith(expected), r.output());
        assertEquals(1, r.output().lines().count(), "one line:\n" + r.output());
    }

    /**
     * Start-up is all or nothing: with the control API's port taken, or the second proxy's of a
     * config, nothing ever says it listens, and the command ends with one line and status 2.
     */
    @Test
    void aPortTakenAnywhereStartsNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            VaurienProcess.Result control = VaurienProcess.run("--proxy", "127.0.0.1:0", "--backend", "127.0.0.1:9",
                    "--http", "--http-port", Integer.toString(port));
            assertEquals(2, control.exitCode(), control.output());
            assertEquals("vaurien: cannot start the control API on 127.0.0.1:" + port + ": address already in use",
                    control.output(), "one line, and no proxy said it listened");
            Path config = Files.createTempFile("two", ".ini");
            Files.writeString(config, String.join("\n", "[proxy:first]", "proxy = 127.0.0.1:0", "backend = 127.0.0.1:9",
                    "[proxy:second]", "proxy = 127.0.0.1:" + port, "backend = 127.0.0.1:9", ""));
            VaurienProcess.Result second = VaurienProcess.run("--config", config.toString());
            assertEquals(2, second.exitCode(), second.output());
            assertEquals("vaurien: cannot listen on 127.0.0.1:" + port + ": address already in use", second.output(),
                    "one line: the first proxy never said it listened");
        }
    }

    @Test
    void aPortInUseGetsOneLineAndExitStatusTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            VaurienProcess.Result r = VaurienProcess.run("--proxy", "127.0.0.1:" + taken.getLocalPort(), "--backend", "127.0.0.1:9");
            assertEquals(2, r.exitCode());
            assertEquals("vaurien: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": address already in use", r.output());
        }
    }

    @Test
    void aKafkaErrorCodeOrMatcherThatCannotBeIsNamed() throws Exception {
        VaurienProcess.Result r = VaurienProcess.run("--backend", "127.0.0.1:9", "--protocol", "kafka",
                "--protocol-kafka-error-code", "NOT_A_LEADER");
        assertEquals(2, r.exitCode());
        assertEquals("vaurien: protocol 'kafka', option 'error_code': 'NOT_A_LEADER' is neither auto nor a Kafka error's"
                + " name or code (e.g. NOT_LEADER_OR_FOLLOWER, REQUEST_TIMED_OUT, 7)", r.output());
        r = VaurienProcess.run("--backend", "127.0.0.1:9", "--protocol", "kafka", "--behavior", "100:error",
                "--behavior-error-match", "path=/orders");
        assertEquals(2, r.exitCode());
        assertEquals("vaurien: behavior 'error', option 'match': 'path' cannot apply to protocol 'kafka' (its fields:"
                + " command, client_id)", r.output());
    }

    @Test
    void aBadConfigLineIsReportedWithFileAndLine() throws Exception {
        Path ini = Files.createTempFile("bad", ".ini");
        Files.writeString(ini, "[vaurien]\nbackend = localhost:80\n\n[behavior:delay]\nsleep = forever\n");
        VaurienProcess.Result r = VaurienProcess.run("--config", ini.toString());
        assertEquals(2, r.exitCode());
        assertEquals("vaurien: " + ini + ":5: behavior 'delay', option 'sleep': 'forever' is not a number", r.output());
        Files.writeString(ini, "[vaurien]\nbackend = localhost:80\n[beavior:delay]\n");
        r = VaurienProcess.run("--config", ini.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.output().startsWith("vaurien: " + ini + ":3: unknown section [beavior:delay]"), r.output());
        Files.writeString(ini, "[vaurien]\nbakend = localhost:80\n");
        r = VaurienProcess.run("--config", ini.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.output().startsWith("vaurien: " + ini + ":2: unknown key 'bakend' in [vaurien]"), r.output());
    }

    @Test
    void listShowsEveryBehaviorAndProtocolWithOptionsTypesAndDefaults() throws Exception {
        VaurienProcess.Result r = VaurienProcess.run("--list");
        assertEquals(0, r.exitCode());
        for (String name : List.of("abort", "blackout", "delay", "dummy", "error", "hang", "transient", "tcp")) {
            assertTrue(r.output().contains("\n  " + name + " "), name + " listed:\n" + r.output());
        }
        assertTrue(r.output().matches("(?s).*sleep +decimal +default 1 +delay in seconds.*"), r.output());
        assertTrue(r.output().matches("(?s).*agitate +int +default 1 .*"), r.output());
        assertTrue(r.output().matches("(?s).*buffer +int +default 65536 .*"), r.output());
    }

    @Test
    void helpShowsTheGeneratedFlagsAndVersionItsVersion() throws Exception {
        VaurienProcess.Result help = VaurienProcess.run("--help");
        assertEquals(0, help.exitCode());
        for (String flag : List.of("--proxy", "--backend", "--protocol", "--behavior", "--config", "--timeout",
                "--stay-connected", "--backlog", "--log-level", "--log-output", "--version", "--list",
                "--behavior-delay-sleep", "--behavior-error-inject", "--behavior-transient-agitate",
                "--protocol-tcp-buffer", "--protocol-tcp-reuse-socket")) {
            assertTrue(help.output().contains(flag), flag + " in --help");
        }
        VaurienProcess.Result version = VaurienProcess.run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.output().matches("vaurien \\d+\\.\\d+\\.\\d+.*"), version.output());
    }

    @Test
    void listensOnIpv6() throws Exception {
        Assumptions.assumeTrue(hasIpv6Loopback(), "this machine has no ::1");
        try (ServerProcess echo = ServerProcess.socatEcho();
             VaurienProcess v = VaurienProcess.start("--proxy", "[::1]:0", "--backend", "127.0.0.1:" + echo.port());
             Socket s = new Socket(InetAddress.getByName("::1"), v.port())) {
            s.setSoTimeout(5000);
            byte[] ping = "ping6\n".getBytes(StandardCharsets.US_ASCII);
            s.getOutputStream().write(ping);
            assertEquals(Outcome.ECHOED, Wire.read(s, ping));
            assertTrue(v.output().contains("listening on [::1]:" + v.port()), v.output());
        }
    }

    private static boolean hasIpv6Loopback() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return s.getInetAddress() instanceof Inet6Address;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void theConfigFileIsAppliedAndFlagsOverrideIt() throws Exception {
        try (ServerProcess echo = ServerProcess.socatEcho()) {
            Path ini = Files.createTempFile("chaos", ".ini");
            Files.writeString(ini, String.join("\n", "[vaurien]", "proxy = 127.0.0.1:0",
                    "backend = 127.0.0.1:" + echo.port(), "behavior = 100:delay", "", "[behavior:delay]", "sleep = 0.4", ""));
            assertTrue(roundTripMillis(List.of("--config", ini.toString())) >= 400, "the section's sleep applies");
            assertTrue(roundTripMillis(List.of("--config", ini.toString(), "--behavior-delay-sleep", "0")) < 300,
                    "the flag overrides the file");
            assertFalse(roundTripMillis(List.of("--config", ini.toString(), "--behavior", "100:dummy")) >= 400,
                    "the mix flag overrides the file's mix");
        }
    }

    private static long roundTripMillis(List<String> args) throws Exception {
        try (VaurienProcess v = VaurienProcess.start(args.toArray(new String[0]));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), v.port())) {
            s.setSoTimeout(5000);
            byte[] ping = "ping\n".getBytes(StandardCharsets.US_ASCII);
            long start = System.nanoTime();
            s.getOutputStream().write(ping);
            assertEquals(Outcome.ECHOED, Wire.read(s, ping));
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    @Test
    void aUsersBehaviorIsLoadedFromTheClassPathWithAClassLine() throws Exception {
        try (ServerProcess echo = ServerProcess.socatEcho()) {
            Path ini = Files.createTempFile("custom", ".ini");
            Files.writeString(ini, String.join("\n", "[vaurien]", "proxy = 127.0.0.1:0",
                    "backend = 127.0.0.1:" + echo.port(), "behavior = 100:first_slow", "",
                    "[behavior:first_slow]", "class = org.vaurien.examples.SlowStartBehavior", "first = 1", "sleep = 0.5", ""));
            List<String> cp = List.of(System.getProperty("vaurien.examples.jar"));
            List<String> args = new ArrayList<>(List.of("--config", ini.toString()));
            try (VaurienProcess v = VaurienProcess.start(cp, args.toArray(new String[0]));
                 Socket s = new Socket(InetAddress.getLoopbackAddress(), v.port())) {
                s.setSoTimeout(5000);
                byte[] ping = "ping\n".getBytes(StandardCharsets.US_ASCII);
                long[] millis = new long[2];
                for (int i = 0; i < 2; i++) {
                    long start = System.nanoTime();
                    s.getOutputStream().write(ping);
                    assertEquals(Outcome.ECHOED, Wire.read(s, ping));
                    millis[i] = (System.nanoTime() - start) / 1_000_000;
                }
                assertTrue(millis[0] >= 500 && millis[1] < 300, Arrays.toString(millis));
            }
        }
    }

    @Test
    void theDemoRunsWithNothingElseInstalled() throws Exception {
        VaurienProcess.Result r = VaurienProcess.run("demo", "--requests", "30", "--seed", "5");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("What the proxy drew"), r.output());
        assertTrue(r.output().contains("What the client saw"), r.output());
        assertEquals(30, r.output().lines().filter(l -> l.matches("  \\d+ .*")).count(), r.output());
        assertTrue(r.output().contains("HTTP 200"), r.output());
        // a blackout shows as what it is: the demo's client does not retry behind the user's back
        List<String> blackouts = r.output().lines().filter(l -> l.matches("  \\d+ +blackout .*")).toList();
        assertFalse(blackouts.isEmpty(), "seed 5 draws a blackout in 30 requests:\n" + r.output());
        assertTrue(blackouts.stream().allMatch(l -> l.contains("connection closed, no answer")), r.output());
    }
}
