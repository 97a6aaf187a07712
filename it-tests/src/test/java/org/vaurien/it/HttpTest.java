package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code vaurien --protocol http} in front of nginx (static files, gzip-chunked, Host echo) and
 * the JDK's HTTP server (chunked echo of request bodies), with java.net.http and OkHttp.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HttpTest {
    private static final int FILES = 50;
    private static byte[][] files;
    private static byte[] big;
    private static ServerProcess nginx;
    private static HttpServer echo;
    private static final HttpClient JDK = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws IOException {
        Path root = Files.createTempDirectory("www");
        Random random = new Random(21);
        files = new byte[FILES][];
        for (int i = 0; i < FILES; i++) {
            files[i] = ("file " + i + " ").repeat(1 + random.nextInt(2000)).getBytes(StandardCharsets.US_ASCII);
            Files.write(root.resolve("f" + i), files[i]);
        }
        big = new byte[10 << 20];
        random.nextBytes(big);
        Files.write(root.resolve("big"), big);
        nginx = ServerProcess.nginx(root);
        echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        echo.createContext("/echo", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(200, 0);
            try (var out = x.getResponseBody()) {
                out.write(body);
            }
        });
        echo.start();
    }

    /**
     * {@code --seed} reproduces everything, not only where the faults land: the same 60 requests,
     * one after the other, through a 30 % error mix with {@code error = 0} (a status drawn among
     * 500, 502, 503, 504) give the client the same bytes in two runs with one seed (nginx's
     * clock, in its Date header, masked), and other bytes with another seed.
     */
    @Test
    void aSeededRunGivesTheClientTheSameBytesTwice() throws Exception {
        String first = seededTranscript(7);
        String second = seededTranscript(7);
        assertEquals(first, second, "two runs with --seed 7");
        long statuses = List.of("500", "502", "503", "504").stream().filter(s -> first.contains("HTTP/1.1 " + s + " ")).count();
        assertTrue(statuses >= 2, "errors with several statuses, drawn: " + statuses);
        assertTrue(!first.equals(seededTranscript(8)), "another seed, other faults");
    }

    /** What a client reads, byte for byte, from 60 GETs made one at a time, each on its own connection. */
    private static String seededTranscript(long seed) throws Exception {
        StringBuilder transcript = new StringBuilder();
        try (VaurienProcess v = VaurienProcess.proxy(nginx.port(), "http", "--behavior", "30:error",
                "--protocol-http-error", "0", "--seed", Long.toString(seed))) {
            for (int i = 0; i < 60; i++) {
                try (Socket s = new Socket("127.0.0.1", v.port())) {
                    s.setSoTimeout(5000);
                    s.getOutputStream().write(("GET /f" + (i % FILES) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    transcript.append(new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)).append("\n---\n");
                }
            }
        }
        return transcript.toString().replaceAll("Date: [^\r]*", "Date: (masked)");
    }

    @AfterAll
    static void stop() {
        nginx.close();
        echo.stop(0);
    }

    private static VaurienProcess proxy(int port, String... more) throws IOException {
        return VaurienProcess.proxy(port, "http", more);
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + path)).timeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void dummyPassesRequestsChunkedBodiesHeadAndTenMegabytesWithBothClients() throws Exception {
        try (VaurienProcess v = proxy(nginx.port(), "--behavior", "100:dummy")) {
            for (int i = 0; i < 1000; i++) {
                HttpResponse<byte[]> r = JDK.send(get(v.port(), "f" + i % FILES), HttpResponse.BodyHandlers.ofByteArray());
                assertArrayEquals(files[i % FILES], r.body(), "request " + i);
            }
            HttpResponse<byte[]> gz = JDK.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + v.port() + "/gz/f3"))
                    .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(""));
            assertArrayEquals(files[3], new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes());
            HttpResponse<Void> head = JDK.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + v.port() + "/big"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(Long.toString(big.length), head.headers().firstValue("Content-Length").orElse(""));
            OkHttpClient ok = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();
            try (Response r = ok.newCall(new Request.Builder().url("http://127.0.0.1:" + v.port() + "/big").build()).execute()) {
                assertArrayEquals(big, r.body().bytes());
            }
        }
        try (VaurienProcess v = proxy(echo.getAddress().getPort(), "--behavior", "100:dummy")) {
            byte[] body = new byte[3 << 20];
            new Random(2).nextBytes(body);
            HttpResponse<byte[]> r = JDK.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + v.port() + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertArrayEquals(body, r.body(), "a request body by Content-Length, a response body in chunks");
            OkHttpClient ok = new OkHttpClient();
            okhttp3.MediaType type = okhttp3.MediaType.get("application/octet-stream");
            RequestBody streamed = new RequestBody() {
                @Override
                public okhttp3.MediaType contentType() {
                    return type;
                }

                @Override
                public void writeTo(okio.BufferedSink sink) throws IOException {
                    sink.write(body);
                }
            };
            try (Response chunked = ok.newCall(new Request.Builder().url("http://127.0.0.1:" + v.port() + "/echo").post(streamed).build()).execute()) {
                assertArrayEquals(body, chunked.body().bytes(), "a chunked request body");
            }
        }
    }

    @Test
    void thePipelineOfAThousandRequestsKeepsItsOrder() throws Exception {
        try (VaurienProcess v = proxy(nginx.port(), "--behavior", "100:dummy"); Socket s = new Socket("127.0.0.1", v.port())) {
            s.setSoTimeout(20_000);
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                pipeline.append("GET /f").append(i % FILES).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            s.getOutputStream().write(pipeline.toString().getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(s.getInputStream());
            for (int i = 0; i < 1000; i++) {
                RawResponse r = RawResponse.read(in);
                assertEquals(200, r.status());
                assertArrayEquals(files[i % FILES], r.body(), "response " + i);
            }
        }
    }

    @Test
    void aMatcherAimsTheErrorAtOneEndpointAndAPathOnTcpIsRefused() throws Exception {
        // f1 and f2 are nginx's files; only GETs of /f2 with the tenant header get the error
        try (VaurienProcess v = proxy(nginx.port(), "--behavior", "100:error",
                "--behavior-error-match", "method=GET & path=/f2 & header:X-Tenant=ac*")) {
            HttpRequest tenant = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + v.port() + "/f2"))
                    .header("X-Tenant", "acme").timeout(Duration.ofSeconds(20)).build();
            assertTrue(JDK.send(tenant, HttpResponse.BodyHandlers.ofString()).statusCode() >= 500);
            assertEquals(200, JDK.send(get(v.port(), "f2"), HttpResponse.BodyHandlers.ofString()).statusCode(), "no header");
            assertEquals(200, JDK.send(get(v.port(), "f1"), HttpResponse.BodyHandlers.ofString()).statusCode(), "another path");
        }
        // the short form: METHOD PATH
        try (VaurienProcess v = proxy(nginx.port(), "--behavior", "100:error", "--behavior-error-match", "GET /f*2")) {
            assertTrue(JDK.send(get(v.port(), "f2"), HttpResponse.BodyHandlers.ofString()).statusCode() >= 500);
            assertEquals(200, JDK.send(get(v.port(), "f1"), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        VaurienProcess.Result refused = VaurienProcess.run("--proxy", "127.0.0.1:0", "--backend", "127.0.0.1:" + nginx.port(),
                "--protocol", "tcp", "--behavior", "100:error", "--behavior-error-match", "path=/f2");
        assertEquals(2, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("behavior 'error', option 'match': 'path' cannot apply to protocol 'tcp'"
                + " (it has no fields to match)") && !refused.output().contains("\tat "), refused.output());
    }

    @Test
    void errorIsARealFiveHundredResponseAndTheNextRequestPasses() throws Exception {
        try (VaurienProcess v = proxy(nginx.port(), "--behavior", "100:transient")) {
            HttpResponse<String> r = JDK.send(get(v.port(), "f1"), HttpResponse.BodyHandlers.ofString());
            assertTrue(List.of(500, 502, 503, 504).contains(r.statusCode()), "status " + r.statusCode());
            assertTrue(r.body().startsWith("Vaurien injected this error: " + r.statusCode()), r.body());
            assertEquals("close", r.headers().firstValue("Connection").orElse(""));
            assertArrayEquals(files[2], JDK.send(get(v.port(), "f2"), HttpResponse.BodyHandlers.ofByteArray()).body());
        }
        try (VaurienProcess v = proxy(nginx.port(), "--behavior", "100:error", "--protocol-http-error", "503")) {
            OkHttpClient ok = new OkHttpClient();
            try (Response r = ok.newCall(new Request.Builder().url("http://127.0.0.1:" + v.port() + "/f1").build()).execute()) {
                assertEquals(503, r.code());
                assertEquals("Service Unavailable", r.message());
                assertTrue(r.body().string().contains("503 Service Unavailable"));
            }
        }
    }

    @Test
    void aThirtyPercentErrorMixLandsEachResponseOnItsRequest() throws Exception {
        try (VaurienProcess v = proxy(nginx.port(), "--behavior", "30:error", "--seed", "5")) {
            int errors = 0;
            for (int i = 0; i < 300; i++) {
                HttpResponse<byte[]> r = JDK.send(get(v.port(), "f" + i % FILES), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 200) {
                    assertArrayEquals(files[i % FILES], r.body(), "request " + i);
                } else {
                    assertTrue(r.statusCode() >= 500, "request " + i + ": " + r.statusCode());
                    errors++;
                }
            }
            assertTrue(errors >= 60 && errors <= 120, errors + " errors in 300");
        }
        try (VaurienProcess v = proxy(nginx.port(), "--behavior", "30:error", "--seed", "5"); Socket s = new Socket("127.0.0.1", v.port())) {
            s.setSoTimeout(20_000);
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                pipeline.append("GET /f").append(i % FILES).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            s.getOutputStream().write(pipeline.toString().getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(s.getInputStream());
            int i = 0;
            RawResponse r;
            while ((r = RawResponse.read(in)).status() == 200) {
                assertArrayEquals(files[i % FILES], r.body(), "pipelined response " + i);
                i++;
            }
            assertTrue(r.status() >= 500, "the first error takes the place of response " + i);
            assertEquals(-1, in.read(), "and says Connection: close, as the proxy then does");
        }
    }

    @Test
    void theHostHeaderIsRewrittenToTheBackendUnlessTurnedOff() throws Exception {
        try (VaurienProcess v = proxy(nginx.port(), "--behavior", "100:dummy")) {
            assertEquals("127.0.0.1:" + nginx.port(), JDK.send(get(v.port(), "host"), HttpResponse.BodyHandlers.ofString()).body());
        }
        try (VaurienProcess v = proxy(nginx.port(), "--protocol-http-overwrite-host-header", "false")) {
            assertEquals("127.0.0.1:" + v.port(), JDK.send(get(v.port(), "host"), HttpResponse.BodyHandlers.ofString()).body());
        }
    }

    @Test
    void hangBlackoutAbortAndDelayGiveTheFailuresOfProduction() throws Exception {
        try (VaurienProcess v = proxy(nginx.port(), "--behavior", "100:hang")) {
            assertThrows(HttpTimeoutException.class, () -> JDK.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + v.port() + "/f1"))
                    .timeout(Duration.ofMillis(700)).build(), HttpResponse.BodyHandlers.ofByteArray()));
            OkHttpClient ok = new OkHttpClient.Builder().readTimeout(700, TimeUnit.MILLISECONDS).retryOnConnectionFailure(false).build();
            assertThrows(SocketTimeoutException.class,
                    () -> ok.newCall(new Request.Builder().url("http://127.0.0.1:" + v.port() + "/f1").build()).execute());
        }
        for (String behavior : List.of("100:blackout", "100:abort")) {
            try (VaurienProcess v = proxy(nginx.port(), "--behavior", behavior)) {
                IOException e = assertThrows(IOException.class, () -> JDK.send(get(v.port(), "f1"), HttpResponse.BodyHandlers.ofByteArray()));
                assertTrue(!(e instanceof HttpTimeoutException), e.toString());
                OkHttpClient ok = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
                assertThrows(IOException.class, () -> ok.newCall(new Request.Builder().url("http://127.0.0.1:" + v.port() + "/f1").build()).execute());
            }
        }
        try (VaurienProcess v = proxy(nginx.port(), "--behavior", "100:delay", "--behavior-delay-sleep", "0.3", "--behavior-delay-before", "false")) {
            long start = System.nanoTime();
            assertArrayEquals(files[1], JDK.send(get(v.port(), "f1"), HttpResponse.BodyHandlers.ofByteArray()).body());
            assertTrue(System.nanoTime() - start >= 300_000_000L);
        }
    }

    /** A response read off a raw pipelined connection (Content-Length framed, as nginx sends files). */
    record RawResponse(int status, byte[] body) {
        static RawResponse read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = 0;
            String header;
            while (!(header = line(in)).isEmpty()) {
                if (header.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(15).trim());
                }
            }
            return new RawResponse(status, in.readNBytes(length));
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder s = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    s.append((char) b);
                }
            }
            return s.toString();
        }
    }
}
