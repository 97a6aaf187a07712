package org.vaurien.behaviors;

import java.util.List;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;

/** The first {@code agitate} exchanges fail like {@code error}; everything after passes. */
public final class TransientBehavior implements Behavior {
    static final Option<Integer> AGITATE = Option.integer("agitate",
            "number of exchanges that fail before everything succeeds", 1, 0, Integer.MAX_VALUE);

    @Override
    public String name() {
        return "transient";
    }

    @Override
    public String description() {
        return "the first exchanges fail like error, then everything passes";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(AGITATE, ErrorBehavior.INJECT, ErrorBehavior.WARMUP);
    }

    @Override
    public Fault configure(Options options) {
        return ErrorBehavior.firstFailing(options.get(AGITATE), options);
    }
}
