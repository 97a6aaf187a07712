package org.vaurien.behaviors;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.random.RandomGenerator;
import org.vaurien.BadInputException;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.CommonOptions;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Scope;
import org.vaurien.spi.Stage;
import org.vaurien.spi.StreamFault;

/** Cuts each chunk into slices of {@code average_size} +/- {@code size_variation} bytes, {@code delay} µs apart. */
public final class SlicerBehavior implements Behavior {
    static final Option<Integer> AVERAGE_SIZE = Option.integer("average_size", "average slice size in bytes", 64, 1, 1 << 24);
    static final Option<Integer> SIZE_VARIATION = Option.integer("size_variation", "random spread of slice sizes, in bytes (+/-)", 0, 0, 1 << 24);
    static final Option<Duration> DELAY = Option.duration("delay", "time between slices, in microseconds",
            Duration.ZERO, ChronoUnit.MICROS, Duration.ofMinutes(1));

    @Override
    public String name() {
        return "slicer";
    }

    @Override
    public String description() {
        return "slices the data into small pieces, delay microseconds apart";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(AVERAGE_SIZE, SIZE_VARIATION, DELAY, CommonOptions.DIRECTION);
    }

    @Override
    public Scope defaultScope() {
        return Scope.CONNECTION;
    }

    @Override
    public void check(Options options) {
        if (options.get(SIZE_VARIATION) >= options.get(AVERAGE_SIZE)) {
            throw new BadInputException("behavior 'slicer': size_variation (" + options.get(SIZE_VARIATION)
                    + ") must be smaller than average_size (" + options.get(AVERAGE_SIZE) + ")");
        }
    }

    @Override
    public Fault configure(Options options) {
        int average = options.get(AVERAGE_SIZE);
        int variation = options.get(SIZE_VARIATION);
        long delay = options.get(DELAY).toNanos();
        return (StreamFault) context -> new Slicer(average, variation, delay, context.random());
    }

    /** One direction's slices, each after the previous one. */
    static final class Slicer implements Stage {
        private final int average;
        private final int variation;
        private final long delay;
        private final RandomGenerator random;
        private long last = Long.MIN_VALUE;

        Slicer(int average, int variation, long delay, RandomGenerator random) {
            this.average = average;
            this.variation = variation;
            this.delay = delay;
            this.random = random;
        }

        @Override
        public void onData(ByteBuffer bytes, long atNanos, Output out) {
            long t = last == Long.MIN_VALUE || atNanos - last > 0 ? atNanos : last;
            int limit = bytes.limit();
            boolean first = true;
            while (bytes.hasRemaining()) {
                int size = average + (variation > 0 ? random.nextInt(-variation, variation + 1) : 0);
                int n = Math.min(Math.max(1, size), bytes.remaining());
                if (!first) {
                    t += delay;
                }
                first = false;
                bytes.limit(bytes.position() + n);
                out.data(bytes, t);
                bytes.position(bytes.limit()).limit(limit);
            }
            last = t + delay;
        }
    }
}
