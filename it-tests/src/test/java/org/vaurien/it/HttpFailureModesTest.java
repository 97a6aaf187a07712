package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.core5.util.TimeValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.BadInputException;
import org.vaurien.Vaurien;
import org.vaurien.VaurienProxy;

/**
 * HTTP's own failure modes, the {@code http_*} behaviors, in front of nginx: what java.net.http,
 * OkHttp and Apache HttpClient 5 each make of them, as an application would meet it.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HttpFailureModesTest {
    private static final String JSON = "{\"error\": \"overloaded\", \"retry\": true}";
    private static ServerProcess nginx;
    private static byte[] small;
    private static int ordersLength;

    @BeforeAll
    static void start() throws IOException {
        Path root = Files.createTempDirectory("www");
        Files.createDirectories(root.resolve("api"));
        // nginx's own types are not loaded: it serves this JSON as text/plain, unlike the injected 503
        byte[] orders = ("{\"orders\": [" + "1, ".repeat(5000) + "2]}").getBytes(StandardCharsets.US_ASCII);
        ordersLength = orders.length;
        Files.write(root.resolve("api/orders.json"), orders);
        small = "0123456789".repeat(4).getBytes(StandardCharsets.US_ASCII);
        Files.write(root.resolve("small.txt"), small);
        nginx = ServerProcess.nginx(root);
    }

    @AfterAll
    static void stop() {
        nginx.close();
    }

    private static VaurienProxy proxy(String behavior, String... options) {
        Vaurien.Builder b = Vaurien.proxy().backend("127.0.0.1:" + nginx.port()).protocol("http").behavior("100:" + behavior);
        for (String o : options) {
            String[] kv = o.split("=", 2);
            b.behaviorOption(behavior, kv[0], kv[1]);
        }
        return b.start();
    }

    private static String url(VaurienProxy p, String path) {
        return "http://127.0.0.1:" + p.port() + path;
    }

    @Test
    void aStatusWithHeadersAndAJsonBodyOnlyWhereTheMatcherSays() {
        try (VaurienProxy p = proxy("http_status", "status=503", "headers=Retry-After: 7 | X-Chaos: on", "body=" + JSON,
                "match=GET /api/*")) {
            String api = url(p, "/api/orders.json");
            String expected = "503 " + JSON.length() + " type=application/json retry-after=7";
            assertEquals(expected, ThreeHttpClients.jdk(api));
            assertEquals(expected, ThreeHttpClients.okhttp(api));
            assertEquals("200 " + small.length + " type=text/plain", ThreeHttpClients.jdk(url(p, "/small.txt")));
            assertEquals("200 " + small.length + " type=text/plain", ThreeHttpClients.okhttp(url(p, "/small.txt")));
            // HttpClient 5 retries a 503 once by itself, after the Retry-After it was given
            long before = System.nanoTime();
            assertEquals(expected, ThreeHttpClients.apache(api));
            assertTrue(System.nanoTime() - before >= TimeUnit.MILLISECONDS.toNanos(6500), "HttpClient 5 waited Retry-After's 7 s");
            assertEquals(4, p.faultCounts().get("http_status"), "jdk 1, okhttp 1, HttpClient 5 twice: " + p.faultCounts());
        }
    }

    @Test
    void firstTwoAttemptsFailAndTheClientsRetrySucceeds() {
        try (VaurienProxy p = proxy("http_status", "status=429", "headers=Retry-After: 0", "first=2")) {
            String api = url(p, "/api/orders.json");
            String ok = ThreeHttpClients.apache(api, new DefaultHttpRequestRetryStrategy(3, TimeValue.ofMilliseconds(50)));
            assertEquals("200 " + ordersLength + " type=text/plain", ok);
            assertEquals(2, p.faultCounts().get("http_status"));
            assertEquals(3, p.exchanges());
            // the 429s kept the connection open: the next client's request on a new one passes too
            assertEquals("200 " + ordersLength + " type=text/plain", ThreeHttpClients.okhttp(api));
        }
    }

    @Test
    void aRedirectLoop() {
        try (VaurienProxy p = proxy("http_redirect")) {
            String api = url(p, "/api/orders.json?page=2");
            // java.net.http makes 5 attempts (jdk.httpclient.redirects.retrylimit), then hands the application the last redirect
            assertEquals("302 0", ThreeHttpClients.jdk(api));
            assertEquals(5, p.exchanges());
            assertEquals("java.net.ProtocolException: Too many follow-up requests: 21", ThreeHttpClients.okhttp(api));
            assertEquals("org.apache.hc.client5.http.ClientProtocolException: Circular redirect to '" + api + "'",
                    ThreeHttpClients.apache(api));
        }
    }

    @Test
    void connectionCloseWithoutABody() {
        try (VaurienProxy p = proxy("http_empty")) {
            String api = url(p, "/api/orders.json");
            // a valid response: each client hands the application a 200 whose body is empty
            assertEquals("200 0", ThreeHttpClients.jdk(api));
            assertEquals("200 0", ThreeHttpClients.okhttp(api));
            assertEquals("200 0", ThreeHttpClients.apache(api));
        }
    }

    @Test
    void malformedResponses() {
        try (VaurienProxy p = proxy("http_malformed", "part=status")) {
            String api = url(p, "/api/orders.json");
            assertEquals("java.net.ProtocolException: Invalid status line: \"HTTP/1.1 2OO OK\"", ThreeHttpClients.jdk(api));
            assertEquals("java.net.ProtocolException: Unexpected status line: HTTP/1.1 2OO OK", ThreeHttpClients.okhttp(api));
            // HttpClient 5 skips lines that are no status line, as garbage before the response
            assertTrue(ThreeHttpClients.apache(api).startsWith("org.apache.hc.core5.http.NoHttpResponseException: "));
        }
        try (VaurienProxy p = proxy("http_malformed", "part=header")) {
            String api = url(p, "/api/orders.json");
            // java.net.http and OkHttp let a header line without a colon pass
            assertEquals("200 2", ThreeHttpClients.jdk(api));
            assertEquals("200 2", ThreeHttpClients.okhttp(api));
            assertEquals("org.apache.hc.client5.http.ClientProtocolException: Invalid header; error at offset 29:"
                    + " <this header line has no colon>", ThreeHttpClients.apache(api));
        }
        try (VaurienProxy p = proxy("http_malformed", "part=chunk")) {
            String api = url(p, "/api/orders.json");
            assertEquals("java.io.IOException: Illegal character in chunk size: 122", ThreeHttpClients.jdk(api));
            assertEquals("java.net.ProtocolException: Expected leading [0-9a-fA-F] character but was 0x7a",
                    ThreeHttpClients.okhttp(api));
            assertEquals("org.apache.hc.core5.http.MalformedChunkCodingException: Bad chunk header: zz", ThreeHttpClients.apache(api));
        }
    }

    @Test
    void aBodyCutShortOfItsContentLength() {
        try (VaurienProxy p = proxy("http_cut", "body_bytes=100", "match=path=/api/*")) {
            String api = url(p, "/api/orders.json");
            assertEquals("java.io.IOException: fixed content-length: " + ordersLength + ", bytes received: 100",
                    ThreeHttpClients.jdk(api));
            assertEquals("java.net.ProtocolException: unexpected end of stream", ThreeHttpClients.okhttp(api));
            assertEquals("org.apache.hc.core5.http.ConnectionClosedException: Premature end of Content-Length delimited"
                    + " message body (expected: " + ordersLength + "; received: 100)", ThreeHttpClients.apache(api));
            assertEquals("200 " + small.length + " type=text/plain", ThreeHttpClients.jdk(url(p, "/small.txt")));
        }
    }

    @Test
    void aDrippedBodyArrivesWholeAndLate() throws Exception {
        try (VaurienProxy p = proxy("http_drip", "bytes=8", "interval=0.1")) {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(p, "/small.txt"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertArrayEquals(small, r.body());
        }
    }

    /**
     * Drips slower than the read timeout: OkHttp and HttpClient 5 time out a read; java.net.http
     * has the head at once and no timeout on the body, so only the application's own limit ends it.
     */
    @Test
    void aDripSlowerThanTheReadTimeout() throws Exception {
        try (VaurienProxy p = proxy("http_drip", "bytes=1", "interval=3")) {
            String api = url(p, "/api/orders.json");
            // OkHttp's message depends on which timer fires first: okio's ("timeout") or the socket's ("Read timed out")
            assertTrue(ThreeHttpClients.okhttp(api).startsWith("java.net.SocketTimeoutException: "));
            assertEquals("java.net.SocketTimeoutException: Read timed out", ThreeHttpClients.apache(api));
            long before = System.nanoTime();
            HttpResponse<InputStream> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api))
                    .timeout(ThreeHttpClients.TIMEOUT).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, head.statusCode());
            assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(2), "the head came at once");
            try (InputStream body = head.body()) {
                CompletableFuture<byte[]> all = CompletableFuture.supplyAsync(() -> {
                    try {
                        return body.readAllBytes();
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                assertThrows(TimeoutException.class, () -> all.get(ThreeHttpClients.TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS));
            }
        }
    }

    @Test
    void mistakesAreNamed() {
        BadInputException wrongProtocol = assertThrows(BadInputException.class, () -> Vaurien.proxy()
                .backend("127.0.0.1:" + nginx.port()).protocol("redis").behavior("100:http_status").start());
        assertEquals("behavior 'http_status' works only with protocol 'http', and this proxy's protocol is 'redis'",
                wrongProtocol.getMessage());
        BadInputException header = assertThrows(BadInputException.class, () -> proxy("http_status", "headers=Retry-After 5"));
        assertEquals("behavior 'http_status', option 'headers': 'Retry-After 5' is not a header line (Name: value;"
                + " several are separated by |)", header.getMessage());
        BadInputException redirect = assertThrows(BadInputException.class, () -> proxy("http_redirect", "status=305"));
        assertTrue(redirect.getMessage().contains("305 is not a redirect"), redirect.getMessage());
        BadInputException stacked = assertThrows(BadInputException.class, () -> Vaurien.proxy()
                .backend("127.0.0.1:" + nginx.port()).protocol("http").stack("http_drip").start());
        assertTrue(stacked.getMessage().startsWith("behavior 'http_drip' acts on one exchange at a time"), stacked.getMessage());
    }
}
