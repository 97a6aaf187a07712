package org.vaurien.behaviors;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Effect;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Phase;
import org.vaurien.spi.Scope;

/** Agent only: the connect completes {@code delay} ms late (or times out first, when its timeout is shorter). */
public final class SlowConnectBehavior implements Behavior {
    static final Option<Duration> DELAY = Option.duration("delay", "ms before the connect completes",
            Duration.ofSeconds(1), ChronoUnit.MILLIS, Duration.ofHours(1));

    @Override
    public String name() {
        return "slow_connect";
    }

    @Override
    public String description() {
        return "(agent) holds the connect delay ms before it completes";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(DELAY);
    }

    @Override
    public Scope defaultScope() {
        return Scope.CONNECTION;
    }

    @Override
    public Fault configure(Options options) {
        return new ConnectOnly(Injection.at(Phase.CONNECT, new Effect.Delay(options.get(DELAY))));
    }
}
