package org.vaurien.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.config.HostPort;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.Registry;
import org.vaurien.engine.Engine;
import org.vaurien.engine.ProxyServer;

/** The user's plug-ins, found by ServiceLoader like the built-in ones, doing their job. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExamplesTest {
    private static final Engine ENGINE = new Engine(1, true);
    private static ServerSocket backend;
    private static final AtomicLong linesSeen = new AtomicLong();

    /** A line echo server: answers each line with the same line. */
    @BeforeAll
    static void startBackend() throws IOException {
        backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!backend.isClosed()) {
                try {
                    Socket s = backend.accept();
                    Thread c = new Thread(() -> echoLines(s));
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private static void echoLines(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = s.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                linesSeen.incrementAndGet();
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException ignored) {
            // client gone
        }
    }

    @AfterAll
    static void stop() throws IOException {
        backend.close();
    }

    private static ProxyServer proxy(String protocol, String mix, Long seed) {
        return ENGINE.start(ProxyConfig.builder().listen(new HostPort("127.0.0.1", 0))
                .backend(new HostPort("127.0.0.1", backend.getLocalPort()))
                .protocol(protocol).behavior(mix).seed(seed)
                .behaviorOption("slow_start", "sleep", "0.2").behaviorOption("slow_start", "slow_exchanges", "2")
                .build(), Registry.load());
    }

    @Test
    void aPipelinedBatchKeepsItsOrderAndEachErrorTakesThePlaceOfItsResponse() throws IOException {
        int n = 1000;
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < n; i++) {
            batch.append("line ").append(i).append('\n');
        }
        linesSeen.set(0);
        try (ProxyServer p = proxy("line", "30:error", 7L);
             Socket s = new Socket(InetAddress.getLoopbackAddress(), p.port())) {
            s.getOutputStream().write(batch.toString().getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            int errors = 0;
            for (int i = 0; i < n; i++) {
                String line = in.readLine();
                if (line.equals("ERROR injected by vaurien")) {
                    errors++;
                } else {
                    assertEquals("line " + i, line, "reply " + i + " answers request " + i);
                }
            }
            assertTrue(errors > 240 && errors < 360, errors + " errors in " + n);
            assertEquals(n - errors, linesSeen.get(), "the backend saw exactly the requests that were not errors");
        }
    }

    @Test
    void slowStartDelaysOnlyTheFirstExchangesOfEachConnection() throws IOException {
        try (ProxyServer p = proxy("line", "100:slow_start", null);
             Socket s = new Socket(InetAddress.getLoopbackAddress(), p.port())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            long[] millis = new long[4];
            for (int i = 0; i < 4; i++) {
                long start = System.nanoTime();
                s.getOutputStream().write(("hello " + i + "\n").getBytes(StandardCharsets.UTF_8));
                assertEquals("hello " + i, in.readLine());
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
            assertTrue(millis[0] >= 200 && millis[1] >= 200, "first two slow: " + Arrays.toString(millis));
            assertTrue(millis[2] < 150 && millis[3] < 150, "then fast: " + Arrays.toString(millis));
        }
    }

    @Test
    void truncateCutsEachResponseAfterItsBytesAndClosesTheConnection() throws IOException {
        try (ProxyServer p = ENGINE.start(ProxyConfig.builder().listen(new HostPort("127.0.0.1", 0))
                .backend(new HostPort("127.0.0.1", backend.getLocalPort())).protocol("line").behavior("100:truncate")
                .behaviorOption("truncate", "bytes", "7").build(), Registry.load());
             Socket s = new Socket(InetAddress.getLoopbackAddress(), p.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("a line long enough to be cut\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("a line ", new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    "seven bytes of the answer, then the end of the connection");
        }
    }
}
