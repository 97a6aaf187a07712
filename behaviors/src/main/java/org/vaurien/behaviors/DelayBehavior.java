package org.vaurien.behaviors;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;

/** Holds the request before the backend sees it, or the response before the client sees it. */
public final class DelayBehavior implements Behavior {
    static final Option<Duration> SLEEP = Option.duration("sleep", "delay in seconds", Duration.ofSeconds(1),
            ChronoUnit.SECONDS, Duration.ofDays(1));
    static final Option<Boolean> BEFORE = Option.bool("before",
            "true: hold the request before the backend sees it; false: hold the response", true);

    @Override
    public String name() {
        return "delay";
    }

    @Override
    public String description() {
        return "adds a delay before the request reaches the backend or before the response reaches the client";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(SLEEP, BEFORE);
    }

    @Override
    public Fault configure(Options options) {
        Duration sleep = options.get(SLEEP);
        Injection delay = options.get(BEFORE) ? Injection.delayRequest(sleep) : Injection.delayResponse(sleep);
        return exchange -> delay;
    }
}
