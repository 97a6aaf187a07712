package org.vaurien.behaviors;

import java.nio.ByteBuffer;
import java.util.List;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.CommonOptions;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Scope;
import org.vaurien.spi.Stage;
import org.vaurien.spi.StreamFault;

/**
 * Lets bytes through at {@code rate} KB/s (1 KB = 1000 bytes, as Toxiproxy counts), in slices of
 * 10 ms worth so the stream flows evenly, or of up to 4 KB (at most 100 ms worth) when 10 ms is
 * less: a thousand slow connections then cost a thousand writes a second each way, not a hundred
 * thousand. A rate of 0 stalls the stream without closing it.
 */
public final class BandwidthBehavior implements Behavior {
    static final Option<Long> RATE = Option.count("rate", "KB/s (1000 bytes); 0 stalls the stream", 100, 0, 100_000_000);
    private static final long SLICE_NANOS = 10_000_000;
    private static final long SLICE_MAX_NANOS = 100_000_000;
    private static final int SLICE_BYTES = 4096;
    /**
     * Time the pace may make up when data comes late (the source paused, a timer woke late):
     * without it every hiccup would be lost for good and the rate would fall short.
     */
    private static final long BURST_NANOS = 20_000_000;

    @Override
    public String name() {
        return "bandwidth";
    }

    @Override
    public String description() {
        return "limits the rate to rate KB/s; 0 stalls the stream";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(RATE, CommonOptions.DIRECTION);
    }

    @Override
    public Scope defaultScope() {
        return Scope.CONNECTION;
    }

    @Override
    public Fault configure(Options options) {
        long bytesPerSecond = options.get(RATE) * 1000;
        return (StreamFault) context -> new Limiter(bytesPerSecond);
    }

    /** One direction's pace: each slice leaves when the previous ones would have been sent. */
    static final class Limiter implements Stage {
        private final long bytesPerSecond;
        private final int slice;
        private long free = Long.MIN_VALUE;
        /** Nanoseconds owed below a whole one, so rounding does not drift. */
        private long remainder;

        Limiter(long bytesPerSecond) {
            this.bytesPerSecond = bytesPerSecond;
            long tenMs = bytesPerSecond * SLICE_NANOS / 1_000_000_000L;
            long hundredMs = bytesPerSecond * SLICE_MAX_NANOS / 1_000_000_000L;
            this.slice = (int) Math.max(1, Math.min(1 << 20, Math.max(tenMs, Math.min(SLICE_BYTES, hundredMs))));
        }

        @Override
        public void onData(ByteBuffer bytes, long atNanos, Output out) {
            if (bytesPerSecond == 0) {
                out.data(bytes, Output.NEVER);
                return;
            }
            long earliest = atNanos - BURST_NANOS;
            long t = free == Long.MIN_VALUE || earliest - free > 0 ? earliest : free;
            int limit = bytes.limit();
            while (bytes.hasRemaining()) {
                int n = Math.min(slice, bytes.remaining());
                long nanos = (n * 1_000_000_000L + remainder);
                t += nanos / bytesPerSecond;
                remainder = nanos % bytesPerSecond;
                bytes.limit(bytes.position() + n);
                out.data(bytes, t);
                bytes.position(bytes.limit()).limit(limit);
            }
            free = t;
        }
    }
}
