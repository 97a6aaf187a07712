package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The vaurien command in front of nginx, with java.net.http as the client. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class StandaloneHttpTest {
    private static final int FILES = 100;
    private static Path root;
    private static byte[][] files;
    private static byte[] bigSha;
    private static ServerProcess nginx;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startNginx() throws Exception {
        root = Files.createTempDirectory("www");
        Random random = new Random(11);
        files = new byte[FILES][];
        for (int i = 0; i < FILES; i++) {
            files[i] = new byte[1 + random.nextInt(64 * 1024)];
            random.nextBytes(files[i]);
            Files.write(root.resolve("f" + i), files[i]);
        }
        byte[] big = new byte[50 << 20];
        random.nextBytes(big);
        Files.write(root.resolve("big"), big);
        bigSha = MessageDigest.getInstance("SHA-256").digest(big);
        nginx = ServerProcess.nginx(root);
    }

    @AfterAll
    static void stop() {
        nginx.close();
    }

    private static VaurienProcess vaurien(String... behavior) throws IOException {
        String[] args = new String[4 + behavior.length];
        System.arraycopy(new String[] {"--proxy", "127.0.0.1:0", "--backend", "127.0.0.1:" + nginx.port()}, 0, args, 0, 4);
        System.arraycopy(behavior, 0, args, 4, behavior.length);
        return VaurienProcess.start(args);
    }

    private static HttpRequest get(int port, String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + path)).timeout(timeout).build();
    }

    @Test
    void dummyPassesAThousandRequestsByteExactIncludingFiftyMegabytes() throws Exception {
        try (VaurienProcess v = vaurien("--behavior", "100:dummy")) {
            for (int i = 0; i < 999; i++) {
                HttpResponse<byte[]> r = CLIENT.send(get(v.port(), "f" + (i % FILES), Duration.ofSeconds(10)),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, r.statusCode());
                assertArrayEquals(files[i % FILES], r.body(), "request " + i);
            }
            HttpResponse<byte[]> big = CLIENT.send(get(v.port(), "big", Duration.ofSeconds(60)),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertArrayEquals(bigSha, MessageDigest.getInstance("SHA-256").digest(big.body()));
        }
    }

    @Test
    void blackoutAndAbortGiveTheClientAConnectionError() throws Exception {
        for (String behavior : new String[] {"100:blackout", "100:abort"}) {
            try (VaurienProcess v = vaurien("--behavior", behavior)) {
                IOException e = assertThrows(IOException.class, () -> CLIENT.send(get(v.port(), "f1", Duration.ofSeconds(10)),
                        HttpResponse.BodyHandlers.ofByteArray()), behavior);
                assertTrue(!(e instanceof HttpTimeoutException), behavior + " is a connection error, not a timeout: " + e);
            }
        }
    }

    @Test
    void hangGivesTheClientItsOwnReadTimeout() throws Exception {
        try (VaurienProcess v = vaurien("--behavior", "100:hang")) {
            long start = System.nanoTime();
            assertThrows(HttpTimeoutException.class, () -> CLIENT.send(get(v.port(), "f1", Duration.ofMillis(800)),
                    HttpResponse.BodyHandlers.ofByteArray()));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 700 && millis < 5000, "timed out after " + millis + " ms");
        }
    }

    @Test
    void delayWithSleepPointThreeAddsAtLeastThatMuch() throws Exception {
        try (VaurienProcess plain = vaurien(); VaurienProcess slow = vaurien("--behavior", "100:delay", "--behavior-delay-sleep", "0.3")) {
            long passing = timeOf(plain.port());
            long through = timeOf(slow.port());
            assertTrue(through >= 300 && through < 3000, "through delay " + through + " ms");
            // 10 ms of tolerance: the two round trips are measured separately
            assertTrue(through - passing >= 290, "through a passing proxy " + passing + " ms, through delay " + through + " ms");
        }
    }

    private static long timeOf(int port) throws Exception {
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        fresh.send(get(port, "f2", Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofByteArray());
        long start = System.nanoTime();
        HttpResponse<byte[]> r = fresh.send(get(port, "f3", Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        return (System.nanoTime() - start) / 1_000_000;
    }
}
