package org.vaurien.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vaurien.BadInputException;
import org.vaurien.VaurienProxy;

/** The extension, used the way Vaurien's Python example used {@code with client.with_behavior('error')}. */
// the README's idiom: try (var b = proxy.withBehavior(...)) { ... } holds a behavior for a block
@SuppressWarnings("try")
@ExtendWith(VaurienExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChaosProxyTest {
    private static final HttpServer BACKEND = backend();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ChaosProxy(backend = "127.0.0.1:${chaos.backend.port}", protocol = "http")
    VaurienProxy proxy;

    @ChaosProxy(backend = "127.0.0.1:${chaos.backend.port}", protocol = "http", behavior = "100:delay", options = "delay.sleep=0.2")
    static VaurienProxy slow;

    private static HttpServer backend() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
            s.createContext("/", x -> {
                byte[] body = "hello".getBytes();
                x.sendResponseHeaders(200, body.length);
                x.getResponseBody().write(body);
                x.close();
            });
            s.start();
            System.setProperty("chaos.backend.port", Integer.toString(s.getAddress().getPort()));
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        BACKEND.stop(0);
    }

    private static int status(VaurienProxy p) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void normalThenErrorForABlockThenNormalAgain() throws Exception {
        assertEquals(200, status(proxy));
        try (var b = proxy.withBehavior("error", Map.of("warmup", 0))) {
            int s = status(proxy);
            assertTrue(s >= 500, "in the block, the protocol's own error: " + s);
            assertEquals("100:error", proxy.behavior());
        }
        assertEquals(200, status(proxy));
        assertEquals("100:dummy", proxy.behavior(), "the previous behavior is back");
    }

    @Test
    void withBehaviorRestoresAMixWithItsOptions(@ChaosProxy(backend = "127.0.0.1:${chaos.backend.port}",
            behavior = "30:delay", options = "delay.sleep=0.4") VaurienProxy mixed) {
        try (var b = mixed.withBehavior("error")) {
            assertEquals("100:error", mixed.behavior());
        }
        assertEquals("30:delay", mixed.behavior());
        assertEquals("0.4", mixed.behaviorOptions().get("delay").get("sleep"));
    }

    @Test
    void aStaticFieldIsSharedAndItsOptionsApply() throws Exception {
        long start = System.nanoTime();
        assertEquals(200, status(slow));
        assertTrue(System.nanoTime() - start >= 200_000_000L);
    }

    @Test
    void aBadBehaviorIsRefusedAndChangesNothing() {
        BadInputException e = assertThrows(BadInputException.class, () -> proxy.setBehavior("delay", Map.of("sleep", "soon")));
        assertTrue(e.getMessage().contains("'soon' is not a number"), e.getMessage());
        assertEquals("100:dummy", proxy.behavior());
    }
}
