package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.Client;

/**
 * The agent in applications that know nothing of it, on JDK 17 and 25: Jedis, Lettuce and Vert.x to
 * redis-server, MariaDB Connector/J to MariaDB, java.net.http and OkHttp to nginx, a socket, a
 * socket channel and an asynchronous channel to an echo server. The test drives the embedded
 * proxies through the agent's control API, from {@code dummy} to {@code error} to the connect
 * faults, and checks that a target the agent does not match (the same servers behind socat) is
 * untouched throughout.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AgentClientsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ServerProcess redis;
    private static ServerProcess mariadb;
    private static ServerProcess postgres;
    private static ServerProcess nginx;
    private static ServerProcess echo;
    /** The same servers behind socat, on ports no target matches. */
    private static final Map<String, ServerProcess> UNMATCHED = new LinkedHashMap<>();

    /** Client library, the target (proxy) it talks to. */
    private static final Map<String, String> CLIENTS = new LinkedHashMap<>();

    static {
        CLIENTS.put("jedis", "redis");
        CLIENTS.put("lettuce", "redis");
        CLIENTS.put("vertx", "redis");
        CLIENTS.put("jdbc", "mysql");
        CLIENTS.put("http", "http");
        CLIENTS.put("okhttp", "http");
        CLIENTS.put("hc5", "http");
        CLIENTS.put("hc5async", "http");
        CLIENTS.put("hikari", "mysql");
        CLIENTS.put("pg", "postgres");
        CLIENTS.put("socket", "echo");
        CLIENTS.put("channel", "echo");
        CLIENTS.put("async", "echo");
    }

    @BeforeAll
    static void servers() throws IOException {
        Path root = Files.createTempDirectory("www");
        Files.writeString(root.resolve("index.html"), "hello from nginx\n");
        redis = ServerProcess.redis();
        mariadb = ServerProcess.mariadb();
        postgres = PostgresServer.start();
        nginx = ServerProcess.nginx(root);
        echo = ServerProcess.socatEcho();
        for (Map.Entry<String, ServerProcess> e : Map.of("redis", redis, "mysql", mariadb, "postgres", postgres,
                "http", nginx, "echo", echo).entrySet()) {
            UNMATCHED.put(e.getKey(), ServerProcess.socatForward(e.getValue().port()));
        }
    }

    @AfterAll
    static void stop() {
        UNMATCHED.values().forEach(ServerProcess::close);
        for (ServerProcess s : new ServerProcess[] {redis, mariadb, postgres, nginx, echo}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void onJdk17() throws Exception {
        Path recording = Files.createTempFile("agent", ".jfr");
        exercise(AppProcess.javaHome(), "-XX:StartFlightRecording=filename=" + recording + ",dumponexit=true");
        // every fault is a JFR event, readable with the JDK's own tool
        Process jfr = new ProcessBuilder(AppProcess.javaHome().resolve("bin/jfr").toString(), "print", "--events",
                "org.vaurien.Fault", recording.toString()).redirectErrorStream(true).start();
        String events = new String(jfr.getInputStream().readAllBytes());
        assertTrue(events.contains("behavior = \"error\"") && events.contains("target = \"redis\""), events);
        assertTrue(events.contains("behavior = \"refuse\"") && events.contains("direction = \"connect\""), events);
        // the same fields as the fault log: the client, the phase, the parameters, the seed
        assertTrue(events.contains("client = \"127.0.0.1:") && events.contains("phase = \"request\""), events);
        assertTrue(events.contains("parameters = \"{") && events.contains("seed = -1"), events);
    }

    @Test
    void onJdk25() throws Exception {
        assumeTrue(AppProcess.jdk25() != null, AppProcess.NO_JDK25);
        exercise(AppProcess.jdk25());
    }

    private void exercise(Path javaHome, String... jvmFlags) throws Exception {
        Path config = Files.createTempFile("chaos", ".ini");
        Path log = Files.createTempFile("agent", ".log");
        Files.writeString(config, String.join("\n",
                "[vaurien]", "http = true", "http_port = 0", "log_output = " + log,
                "[target:redis]", "match = 127.0.0.1:" + redis.port(), "protocol = redis", "behavior = 100:dummy",
                "[target:mysql]", "match = 127.0.0.1:" + mariadb.port(), "protocol = mysql", "behavior = 100:dummy",
                "[target:postgres]", "match = 127.0.0.1:" + postgres.port(), "protocol = postgres", "behavior = 100:dummy",
                "[target:http]", "match = 127.0.0.1:" + nginx.port(), "protocol = http", "behavior = 100:dummy",
                "[target:echo]", "match = 127.0.0.1:" + echo.port(), "protocol = tcp", "behavior = 100:dummy",
                "[behavior:connect_timeout]", "timeout = 1000",
                "[behavior:slow_connect]", "delay = 700", ""));
        try (AppProcess app = AppProcess.start(javaHome, config.toString(), jvmFlags)) {
            assertTrue(app.stderrShows("vaurien agent: active", 10), app.stderr());
            int apiPort = app.controlPort();
            Client api = new Client("http://127.0.0.1:" + apiPort);

            // 100 % dummy: every client works as without the agent, and its connects went through the proxies
            Map<String, Long> before = accepted(apiPort);
            for (String client : CLIENTS.keySet()) {
                assertWorks(app, client, target(CLIENTS.get(client)));
            }
            Map<String, Long> after = accepted(apiPort);
            for (String proxy : List.of("redis", "mysql", "postgres", "http", "echo")) {
                assertTrue(after.get(proxy) > before.getOrDefault(proxy, 0L), "no connection went through " + proxy + ": " + after);
            }
            // a redirected connection reports the address the application asked for, not the proxy's
            String socket = app.call("socket 127.0.0.1 " + echo.port());
            assertTrue(socket.contains("remote=/127.0.0.1:" + echo.port() + " inet=127.0.0.1 port=" + echo.port()), socket);
            String channel = app.call("channel 127.0.0.1 " + echo.port());
            assertTrue(channel.contains("remote=/127.0.0.1:" + echo.port() + " socket=/127.0.0.1:" + echo.port()), channel);
            String async = app.call("async 127.0.0.1 " + echo.port());
            assertTrue(async.contains("remote=/127.0.0.1:" + echo.port()), async);

            // 100 % error: each library raises its own error
            setAll(api, "error");
            assertFails(app, "jedis", "redis.clients.jedis.exceptions.JedisDataException");
            // the clients' handshakes (Lettuce's and Vert.x's HELLO) pass: the error lands on the commands
            assertFails(app, "lettuce", "io.lettuce.core.RedisCommandExecutionException: ERR Vaurien injected this error");
            assertFails(app, "vertx", "ERR Vaurien injected this error");
            assertFails(app, "jdbc", "java.sql.SQL");
            assertTrue(call(app, "http").startsWith("OK 50"), "java.net.http did not get the 5xx error");
            assertTrue(call(app, "okhttp").startsWith("OK 50"), "OkHttp did not get the 5xx error");
            assertTrue(call(app, "hc5").startsWith("OK 50"), "HttpClient 5 did not get the 5xx error");
            assertTrue(call(app, "hc5async").startsWith("OK 50"), "HttpClient 5 async did not get the 5xx error");
            // PostgreSQL's own error, SQLSTATE 40001, on the query: the login passed
            assertFails(app, "pg", "org.postgresql.util.PSQLException: ERROR: could not serialize access due to concurrent update");
            assertFails(app, "hikari", "com.zaxxer.hikari.pool.HikariPool$PoolInitializationException < java.sql.SQL");
            for (String raw : List.of("socket", "channel", "async")) {
                String line = call(app, raw);
                assertFalse(line.startsWith("OK hello"), raw + " got the echo through 100 % error: " + line);
            }
            assertUnmatchedUntouched(app);

            // connect faults: the JDK's own exceptions, through each library: refused exactly as a closed port is
            setAll(api, "refuse");
            int closed = ServerProcess.freePort();
            for (String client : CLIENTS.keySet()) {
                String line = call(app, client);
                String real = app.call(client + " 127.0.0.1 " + closed);
                assertTrue(line.startsWith("FAIL"), client + ": " + line);
                assertEquals(real.replaceAll("\\d+", "#"), line.replaceAll("\\d+", "#"), client);
            }
            assertUnmatchedUntouched(app);

            setAll(api, "unknown_host");
            for (String client : CLIENTS.keySet()) {
                String line = call(app, client);
                assertTrue(line.startsWith("FAIL") && (line.contains("UnknownHostException")
                        || line.contains("UnresolvedAddressException")), client + ": " + line);
            }

            setAll(api, "connect_timeout");
            for (String client : List.of("jedis", "vertx", "jdbc", "pg", "http", "okhttp", "hc5", "socket", "channel")) {
                long start = System.nanoTime();
                String line = call(app, client);
                double seconds = (System.nanoTime() - start) / 1e9;
                assertTrue(line.startsWith("FAIL") && (line.toLowerCase().contains("timed out")
                        || line.contains("Timeout")), client + ": " + line);
                // the application's own 1.5 s timeout fired (the channel, which has none, got the behavior's 1 s)
                assertTrue(seconds > 0.9 && seconds < 10, client + " failed after " + seconds + " s");
            }

            setAll(api, "slow_connect");
            long start = System.nanoTime();
            assertWorks(app, "jedis", target("redis"));
            assertTrue((System.nanoTime() - start) / 1e9 >= 0.6, "slow_connect did not hold the connect");
            start = System.nanoTime();
            assertWorks(app, "http", target("http"));
            assertTrue((System.nanoTime() - start) / 1e9 >= 0.6, "slow_connect did not hold java.net.http's connect");
            // a non-blocking connect is not held on the caller's thread: its completion comes late, and the
            // event loop goes on waking for its own work, neither stalled nor spinning
            Map<String, Long> nio = figures(app.call("nioloop " + target("echo")));
            assertTrue(nio.get("call") < 300 && nio.get("ready") >= 650 && nio.get("maxgap") < 300
                    && nio.get("wakeups") < 200, "non-blocking: " + nio);
            Map<String, Long> asynchronous = figures(app.call("asynctimed " + target("echo")));
            assertTrue(asynchronous.get("call") < 300 && asynchronous.get("ready") >= 650, "asynchronous: " + asynchronous);
            // a blocking connect whose own timeout is shorter than the delay times out, as over a slow network
            api.proxy("echo").setBehavior("slow_connect", Map.of("delay", 2500));
            start = System.nanoTime();
            String timedOut = call(app, "socket");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(timedOut.startsWith("FAIL java.net.SocketTimeoutException") && seconds >= 1.4 && seconds < 2.4,
                    timedOut + " after " + seconds + " s");

            setAll(api, "dummy");
            assertWorks(app, "lettuce", target("redis"));
            assertEquals(0, app.exit(), app.stderr());
            assertFalse(app.stderr().contains("Exception in thread"), app.stderr());
        }
        String logged = Files.readString(log);
        assertTrue(logged.contains("vaurien agent: active") && logged.contains("connects to 127.0.0.1:" + redis.port()), logged);
    }

    private static String target(String proxy) {
        ServerProcess s = switch (proxy) {
            case "redis" -> redis;
            case "mysql" -> mariadb;
            case "postgres" -> postgres;
            case "http" -> nginx;
            default -> echo;
        };
        return "127.0.0.1 " + s.port();
    }

    private static String call(AppProcess app, String client) {
        return app.call(client + " " + target(CLIENTS.get(client)));
    }

    private static void assertWorks(AppProcess app, String client, String hostPort) {
        String expected = switch (client) {
            case "jedis", "lettuce", "vertx" -> "OK agent-value";
            case "jdbc", "hikari", "pg" -> "OK 42";
            case "http", "okhttp", "hc5", "hc5async" -> "OK 200 hello from nginx";
            default -> "OK hello";
        };
        String line = app.call(client + " " + hostPort);
        assertTrue(line.startsWith(expected), () -> client + " to " + hostPort + ": " + line + "\n" + app.stderr());
    }

    private static void assertFails(AppProcess app, String client, String exception) {
        String line = call(app, client);
        assertTrue(line.startsWith("FAIL") && line.contains(exception), client + ": " + line);
    }

    /** The same servers on ports no target matches: every client works whatever the proxies do. */
    private static void assertUnmatchedUntouched(AppProcess app) {
        for (String client : CLIENTS.keySet()) {
            assertWorks(app, client, "127.0.0.1 " + UNMATCHED.get(CLIENTS.get(client)).port());
        }
    }

    private static void setAll(Client api, String behavior) {
        for (String proxy : List.of("redis", "mysql", "postgres", "http", "echo")) {
            api.proxy(proxy).setBehavior(behavior, Map.of());
        }
    }

    /** {@code OK name=number ...} as numbers by name. */
    private static Map<String, Long> figures(String line) {
        assertTrue(line.startsWith("OK "), line);
        Map<String, Long> figures = new LinkedHashMap<>();
        for (String pair : line.substring(3).trim().split(" ")) {
            String[] kv = pair.split("=");
            figures.put(kv[0], Long.parseLong(kv[1]));
        }
        return figures;
    }

    /** Connections each embedded proxy accepted, from the agent's /metrics. */
    static Map<String, Long> accepted(int apiPort) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Long> counts = new LinkedHashMap<>();
        Matcher m = Pattern.compile("vaurien_proxy_connections_total\\{proxy=\"([^\"]+)\"[^}]*} (\\d+)").matcher(metrics);
        while (m.find()) {
            counts.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return counts;
    }
}
