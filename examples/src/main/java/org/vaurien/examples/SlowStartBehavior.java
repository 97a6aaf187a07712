package org.vaurien.examples;

import java.time.Duration;
import java.util.List;
import org.vaurien.Behavior;
import org.vaurien.Effect;
import org.vaurien.Fault;
import org.vaurien.Option;
import org.vaurien.Options;

/**
 * A user's own behavior: the first exchanges of every connection are slow, as with a server
 * that warms a cache per session. Registered in META-INF/services/org.vaurien.Behavior.
 */
public final class SlowStartBehavior implements Behavior {
    static final Option<Integer> FIRST = Option.integer("first",
            "how many exchanges of each connection are slow", 3, 0, Integer.MAX_VALUE);
    static final Option<Double> SLEEP = Option.decimal("sleep",
            "delay of each slow exchange, in seconds", 0.5, 0, 3600);

    @Override
    public String name() {
        return "slow_start";
    }

    @Override
    public String description() {
        return "delays the first exchanges of every connection";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(FIRST, SLEEP);
    }

    @Override
    public Fault configure(Options options) {
        int first = options.get(FIRST);
        Effect slow = Effect.delayRequest(Duration.ofMillis(Math.round(options.get(SLEEP) * 1000)));
        // the fault never sleeps: it says how long, and the engine holds the bytes
        return exchange -> exchange.number() <= first ? slow : Effect.pass();
    }
}
