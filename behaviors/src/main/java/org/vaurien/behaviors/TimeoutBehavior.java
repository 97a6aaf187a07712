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

/** Stops the data (it is dropped) and closes the connection {@code timeout} ms later; 0 never closes it. */
public final class TimeoutBehavior implements Behavior {
    static final Option<Integer> TIMEOUT = Option.integer("timeout",
            "ms before the connection is closed; 0: it stays open and silent", 1000, 0, 3_600_000);

    @Override
    public String name() {
        return "timeout";
    }

    @Override
    public String description() {
        return "stops all data and closes the connection after timeout ms (0: stays silent)";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(TIMEOUT, StreamDefaults.DIRECTION);
    }

    @Override
    public Scope defaultScope() {
        return Scope.CONNECTION;
    }

    @Override
    public Fault configure(Options options) {
        long timeout = StreamDefaults.millis(options.get(TIMEOUT));
        return (StreamFault) context -> new Stage() {
            @Override
            public void onStart(long nowNanos, Output out) {
                if (timeout > 0) {
                    out.cut(nowNanos + timeout);
                }
            }

            @Override
            public void onData(ByteBuffer bytes, long atNanos, Output out) {
                // dropped on the floor, as a dead link does
            }
        };
    }
}
