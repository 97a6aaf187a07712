package org.vaurien.behaviors;

import java.nio.ByteBuffer;
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
 * Flips one random bit in a share {@code rate} of the bytes, as a faulty link does. The bytes to
 * hit are found by skipping geometric gaps, so the cost does not grow with the data.
 */
public final class CorruptBehavior implements Behavior {
    static final Option<Double> RATE = Option.decimal("rate", "probability that a byte gets a bit flipped", 0.001, 0, 1);

    @Override
    public String name() {
        return "corrupt";
    }

    @Override
    public String description() {
        return "flips a random bit in a share rate of the bytes";
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
        double rate = options.get(RATE);
        return (StreamFault) context -> new Corrupter(rate, context.random());
    }

    /** One direction's bit flips; {@code skip} carries the gap over chunk boundaries. */
    static final class Corrupter implements Stage {
        private final double rate;
        private final RandomGenerator random;
        private long skip;

        Corrupter(double rate, RandomGenerator random) {
            this.rate = rate;
            this.random = random;
            this.skip = gap();
        }

        private long gap() {
            if (rate >= 1) {
                return 0;
            }
            if (rate <= 0) {
                return Long.MAX_VALUE;
            }
            return (long) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - rate));
        }

        @Override
        public void onData(ByteBuffer bytes, long atNanos, Output out) {
            int n = bytes.remaining();
            long i = skip;
            while (i < n) {
                int at = bytes.position() + (int) i;
                bytes.put(at, (byte) (bytes.get(at) ^ (1 << random.nextInt(8))));
                i += 1 + gap();
            }
            skip = i - n;
            out.data(bytes, atNanos);
        }
    }
}
