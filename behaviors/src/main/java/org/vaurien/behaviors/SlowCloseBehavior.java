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

/** Passes the data, but a close (end of stream) only {@code delay} ms after it came. */
public final class SlowCloseBehavior implements Behavior {
    static final Option<Duration> DELAY = Option.duration("delay", "how long a close is held, in ms",
            Duration.ofSeconds(1), ChronoUnit.MILLIS, Duration.ofHours(1));

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
        return List.of(DELAY, CommonOptions.DIRECTION);
    }

    @Override
    public Scope defaultScope() {
        return Scope.CONNECTION;
    }

    @Override
    public Fault configure(Options options) {
        long delay = options.get(DELAY).toNanos();
        return (StreamFault) context -> new Stage() {
            @Override
            public void onEnd(long atNanos, Output out) {
                out.end(atNanos + delay);
            }
        };
    }
}
