package org.vaurien;

import java.util.ArrayList;
import java.util.List;

/** Options every behavior has, whatever it declares itself. */
public final class CommonOptions {
    /** Probability that a draw of the behavior applies (Toxiproxy's toxicity). */
    public static final Option<Double> TOXICITY = Option.decimal("toxicity",
            "probability (0 to 1) that the behavior applies when drawn", 1.0, 0.0, 1.0);

    /** Stream behaviors only: the direction whose bytes they shape. */
    public static final Option<String> DIRECTION = Option.choice("direction",
            "bytes it acts on: upstream (client to backend), downstream or both", "both",
            "upstream", "downstream", "both");

    private CommonOptions() {
    }

    /** exchange: drawn per exchange (Vaurien); connection: drawn once per connection (Toxiproxy). */
    public static Option<String> scope(Scope defaultScope) {
        return Option.choice("scope",
                "exchange: the toxicity is drawn per exchange; connection: once per connection",
                defaultScope.wireName(), "exchange", "connection");
    }

    /** A behavior's own options followed by the common ones. */
    public static List<Option<?>> of(Behavior behavior) {
        List<Option<?>> all = new ArrayList<>(behavior.options());
        all.add(TOXICITY);
        all.add(scope(behavior.defaultScope()));
        return List.copyOf(all);
    }

    /** Whether a direction option's value covers that direction. */
    public static boolean covers(String direction, Direction d) {
        return "both".equals(direction) || d.wireName().equals(direction);
    }
}
