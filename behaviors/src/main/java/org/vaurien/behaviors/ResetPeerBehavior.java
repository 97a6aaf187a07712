package org.vaurien.behaviors;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.CommonOptions;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Scope;
import org.vaurien.spi.Stage;
import org.vaurien.spi.StreamFault;

/** Resets the connection with a real TCP RST (the client reads "connection reset") after {@code timeout} ms. */
public final class ResetPeerBehavior implements Behavior {
    static final Option<Duration> TIMEOUT = Option.duration("timeout", "ms before the reset", Duration.ZERO,
            ChronoUnit.MILLIS, Duration.ofHours(1));

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
        return List.of(TIMEOUT, CommonOptions.DIRECTION);
    }

    @Override
    public Scope defaultScope() {
        return Scope.CONNECTION;
    }

    @Override
    public Fault configure(Options options) {
        long timeout = options.get(TIMEOUT).toNanos();
        return (StreamFault) context -> new Stage() {
            @Override
            public void onStart(long nowNanos, Output out) {
                out.reset(nowNanos + timeout);
            }
        };
    }
}
