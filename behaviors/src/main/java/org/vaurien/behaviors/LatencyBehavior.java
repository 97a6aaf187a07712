package org.vaurien.behaviors;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.random.RandomGenerator;
import org.vaurien.Behavior;
import org.vaurien.Fault;
import org.vaurien.Option;
import org.vaurien.Options;
import org.vaurien.Scope;
import org.vaurien.Stage;
import org.vaurien.StreamFault;

/**
 * Holds each chunk {@code latency} ms, plus or minus up to {@code jitter} ms (uniform), counted
 * from when it was read, so delays do not pile up; chunks keep their order.
 */
public final class LatencyBehavior implements Behavior {
    static final Option<Integer> LATENCY = Option.integer("latency", "delay of each chunk, in ms", 1000, 0, 3_600_000);
    static final Option<Integer> JITTER = Option.integer("jitter", "random spread around the latency, in ms (uniform, +/-)", 0, 0, 3_600_000);

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
        return List.of(LATENCY, JITTER, StreamDefaults.DIRECTION);
    }

    @Override
    public Scope defaultScope() {
        return Scope.CONNECTION;
    }

    @Override
    public Fault configure(Options options) {
        long latency = StreamDefaults.millis(options.get(LATENCY));
        long jitter = StreamDefaults.millis(options.get(JITTER));
        return (StreamFault) context -> new Delayer(latency, jitter, context.random());
    }

    /** One direction's delays. */
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
