package org.vaurien.behaviors;

import java.nio.ByteBuffer;
import java.util.List;
import org.vaurien.Behavior;
import org.vaurien.Fault;
import org.vaurien.Option;
import org.vaurien.Options;
import org.vaurien.Scope;
import org.vaurien.Stage;
import org.vaurien.StreamFault;

/** Passes the data, but a close (end of stream) only {@code delay} ms after it came. */
public final class SlowCloseBehavior implements Behavior {
    static final Option<Integer> DELAY = Option.integer("delay", "how long a close is held, in ms", 1000, 0, 3_600_000);

    @Override
    public String name() {
        return "slow_close";
    }

    @Override
    public String description() {
        return "delays the close of the connection by delay ms";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(DELAY, StreamDefaults.DIRECTION);
    }

    @Override
    public Scope defaultScope() {
        return Scope.CONNECTION;
    }

    @Override
    public Fault configure(Options options) {
        long delay = StreamDefaults.millis(options.get(DELAY));
        return (StreamFault) context -> new Stage() {
            @Override
            public void onData(ByteBuffer bytes, long atNanos, Output out) {
                out.data(bytes, atNanos);
            }

            @Override
            public void onEnd(long atNanos, Output out) {
                out.end(atNanos + delay);
            }
        };
    }
}
