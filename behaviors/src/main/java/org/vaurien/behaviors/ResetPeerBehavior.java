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

/** Resets the connection with a real TCP RST (the client reads "connection reset") after {@code timeout} ms. */
public final class ResetPeerBehavior implements Behavior {
    static final Option<Integer> TIMEOUT = Option.integer("timeout", "ms before the reset", 0, 0, 3_600_000);

    @Override
    public String name() {
        return "reset_peer";
    }

    @Override
    public String description() {
        return "resets the connection (TCP RST) after timeout ms";
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
                out.reset(nowNanos + timeout);
            }

            @Override
            public void onData(ByteBuffer bytes, long atNanos, Output out) {
                out.data(bytes, atNanos);
            }
        };
    }
}
