package org.vaurien.spi;

import java.util.ArrayList;
import java.util.List;
import org.vaurien.BadInputException;

/** Options every behavior has, whatever it declares itself; their defaults are declared here only. */
public final class CommonOptions {
    /** Probability that a draw of the behavior applies (Toxiproxy's toxicity). */
    public static final Option<Double> TOXICITY = Option.decimal("toxicity",
            "probability (0 to 1) that the behavior applies when drawn", 1.0, 0.0, 1.0);

    /** Stream behaviors declare it: the direction whose bytes they shape; downstream, as Toxiproxy. */
    public static final Option<Directions> DIRECTION = Option.choice("direction",
            "bytes it acts on: upstream (client to backend), downstream or both", Directions.DOWNSTREAM);

    /** Counters: of the occasions a behavior would act on (after its toxicity), which it does act on. */
    public static final Option<Long> FIRST = Option.count("first",
            "acts on the first N occasions only (exchanges; connections for what acts on a whole connection); 0: no limit",
            0, 0, Long.MAX_VALUE);
    public static final Option<Long> EVERY = Option.count("every",
            "acts on each Nth occasion only; 0 or 1: on each", 0, 0, Long.MAX_VALUE);
    public static final Option<Long> AFTER = Option.count("after",
            "acts from the Nth occasion on; 0 or 1: from the first", 0, 0, Long.MAX_VALUE);
    public static final Option<CountPer> COUNT_PER = Option.choice("count_per",
            "what first, every and after count on: the proxy (all its connections) or each connection", CountPer.PROXY);

    /** Which requests it may act on, in its protocol's terms. */
    public static final Option<String> MATCH = Option.text("match",
            "the requests it may act on, in the protocol's fields: FIELD=GLOB or FIELD~REGEX, joined by &"
            + " (command=SET & key=user:*, method=POST & path=/api/*, header:X-Tenant=acme); empty: every request", "");

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
        List<Option<?>> common = List.of(TOXICITY, scope(behavior.defaultScope()), MATCH, FIRST, EVERY, AFTER, COUNT_PER);
        for (Option<?> own : behavior.options()) {
            for (Option<?> c : common) {
                if (own.name().equals(c.name())) {
                    throw new BadInputException("behavior '" + behavior.name() + "' declares an option '" + own.name()
                            + "', a name every behavior has already (" + c.description() + "): rename its option");
                }
            }
        }
        List<Option<?>> all = new ArrayList<>(behavior.options());
        all.addAll(common);
        return List.copyOf(all);
    }
}
