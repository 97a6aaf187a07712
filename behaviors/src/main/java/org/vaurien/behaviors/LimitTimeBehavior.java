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

/** Closes the connection {@code duration} ms after it started, even while data flows. */
public final class LimitTimeBehavior implements Behavior {
    static final Option<Integer> DURATION = Option.integer("duration", "ms before the connection is closed", 10_000, 0, 86_400_000);

    @Override
    public String name() {
        return "limit_time";
    }

    @Override
    public String description() {
        return "closes the connection after duration ms, even while data flows";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(DURATION, StreamDefaults.DIRECTION);
    }

    @Override
    public Scope defaultScope() {
        return Scope.CONNECTION;
    }

    @Override
    public Fault configure(Options options) {
        long duration = StreamDefaults.millis(options.get(DURATION));
        return (StreamFault) context -> new Stage() {
            @Override
            public void onStart(long nowNanos, Output out) {
                out.cut(nowNanos + duration);
            }

            @Override
            public void onData(ByteBuffer bytes, long atNanos, Output out) {
                out.data(bytes, atNanos);
            }
        };
    }
}
