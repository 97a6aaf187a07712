package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gRPC on its defaults: its shaded Netty connects through the epoll transport, past the JDK's
 * sockets. The agent reaches it where Netty hands the address to native code.
 */
class AgentNativeTransportTest {
    private static Server server;

    @BeforeAll
    static void start() throws IOException {
        server = GrpcEcho.start();
    }

    @AfterAll
    static void stop() {
        server.shutdownNow();
    }

    @Test
    void grpcOnEpollGetsTheFaultsOnJdk17() throws Exception {
        exercise(AppProcess.javaHome());
    }

    @Test
    void aSlowConnectGoesAtOnceAndTheAgentSaysSoOnceOnStderrAndInJfr() throws Exception {
        Path recording = Files.createTempFile("agent", ".jfr");
        String call = "grpc 127.0.0.1 " + server.getPort();
        try (AppProcess app = AppProcess.start(AppProcess.javaHome(), "match=127.0.0.1:" + server.getPort()
                + ";behavior=100:slow_connect;slow_connect.delay=5000",
                "-XX:StartFlightRecording=filename=" + recording + ",dumponexit=true")) {
            long start = System.nanoTime();
            assertEquals("OK epoll=true echo ping", app.call(call));
            assertEquals("OK epoll=true echo ping", app.call(call));
            // held, the two would take 10 s; gRPC's first call in a new JVM takes its own time
            assertTrue(System.nanoTime() - start < 4_500_000_000L, "the connects were held");
            assertEquals(0, app.exit(), app.stderr());
            String said = "slow_connect cannot hold a connect made through Netty's native transport";
            assertEquals(1, app.stderr().split(said, -1).length - 1, "said once: " + app.stderr());
        }
        Process jfr = new ProcessBuilder(AppProcess.javaHome().resolve("bin/jfr").toString(), "print", "--events",
                "org.vaurien.Notice", recording.toString()).redirectErrorStream(true).start();
        String events = new String(jfr.getInputStream().readAllBytes());
        assertTrue(events.contains("org.vaurien.Notice") && events.contains("-Dio.netty.transport.noNative=true"), events);
    }

    @Test
    void grpcOnEpollGetsTheFaultsOnJdk25() throws Exception {
        assumeTrue(AppProcess.jdk25() != null, AppProcess.NO_JDK25);
        exercise(AppProcess.jdk25());
    }

    private static void exercise(Path javaHome) throws Exception {
        String target = "match=127.0.0.1:" + server.getPort() + ";behavior=";
        String call = "grpc 127.0.0.1 " + server.getPort();
        try (AppProcess app = AppProcess.start(javaHome, target + "100:dummy")) {
            assertEquals("OK epoll=true echo ping", app.call(call), "through the embedded proxy, on epoll: " + app.stderr());
        }
        try (AppProcess app = AppProcess.start(javaHome, target + "100:refuse")) {
            String result = app.call(call);
            assertTrue(result.startsWith("FAIL io.grpc.StatusRuntimeException") && result.contains("Connection refused"), result);
        }
        try (AppProcess app = AppProcess.start(javaHome, target + "100:unknown_host")) {
            String result = app.call(call);
            assertTrue(result.startsWith("FAIL io.grpc.StatusRuntimeException") && result.contains("UnknownHostException"),
                    result);
        }
        // cut by the embedded proxy after the request: the connect went through it
        try (AppProcess app = AppProcess.start(javaHome, target + "100:abort")) {
            String result = app.call(call);
            // UNAVAILABLE, its cause the cut connection as the transport met it (a reset, a broken pipe)
            assertTrue(result.startsWith("FAIL io.grpc.StatusRuntimeException"), result);
        }
    }
}
