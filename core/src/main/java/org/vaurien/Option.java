package org.vaurien;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One setting a behavior or protocol declares: its wire name (snake_case), what it means, its
 * type and its default. The command line flags, the config file keys, the control API and
 * {@code --list} are all generated from these declarations.
 *
 * @param <T> the value's Java type
 */
public final class Option<T> {
    private final String name;
    private final String description;
    private final String type;
    private final T defaultValue;
    private final Function<String, T> parser;

    private Option(String name, String description, String type, T defaultValue,
                   Function<String, T> parser) {
        this.name = Objects.requireNonNull(name);
        this.description = Objects.requireNonNull(description);
        this.type = type;
        this.defaultValue = defaultValue;
        this.parser = parser;
    }

    /** A whole number between {@code min} and {@code max}, both included. */
    public static Option<Integer> integer(String name, String description, int defaultValue,
                                          int min, int max) {
        return new Option<>(name, description, "int", defaultValue, text -> {
            long value = parseLong(text);
            if (value < min || value > max) {
                throw new BadInputException(range(text, min, max));
            }
            return (int) value;
        });
    }

    /** A whole number that may exceed an int (byte counts). */
    public static Option<Long> count(String name, String description, long defaultValue,
                                     long min, long max) {
        return new Option<>(name, description, "int", defaultValue, text -> {
            long value = parseLong(text);
            if (value < min || value > max) {
                throw new BadInputException(range(text, min, max));
            }
            return value;
        });
    }

    /** A decimal number between {@code min} and {@code max}, both included. */
    public static Option<Double> decimal(String name, String description, double defaultValue,
                                         double min, double max) {
        return new Option<>(name, description, "decimal", defaultValue, text -> {
            double value;
            try {
                value = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new BadInputException("'" + text + "' is not a number");
            }
            if (!(value >= min && value <= max)) {
                throw new BadInputException(range(text, min, max));
            }
            return value;
        });
    }

    /** true/false (also yes/no, on/off, 1/0, as the original config files wrote them). */
    public static Option<Boolean> bool(String name, String description, boolean defaultValue) {
        return new Option<>(name, description, "bool", defaultValue, text -> {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true": case "yes": case "on": case "1": return true;
                case "false": case "no": case "off": case "0": return false;
                default: throw new BadInputException("'" + text + "' is not true or false");
            }
        });
    }

    /** Free text. */
    public static Option<String> text(String name, String description, String defaultValue) {
        return new Option<>(name, description, "text", defaultValue, String::trim);
    }

    /** One word out of a fixed list. */
    public static Option<String> choice(String name, String description, String defaultValue,
                                        String... allowed) {
        List<String> words = Arrays.asList(allowed);
        return new Option<>(name, description, String.join("|", allowed), defaultValue, text -> {
            String word = text.trim().toLowerCase(Locale.ROOT);
            if (!words.contains(word)) {
                throw new BadInputException("'" + text + "' is not one of " + String.join(", ", words));
            }
            return word;
        });
    }

    /** The same option with another default (a behavior's own default for a common option). */
    public Option<T> withDefault(T newDefault) {
        return new Option<>(name, description, type, newDefault, parser);
    }

    /** Parses a value given as text; a bad one is a {@link BadInputException} naming the value. */
    public T parse(String text) {
        if (text == null) {
            throw new BadInputException("option '" + name + "' needs a value");
        }
        try {
            return parser.apply(text);
        } catch (BadInputException e) {
            throw new BadInputException("option '" + name + "': " + e.getMessage());
        }
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** "int", "decimal", "bool", "text" or the allowed words joined with '|'. */
    public String type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** The default as it is written in a config file. */
    public String defaultText() {
        return format(defaultValue);
    }

    /** A value as it is written in a config file (decimals without a useless ".0"). */
    public static String format(Object value) {
        if (value instanceof Double) {
            double d = (Double) value;
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
        }
        return String.valueOf(value);
    }

    @Override
    public String toString() {
        return name + " (" + type + ", default " + defaultText() + ")";
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException("'" + text + "' is not a whole number");
        }
    }

    private static String range(String text, Object min, Object max) {
        return "'" + text + "' is out of range (" + format(min) + " to " + format(max) + ")";
    }
}
