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

/** Closes the connection {@code duration} ms after it started, even while data flows. */
public final class LimitTimeBehavior implements Behavior {
    static final Option<Duration> DURATION = Option.duration("duration", "ms before the connection is closed",
            Duration.ofSeconds(10), ChronoUnit.MILLIS, Duration.ofDays(1));

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
        return List.of(DURATION, CommonOptions.DIRECTION);
    }

    @Override
    public Scope defaultScope() {
        return Scope.CONNECTION;
    }

    @Override
    public Fault configure(Options options) {
        long duration = options.get(DURATION).toNanos();
        return (StreamFault) context -> new Stage() {
            @Override
            public void onStart(long nowNanos, Output out) {
                out.cut(nowNanos + duration);
            }

        };
    }
}
