package org.vaurien.examples;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;

/**
 * A user's own behavior: the first exchanges of every connection are slow, as with a server
 * that warms a cache per session. Registered in META-INF/services/org.vaurien.spi.Behavior.
 */
public final class SlowStartBehavior implements Behavior {
    static final Option<Integer> SLOW_EXCHANGES = Option.integer("slow_exchanges",
            "how many exchanges of each connection are slow", 3, 0, Integer.MAX_VALUE);
    static final Option<Duration> SLEEP = Option.duration("sleep", "delay of each slow exchange, in seconds",
            Duration.ofMillis(500), ChronoUnit.SECONDS, Duration.ofHours(1));

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
        return List.of(SLOW_EXCHANGES, SLEEP);
    }

    @Override
    public Fault configure(Options options) {
        int slow = options.get(SLOW_EXCHANGES);
        Injection delayed = Injection.delayRequest(options.get(SLEEP));
        // the fault never sleeps: it says how long, and the engine holds the bytes
        return exchange -> exchange.number() <= slow ? delayed : Injection.PASS;
    }
}
