package org.vaurien.behaviors;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.random.RandomGenerator;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.CommonOptions;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Scope;
import org.vaurien.spi.Stage;
import org.vaurien.spi.StreamFault;

/**
 * Holds each chunk {@code latency} ms, plus or minus up to {@code jitter} ms (uniform), counted
 * from when it was read, so delays do not pile up; chunks keep their order.
 */
public final class LatencyBehavior implements Behavior {
    static final Option<Duration> LATENCY = Option.duration("latency", "delay of each chunk, in ms",
            Duration.ofSeconds(1), ChronoUnit.MILLIS, Duration.ofHours(1));
    static final Option<Duration> JITTER = Option.duration("jitter", "random spread around the latency, in ms (uniform, +/-)",
            Duration.ZERO, ChronoUnit.MILLIS, Duration.ofHours(1));

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public String description() {
        return "delays every chunk by latency +/- jitter ms";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(LATENCY, JITTER, CommonOptions.DIRECTION);
    }

    @Override
    public Scope defaultScope() {
        return Scope.CONNECTION;
    }

    @Override
    public Fault configure(Options options) {
        long latency = options.get(LATENCY).toNanos();
        long jitter = options.get(JITTER).toNanos();
        return (StreamFault) context -> new Delayer(latency, jitter, context.random());
    }

    /** One direction's delays, in nanoseconds. */
    static final class Delayer implements Stage {
        private final long latency;
        private final long jitter;
        private final RandomGenerator random;

        Delayer(long latency, long jitter, RandomGenerator random) {
            this.latency = latency;
            this.jitter = jitter;
            this.random = random;
        }

        @Override
        public void onData(ByteBuffer bytes, long atNanos, Output out) {
            long delay = latency + (jitter > 0 ? random.nextLong(-jitter, jitter + 1) : 0);
            out.data(bytes, atNanos + Math.max(0, delay));
        }
    }
}
