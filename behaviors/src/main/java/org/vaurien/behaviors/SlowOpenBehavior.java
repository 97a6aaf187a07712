package org.vaurien.behaviors;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Connect;
import org.vaurien.spi.Effect;
import org.vaurien.spi.Exchange;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Phase;
import org.vaurien.spi.Scope;

/**
 * Holds a new connection {@code delay} ms before the backend is dialled (in the stack); drawn
 * from the mix, it holds the first request of a connection as long.
 */
public final class SlowOpenBehavior implements Behavior {
    static final Option<Duration> DELAY = Option.duration("delay", "ms before the backend is dialled",
            Duration.ofSeconds(1), ChronoUnit.MILLIS, Duration.ofHours(1));

    @Override
    public String name() {
        return "slow_open";
    }

    @Override
    public String description() {
        return "holds each new connection delay ms before the backend is dialled";
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
        Injection open = Injection.at(Phase.OPEN, new Effect.Delay(options.get(DELAY)));
        Injection first = Injection.delayRequest(options.get(DELAY));
        return new Fault() {
            @Override
            public Injection onConnect(Connect connect) {
                return connect.phase() == Phase.OPEN ? open : Injection.PASS;
            }

            @Override
            public Injection onExchange(Exchange exchange) {
                return exchange.number() == 1 ? first : Injection.PASS;
            }
        };
    }
}
