package org.vaurien.behaviors;

import java.time.Duration;
import java.util.List;
import org.vaurien.Behavior;
import org.vaurien.Effect;
import org.vaurien.Fault;
import org.vaurien.Option;
import org.vaurien.Options;

/** Holds the request before the backend sees it, or the response before the client sees it. */
public final class DelayBehavior implements Behavior {
    static final Option<Double> SLEEP = Option.decimal("sleep", "delay in seconds", 1, 0, 86_400);
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
        Duration sleep = Duration.ofNanos(Math.round(options.get(SLEEP) * 1e9));
        Effect effect = options.get(BEFORE) ? Effect.delayRequest(sleep) : Effect.delayResponse(sleep);
        return exchange -> effect;
    }
}
