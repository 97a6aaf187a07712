package org.vaurien.spi;

import java.util.ArrayList;
import java.util.List;

/** Options every behavior has, whatever it declares itself; their defaults are declared here only. */
public final class CommonOptions {
    /** Probability that a draw of the behavior applies (Toxiproxy's toxicity). */
    public static final Option<Double> TOXICITY = Option.decimal("toxicity",
            "probability (0 to 1) that the behavior applies when drawn", 1.0, 0.0, 1.0);

    /** Stream behaviors declare it: the direction whose bytes they shape; downstream, as Toxiproxy. */
    public static final Option<Directions> DIRECTION = Option.choice("direction",
            "bytes it acts on: upstream (client to backend), downstream or both", Directions.DOWNSTREAM);

    private CommonOptions() {
    }

    /** exchange: drawn per exchange (Vaurien); connection: drawn once per connection (Toxiproxy). */
    public static Option<Scope> scope(Scope defaultScope) {
        return Option.choice("scope",
                "exchange: the toxicity is drawn per exchange; connection: once per connection", defaultScope);
    }

    /** The scope a behavior's options hold. */
    public static Scope scopeOf(Options options) {
        return (Scope) options.get("scope");
    }

    /** The directions a behavior's options say; both ways for a behavior without a direction option. */
    public static Directions directionsOf(Options options) {
        Object d = options.get(DIRECTION.name());
        return d == null ? Directions.BOTH : (Directions) d;
    }

    /** A behavior's own options followed by the common ones. */
    public static List<Option<?>> of(Behavior behavior) {
        List<Option<?>> all = new ArrayList<>(behavior.options());
        all.add(TOXICITY);
        all.add(scope(behavior.defaultScope()));
        return List.copyOf(all);
    }
}
