package org.vaurien.behaviors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.spi.Stage;

/**
 * The stream behaviors' timing, exactly: each stage is fed made-up times and what it lets out is
 * checked to the nanosecond (NetCrusher's way with its throttler's mock clock). The socket-level
 * tests only check that the engine honours these times, with tolerances a busy machine keeps.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StageTimingTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 5_000 * MS;

    @Test
    void latencyHoldsEachChunkExactlyItsLatencyAfterItWasRead() {
        StageRecorder r = StageRecorder.of("latency", Map.of("latency", "120"), 1);
        r.feed(new byte[10], T0).feed(new byte[3], T0 + 7 * MS);
        assertEquals(List.of(T0 + 120 * MS, T0 + 127 * MS), r.data.stream().map(StageRecorder.Data::at).toList());
        assertEquals(13, r.bytesOut());
    }

    @Test
    void jitterIsUniformWithinPlusOrMinusItsSpread() {
        StageRecorder r = StageRecorder.of("latency", Map.of("latency", "20", "jitter", "10"), 7);
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            r.feed(new byte[1], T0);
        }
        double[] ms = r.data.stream().mapToDouble(d -> (d.at() - T0) / (double) MS).toArray();
        double mean = Arrays.stream(ms).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(ms).map(x -> (x - mean) * (x - mean)).sum() / (n - 1));
        assertTrue(Arrays.stream(ms).allMatch(x -> x >= 10 && x <= 30), "every delay within 20 +/- 10 ms");
        assertEquals(20, mean, 0.2, "mean");
        double uniform = 10 / Math.sqrt(3); // a uniform draw over +/- 10 ms
        assertEquals(uniform, sd, uniform * 0.03, "spread of a uniform draw");
    }

    @Test
    void latencyAndJitterRepeatWithTheSameSeed() {
        StageRecorder a = StageRecorder.of("latency", Map.of("latency", "20", "jitter", "10"), 42);
        StageRecorder b = StageRecorder.of("latency", Map.of("latency", "20", "jitter", "10"), 42);
        for (int i = 0; i < 100; i++) {
            a.feed(new byte[1], T0);
            b.feed(new byte[1], T0);
        }
        assertEquals(a.data.stream().map(StageRecorder.Data::at).toList(), b.data.stream().map(StageRecorder.Data::at).toList());
    }

    @Test
    void bandwidthLetsOutExactlyItsRateOnceItsBurstIsSpent() {
        StageRecorder r = StageRecorder.of("bandwidth", Map.of("rate", "100"), 1); // 100,000 bytes/s
        r.feed(new byte[1_000_000], T0);
        assertEquals(1_000_000, r.bytesOut());
        long last = r.data.get(r.data.size() - 1).at();
        // 10 s for a megabyte, less the 20 ms the pace may make up at the start
        assertEquals(T0 + 10_000 * MS - 20 * MS, last);
        for (StageRecorder.Data d : r.data) {
            // 10 ms is 1,000 bytes here: slices of 4 KB (41 ms), a write each
            assertTrue(d.bytes().length <= 4096, "slices of 4 KB at most: " + d.bytes().length);
        }
        StageRecorder slow = StageRecorder.of("bandwidth", Map.of("rate", "1"), 1); // 1,000 bytes/s
        slow.feed(new byte[1000], T0);
        for (StageRecorder.Data d : slow.data) {
            assertTrue(d.bytes().length <= 100, "slices of 100 ms at most: " + d.bytes().length);
        }
        StageRecorder fast = StageRecorder.of("bandwidth", Map.of("rate", "10000"), 1); // 10 MB/s
        fast.feed(new byte[1_000_000], T0);
        for (StageRecorder.Data d : fast.data) {
            assertTrue(d.bytes().length <= 100_000, "slices of 10 ms at most: " + d.bytes().length);
        }
    }

    @Test
    void bandwidthKeepsItsPaceAcrossChunksAndStallsAtZero() {
        StageRecorder r = StageRecorder.of("bandwidth", Map.of("rate", "1"), 1); // 1,000 bytes/s
        r.feed(new byte[500], T0).feed(new byte[500], T0);
        assertEquals(T0 + 1_000 * MS - 20 * MS, r.data.get(r.data.size() - 1).at());
        StageRecorder stalled = StageRecorder.of("bandwidth", Map.of("rate", "0"), 1);
        stalled.feed(new byte[10], T0);
        assertEquals(Stage.Output.NEVER, stalled.data.get(0).at());
    }

    @Test
    void slowCloseHoldsTheEndButNotTheData() {
        StageRecorder r = StageRecorder.of("slow_close", Map.of("delay", "400"), 1);
        r.feed(new byte[5], T0).finish(T0 + 3 * MS);
        assertEquals(T0, r.data.get(0).at());
        assertEquals(List.of(T0 + 403 * MS), r.ends);
    }

    @Test
    void timeoutDropsTheDataAndCutsTheConnectionAfterItsTimeoutOrNever() {
        StageRecorder r = StageRecorder.of("timeout", Map.of("timeout", "300"), 1).start(T0);
        r.feed(new byte[5], T0 + MS);
        assertEquals(List.of(T0 + 300 * MS), r.cuts);
        assertEquals(0, r.bytesOut());
        StageRecorder never = StageRecorder.of("timeout", Map.of("timeout", "0"), 1).start(T0);
        never.feed(new byte[5], T0);
        assertEquals(List.of(), never.cuts);
        assertEquals(0, never.bytesOut());
    }

    @Test
    void limitTimeCutsAfterItsDurationWhileTheDataFlows() {
        StageRecorder r = StageRecorder.of("limit_time", Map.of("duration", "500"), 1).start(T0);
        r.feed(new byte[5], T0 + 100 * MS);
        assertEquals(List.of(T0 + 500 * MS), r.cuts);
        assertEquals(5, r.bytesOut());
        assertEquals(T0 + 100 * MS, r.data.get(0).at());
    }

    @Test
    void resetPeerResetsAfterItsTimeout() {
        StageRecorder r = StageRecorder.of("reset_peer", Map.of("timeout", "250"), 1).start(T0);
        assertEquals(List.of(T0 + 250 * MS), r.resets);
    }

    @Test
    void limitDataPassesExactlyItsBytesThenCloses() {
        byte[] data = new byte[100];
        new Random(3).nextBytes(data);
        StageRecorder r = StageRecorder.of("limit_data", Map.of("bytes", "42"), 1);
        r.feed(Arrays.copyOf(data, 30), T0).feed(Arrays.copyOfRange(data, 30, 100), T0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.data.forEach(d -> out.writeBytes(d.bytes()));
        assertArrayEquals(Arrays.copyOf(data, 42), out.toByteArray());
        assertEquals(List.of(T0), r.closes);
    }

    @Test
    void slicerCutsIntoSlicesOfItsSizeSpacedByItsDelay() {
        StageRecorder r = StageRecorder.of("slicer", Map.of("average_size", "10", "size_variation", "5", "delay", "2000"), 3);
        r.feed(new byte[1000], T0);
        assertEquals(1000, r.bytesOut());
        for (int i = 0; i < r.data.size(); i++) {
            StageRecorder.Data d = r.data.get(i);
            assertEquals(T0 + i * 2 * MS, d.at(), "slice " + i);
            assertTrue(i == r.data.size() - 1 || d.bytes().length >= 5 && d.bytes().length <= 15, "slice " + i + ": " + d.bytes().length);
        }
    }

    @Test
    void corruptFlipsOneBitInItsShareOfTheBytesAndRepeatsWithItsSeed() {
        byte[] zeros = new byte[1 << 20];
        StageRecorder a = StageRecorder.of("corrupt", Map.of("rate", "0.01"), 42);
        a.feed(zeros.clone(), T0);
        byte[] got = a.data.get(0).bytes();
        int changed = 0;
        for (byte b : got) {
            if (b != 0) {
                changed++;
                assertEquals(1, Integer.bitCount(b & 0xff), "one bit a byte");
            }
        }
        double expected = zeros.length * 0.01;
        assertEquals(expected, changed, 4 * Math.sqrt(expected), "bytes flipped");
        StageRecorder b = StageRecorder.of("corrupt", Map.of("rate", "0.01"), 42);
        b.feed(zeros.clone(), T0);
        assertArrayEquals(got, b.data.get(0).bytes(), "the same seed flips the same bits");
    }
}
