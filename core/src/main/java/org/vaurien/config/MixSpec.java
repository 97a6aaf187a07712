package org.vaurien.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.vaurien.BadInputException;
import org.vaurien.spi.Option;

/**
 * A behavior mix as written: {@code PERCENT:NAME[,PERCENT:NAME...]}, e.g. {@code 5:error,10:delay}
 * (5 % error, 10 % delay, the other 85 % dummy). Percentages may have decimals.
 */
public record MixSpec(List<Entry> entries) {
    /** One {@code PERCENT:NAME}. */
    public record Entry(double percent, String name) {
        @Override
        public String toString() {
            return Option.format(percent) + ":" + name;
        }
    }

    /** No behavior: everything passes. */
    public static final MixSpec NONE = new MixSpec(List.of());

    /** Parses and checks a mix; any mistake names the offending part. */
    public static MixSpec parse(String text, Registry registry) {
        String mix = text == null ? "" : text.trim();
        if (mix.isEmpty()) {
            return NONE;
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        double total = 0;
        for (String raw : mix.split(",", -1)) {
            String part = raw.trim();
            String where = "behavior mix '" + mix + "': entry '" + part + "'";
            int colon = part.indexOf(':');
            if (part.isEmpty() || colon < 0 || part.indexOf(':', colon + 1) >= 0) {
                throw new BadInputException(where + " is not PERCENT:NAME");
            }
            String percentText = part.substring(0, colon).trim();
            String name = part.substring(colon + 1).trim();
            double percent;
            try {
                percent = Double.parseDouble(percentText);
            } catch (NumberFormatException e) {
                throw new BadInputException(where + ": '" + percentText + "' is not a number");
            }
            if (!(percent >= 0 && percent <= 100)) {
                throw new BadInputException(where + ": " + percentText + " is not a percentage (0 to 100)");
            }
            if (name.isEmpty()) {
                throw new BadInputException(where + " has no behavior name");
            }
            if (!registry.hasBehavior(name)) {
                try {
                    registry.behavior(name);
                } catch (BadInputException e) {
                    throw new BadInputException(where + ": " + e.getMessage());
                }
            }
            if (!seen.add(name)) {
                throw new BadInputException(where + ": behavior '" + name + "' appears twice");
            }
            total += percent;
            entries.add(new Entry(percent, name));
        }
        if (total > 100 + 1e-9) {
            throw new BadInputException("behavior mix '" + mix + "': the percentages add up to "
                    + Option.format(total) + ", over 100");
        }
        return new MixSpec(List.copyOf(entries));
    }

    /** A mix of one behavior at 100 %. */
    public static MixSpec only(String name) {
        return new MixSpec(List.of(new Entry(100, name)));
    }

    /**
     * The mix as users read it: as written, or, when it names no behavior, 100 % of the one that
     * passes everything ({@code 100:dummy}).
     */
    public String describe(Registry registry) {
        return entries.isEmpty() ? "100:" + registry.passing().name() : toString();
    }

    /** The behaviors named, in order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        entries.forEach(e -> names.add(e.name()));
        return names;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Entry e : entries) {
            s.append(s.length() == 0 ? "" : ",").append(e);
        }
        return s.toString();
    }
}
