package org.vaurien.behaviors;

import java.time.Duration;
import java.util.List;
import org.vaurien.Behavior;
import org.vaurien.Effect;
import org.vaurien.Exchange;
import org.vaurien.Fault;
import org.vaurien.OpenFault;
import org.vaurien.Option;
import org.vaurien.Options;
import org.vaurien.Scope;

/**
 * Holds a new connection {@code delay} ms before the backend is dialled (in the stack); drawn
 * from the mix, it holds the first request of a connection as long.
 */
public final class SlowOpenBehavior implements Behavior {
    static final Option<Integer> DELAY = Option.integer("delay", "ms before the backend is dialled", 1000, 0, 3_600_000);

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
        Duration delay = Duration.ofMillis(options.get(DELAY));
        return new OpenFault() {
            @Override
            public Duration openDelay() {
                return delay;
            }

            @Override
            public Effect onExchange(Exchange exchange) {
                return exchange.number() == 1 ? Effect.delayRequest(delay) : Effect.pass();
            }
        };
    }
}
