package org.vaurien.behaviors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.testkit.Wire;
import org.vaurien.testkit.Wire.Outcome;
import org.vaurien.engine.Plan;
import org.vaurien.testkit.TestBackend;

/**
 * Latency and bandwidth through the engine with real sockets: their times and paces, with the
 * margins a busy two-core machine keeps (StageTimingTest checks them exactly, without sockets).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LatencyBandwidthTest {
    /**
     * The engine honours a latency's times on real sockets (StageTimingTest checks the times
     * themselves exactly): every round trip is at least the latency less its jitter, and on
     * average not far above it, with margins a busy two-core machine keeps.
     */
    @Test
    void latencyDelaysEveryRoundTripOnRealSockets() throws IOException {
        try (TestBackend echo = TestBackend.echo();
             TestProxy p = TestProxy.stacked(echo.port(), List.of("latency"), Map.of("latency", Map.of("latency", "20", "jitter", "10")));
             Socket s = p.connect()) {
            double[] ms = new double[100];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = TestProxy.roundTripNanos(s) / 1e6;
            }
            double mean = Arrays.stream(ms).average().orElse(0);
            assertTrue(Arrays.stream(ms).allMatch(x -> x >= 10), "no round trip under 20 - 10 ms: " + Arrays.toString(ms));
            assertTrue(mean >= 15 && mean <= 100, "mean " + mean + " ms for 20 +/- 10 ms");
            assertTrue(Arrays.stream(ms).max().orElse(0) - Arrays.stream(ms).min().orElse(0) >= 5, "the jitter shows");
        }
    }

    @Test
    void aConnectionScopedStreamBehaviorOfTheMixShapesAServerThatSpeaksFirst() throws IOException {
        byte[] banner = "220 hello from a server that speaks first\r\n".getBytes(StandardCharsets.US_ASCII);
        try (TestBackend source = TestBackend.source(banner);
             TestProxy p = TestProxy.start(source.port(), "100:latency", Map.of("latency", Map.of("latency", "300")), null)) {
            long start = System.nanoTime();
            try (Socket s = p.connect()) {
                assertArrayEquals(banner, s.getInputStream().readAllBytes());
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertTrue(ms >= 300, "the banner came after " + ms + " ms, before the latency drawn for the connection");
            }
        }
    }

    @Test
    void latencyUpstreamHoldsWhatTheBackendReceives() throws IOException {
        try (TestBackend sink = TestBackend.timedSink();
             TestProxy p = TestProxy.stacked(sink.port(), List.of("latency"), Map.of("latency", Map.of("latency", "200", "direction", "upstream")));
             Socket s = p.connect()) {
            long sent = System.nanoTime();
            s.getOutputStream().write(TestProxy.PING);
            assertTrue(Wire.eventually(5000, () -> sink.firstByte.get() != 0));
            long ms = (sink.firstByte.get() - sent) / 1_000_000;
            assertTrue(ms >= 200 && ms < 1000, "arrived after " + ms + " ms");
        }
    }

    /**
     * The engine honours a bandwidth's pace on real sockets from 10 KB/s to 100 MB/s, byte-exact
     * (StageTimingTest checks the pace itself exactly): never faster than the rate, and not much
     * slower than it where the machine is not the limit.
     */
    @Test
    void bandwidthKeepsItsRateFromTenKilobytesToOneHundredMegabytesPerSecond() throws Exception {
        assertRate(10, 30_000);
        assertRate(1_000, 3_000_000);
        assertRate(100_000, 300_000_000);
    }

    /** Downstream from a source backend, then upstream into a sink, at {@code kbPerSecond}. */
    private static void assertRate(long kbPerSecond, int bytes) throws Exception {
        byte[] data = new byte[bytes];
        new Random(kbPerSecond).nextBytes(data);
        double expected = bytes / (kbPerSecond * 1000.0);
        try (TestBackend source = TestBackend.source(data);
             TestProxy p = TestProxy.stacked(source.port(), List.of("bandwidth"), Map.of("bandwidth", Map.of("rate", Long.toString(kbPerSecond))));
             Socket s = p.connect()) {
            s.setSoTimeout(60_000);
            CRC32 sent = new CRC32();
            sent.update(data);
            long start = System.nanoTime();
            // counted and checksummed as it comes: buffering 300 MB would make the JVM that also
            // runs the proxy collect garbage, and the measure with it
            CRC32 received = new CRC32();
            long n = 0;
            byte[] buf = new byte[65536];
            for (int r; (r = s.getInputStream().read(buf)) > 0; n += r) {
                received.update(buf, 0, r);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(bytes, n);
            assertEquals(sent.getValue(), received.getValue());
            assertPace(kbPerSecond + " KB/s downstream", seconds, expected);
        }
        try (TestBackend sink = TestBackend.timedSink();
             TestProxy p = TestProxy.stacked(sink.port(), List.of("bandwidth"),
                     Map.of("bandwidth", Map.of("rate", Long.toString(kbPerSecond), "direction", "upstream")));
             Socket s = p.connect()) {
            long start = System.nanoTime();
            s.getOutputStream().write(data);
            assertTrue(Wire.eventually(60_000, () -> sink.bytesReceived.get() == bytes));
            double seconds = (sink.lastByte.get() - start) / 1e9;
            assertPace(kbPerSecond + " KB/s upstream", seconds, expected);
        }
    }

    /**
     * Not faster than the rate allows, but for its 20 ms burst and what left before the clock
     * started; slower only by what a busy machine adds.
     */
    private static void assertPace(String what, double seconds, double expected) {
        assertTrue(seconds >= expected * 0.97 - 0.05 && seconds <= expected * 1.5 + 0.5, what + ": " + seconds + " s for " + expected + " s");
    }

    @Test
    void bandwidthZeroStallsWithoutClosingAndRemovingItReleasesTheData() throws Exception {
        try (TestBackend echo = TestBackend.echo();
             TestProxy p = TestProxy.stacked(echo.port(), List.of("bandwidth"), Map.of("bandwidth", Map.of("rate", "0")));
             Socket s = p.connect()) {
            s.setSoTimeout(500);
            s.getOutputStream().write(TestProxy.PING);
            assertEquals(Outcome.TIMED_OUT, Wire.read(s, TestProxy.PING));
            p.server.plan(Plan.of(TestProxy.config(echo.port()).build(), TestProxy.registry()));
            s.setSoTimeout(5000);
            assertEquals(Outcome.ECHOED, Wire.read(s, TestProxy.PING), "the held reply arrives, the connection was never dropped");
        }
    }
}
