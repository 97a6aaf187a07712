package org.vaurien.behaviors;

import java.nio.ByteBuffer;
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

/** Stops the data (it is dropped) and closes the connection {@code timeout} ms later; 0 never closes it. */
public final class TimeoutBehavior implements Behavior {
    static final Option<Duration> TIMEOUT = Option.duration("timeout",
            "ms before the connection is closed; 0: it stays open and silent", Duration.ofSeconds(1), ChronoUnit.MILLIS,
            Duration.ofHours(1));

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
