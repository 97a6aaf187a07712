package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.Server;
import java.io.IOException;
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
