package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.cli.Main;

/**
 * {@code vaurien attach} into a running JVM that loops on Redis commands (a new Jedis
 * connection each time): a time-boxed session of errors that ends by itself, a second attach
 * with another configuration, detach; the application never restarts and its loop never dies.
 * Also: the agent with a broken configuration or a taken port leaves the application alone.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AgentAttachTest {
    private static ServerProcess redis;

    @BeforeAll
    static void start() throws IOException {
        redis = ServerProcess.redis();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void attachForFiveSecondsThenAnotherConfigThenDetachOnJdk17() throws Exception {
        attachSession(AppProcess.javaHome());
    }

    @Test
    void attachForFiveSecondsThenAnotherConfigThenDetachOnJdk25() throws Exception {
        assumeTrue(AppProcess.jdk25() != null, AppProcess.NO_JDK25);
        String out = attachSession(AppProcess.jdk25());
        assertTrue(out.contains("-XX:+EnableDynamicAgentLoading"), out);
    }

    private String attachSession(Path javaHome) throws Exception {
        String pid;
        StringBuilder said = new StringBuilder();
        try (AppProcess app = AppProcess.start(javaHome, null)) {
            pid = Long.toString(app.pid());
            app.send("loop jedis 127.0.0.1 " + redis.port() + " 50");
            awaitLine(app, l -> l.endsWith("OK agent-value"), 100);

            String errors = "match=127.0.0.1:" + redis.port() + ";protocol=redis;behavior=100:error";
            long attached = System.nanoTime();
            said.append(vaurien("attach", pid, errors, "--for", "5s"));
            awaitLine(app, l -> l.contains("JedisDataException"), 200);
            // the session ends by itself: the loop works again, about five seconds after the attach
            awaitLine(app, l -> l.endsWith("OK agent-value"), 400);
            double seconds = (System.nanoTime() - attached) / 1e9;
            assertTrue(seconds > 4 && seconds < 15, "the errors stopped " + seconds + " s after the attach");

            // attach again, another configuration, no end: refused connects until detach
            said.append(vaurien("attach", pid, "match=*:" + redis.port() + ";behavior=100:refuse"));
            awaitLine(app, l -> l.contains("Connection refused") || l.contains("Failed to connect"), 200);
            said.append(vaurien("detach", pid));
            awaitLine(app, l -> l.endsWith("OK agent-value"), 200);

            app.send("stop");
            awaitLine(app, l -> l.equals("STOPPED"), 100);
            assertTrue(app.alive());
            assertEquals(0, app.exit(), app.stderr());
            assertTrue(app.stderr().contains("session ended (its time is up)"), app.stderr());
            assertTrue(app.stderr().contains("session ended (detached)"), app.stderr());
        }
        return said.toString();
    }

    @Test
    void aConnectionOpenedDuringASessionReportsItsTargetAfterDetachToo() throws Exception {
        try (AppProcess app = AppProcess.start(AppProcess.javaHome(), null)) {
            String pid = Long.toString(app.pid());
            vaurien("attach", pid, "match=127.0.0.1:" + redis.port() + ";behavior=100:dummy");
            app.send("hold 127.0.0.1 " + redis.port());
            String during = awaitLine(app, l -> l.startsWith("OK socket="), 100);
            String target = "/127.0.0.1:" + redis.port();
            String expected = "OK socket=" + target + " inet=127.0.0.1 port=" + redis.port() + " channel=" + target;
            assertEquals(expected, during, "redirected, the connection reports the target the application asked for");
            vaurien("detach", pid);
            app.send("held");
            assertEquals(expected, awaitLine(app, l -> l.startsWith("OK socket="), 100), "and still does after detach");
        }
    }

    /** The agent's event loops stop when the JVM exits, but after the application's shutdown hooks. */
    @Test
    void theApplicationsShutdownHooksStillTalkThroughTheAgent() throws Exception {
        try (AppProcess app = AppProcess.start(AppProcess.javaHome(), "match=127.0.0.1:" + redis.port()
                + ";protocol=redis;behavior=100:error")) {
            assertEquals("OK registered", app.call("atexit jedis 127.0.0.1 " + redis.port()));
            assertEquals(0, app.exit(), app.stderr());
            String last = app.next(10);
            assertTrue(last != null && last.startsWith("EXIT FAIL redis.clients.jedis.exceptions.JedisDataException"),
                    "the hook's command met the injected error: " + last + "\n" + app.stderr());
        }
    }

    @Test
    void aBrokenConfigurationLeavesTheApplicationRunning() throws Exception {
        Path config = Files.createTempFile("broken", ".ini");
        Files.writeString(config, "[target:redis]\nmatch = 127.0.0.1:" + redis.port() + "\nbehavior = 100:eror\n");
        assertRunsUntouched(config.toString(), "unknown behavior 'eror'");
        assertRunsUntouched("/no/such/chaos.ini", "/no/such/chaos.ini");
    }

    @Test
    void aTakenControlPortLeavesTheApplicationRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertRunsUntouched("match=127.0.0.1:" + redis.port() + ";protocol=redis;behavior=100:error;http=true;http_port="
                    + taken.getLocalPort(), "address already in use");
        }
    }

    @Test
    void everyMistakeOfAConfigIsReportedAtOnceWithItsLine() throws Exception {
        Path config = Files.createTempFile("broken", ".ini");
        Files.writeString(config, String.join("\n", "[target:redis]", "match = 127.0.0.1:" + redis.port(),
                "behavior = abc", "[beavior:delay]", "sleep = 1", "[behavior:delay]", "sleep = -3", "[vaurien]",
                "http_port = 99999", "[target:other]", "protocol = redis", ""));
        assertRunsUntouched(config.toString(), "5 mistakes in " + config);
        try (AppProcess app = AppProcess.start(AppProcess.javaHome(), config.toString())) {
            String err = app.stderr();
            for (String line : List.of(config + ":3: ", config + ":4: unknown section [beavior:delay]", config + ":7: ",
                    config + ":9: ", config + ":10: [target:other] has no match")) {
                assertTrue(err.contains(line), "names " + line + " in:\n" + err);
            }
        }
    }

    @Test
    void attachWithABrokenConfigurationSaysWhyAndChangesNothing() throws Exception {
        try (AppProcess app = AppProcess.start(AppProcess.javaHome(), null)) {
            StringWriter err = new StringWriter();
            int status = Main.run(new String[] {"attach", Long.toString(app.pid()), "match=127.0.0.1:" + redis.port()
                    + ";behavior=100:nosuch", "--agent", AppProcess.agentJar().toString()}, new PrintWriter(new StringWriter()),
                    new PrintWriter(err));
            assertEquals(2, status);
            assertTrue(err.toString().contains("unknown behavior 'nosuch'"), err.toString());
            assertEquals("OK agent-value", app.call("jedis 127.0.0.1 " + redis.port()));
            assertEquals(0, app.exit(), app.stderr());
        }
    }

    /** With this agent argument, the agent says what is wrong and the application works as without it. */
    private static void assertRunsUntouched(String agentArg, String reason) throws Exception {
        try (AppProcess app = AppProcess.start(AppProcess.javaHome(), agentArg)) {
            // behavior=100:error would fail this command if the agent were active
            assertEquals("OK agent-value", app.call("jedis 127.0.0.1 " + redis.port()), app.stderr());
            assertEquals(0, app.exit(), app.stderr());
            assertTrue(app.stderr().contains(reason) && app.stderr().contains("the agent stays inactive"), app.stderr());
            assertTrue(!app.stderr().contains("Exception in thread"), app.stderr());
        }
    }

    private static String vaurien(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(Arrays.stream(args),
                Stream.of("--agent", AppProcess.agentJar().toString())).toArray(String[]::new);
        int status = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, status, () -> String.join(" ", args) + ": " + err);
        return out.toString();
    }

    /** Reads the application's lines until one matches; fails after {@code limit} lines or a silent minute. */
    private static String awaitLine(AppProcess app, Predicate<String> wanted, int limit) {
        for (int i = 0; i < limit; i++) {
            String line = app.next(60);
            if (line == null) {
                break;
            }
            if (wanted.test(line)) {
                return line;
            }
        }
        throw new AssertionError("the awaited line did not come; stderr:\n" + app.stderr());
    }
}
