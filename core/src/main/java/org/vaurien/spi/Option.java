package org.vaurien.spi;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.vaurien.BadInputException;

/**
 * One setting a behavior or protocol declares: its wire name (snake_case), what it means, its
 * type and its default. The command line flags, the config file keys, the control API and
 * {@code --list} are all generated from these declarations, so a default or a unit is written
 * once, here.
 *
 * @param <T> the value's Java type
 */
public final class Option<T> {
    private final String name;
    private final String description;
    private final String type;
    private final T defaultValue;
    private final Function<String, T> parser;
    private final Function<T, Object> wire;
    private final Number min;
    private final Number max;

    private Option(String name, String description, String type, T defaultValue,
                   Function<String, T> parser, Function<T, Object> wire) {
        this(name, description, type, defaultValue, parser, wire, null, null);
    }

    private Option(String name, String description, String type, T defaultValue,
                   Function<String, T> parser, Function<T, Object> wire, Number min, Number max) {
        this.name = Objects.requireNonNull(name);
        this.description = Objects.requireNonNull(description);
        this.type = type;
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.wire = wire;
        this.min = min;
        this.max = max;
    }

    /** A whole number between {@code min} and {@code max}, both included. */
    public static Option<Integer> integer(String name, String description, int defaultValue, int min, int max) {
        return new Option<>(name, description, "int", defaultValue,
                text -> (int) checked(parseLong(text), text, min, max), v -> v, min, max);
    }

    /** A whole number that may exceed an int (byte counts). */
    public static Option<Long> count(String name, String description, long defaultValue, long min, long max) {
        return new Option<>(name, description, "int", defaultValue, text -> checked(parseLong(text), text, min, max), v -> v, min, max);
    }

    /** A decimal number between {@code min} and {@code max}, both included. */
    public static Option<Double> decimal(String name, String description, double defaultValue, double min, double max) {
        return new Option<>(name, description, "decimal", defaultValue, text -> {
            double value = parseDouble(text);
            if (!(value >= min && value <= max)) {
                throw new BadInputException(range(text, min, max));
            }
            return value;
        }, v -> v, min, max);
    }

    /**
     * A time, written by users as a number in {@code unit}: seconds take decimals ({@code 0.5}),
     * smaller units are whole numbers, as the original Vaurien and Toxiproxy wrote them.
     */
    public static Option<Duration> duration(String name, String description, Duration defaultValue,
                                            ChronoUnit unit, Duration max) {
        return duration(name, description, defaultValue, unit, Duration.ZERO, max);
    }

    /** A time of at least {@code min}, written as a number in {@code unit} (see above). */
    public static Option<Duration> duration(String name, String description, Duration defaultValue,
                                            ChronoUnit unit, Duration min, Duration max) {
        boolean decimals = unit == ChronoUnit.SECONDS;
        long minInUnit = min.toNanos() / unit.getDuration().toNanos();
        long maxInUnit = max.toNanos() / unit.getDuration().toNanos();
        Function<String, Duration> parser = decimals
                ? text -> {
                    double seconds = parseDouble(text);
                    if (!(seconds >= minInUnit && seconds <= maxInUnit)) {
                        throw new BadInputException(range(text, minInUnit, maxInUnit));
                    }
                    return Duration.ofNanos(Math.round(seconds * 1e9));
                }
                : text -> Duration.of(checked(parseLong(text), text, minInUnit, maxInUnit), unit);
        return new Option<>(name, description, decimals ? "decimal" : "int", defaultValue, parser,
                d -> inUnit(d, unit), minInUnit, maxInUnit);
    }

    /** true/false (also yes/no, on/off, 1/0, as the original config files wrote them). */
    public static Option<Boolean> bool(String name, String description, boolean defaultValue) {
        return new Option<>(name, description, "bool", defaultValue, text -> {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true": case "yes": case "on": case "1": return true;
                case "false": case "no": case "off": case "0": return false;
                default: throw new BadInputException("'" + text + "' is not true or false");
            }
        }, v -> v);
    }

    /** Free text. */
    public static Option<String> text(String name, String description, String defaultValue) {
        return new Option<>(name, description, "text", defaultValue, String::trim, v -> v);
    }

    /** One of an enum's constants, written as its name in lower case. */
    public static <E extends Enum<E>> Option<E> choice(String name, String description, E defaultValue) {
        List<String> words = new ArrayList<>();
        E[] constants = defaultValue.getDeclaringClass().getEnumConstants();
        for (E e : constants) {
            words.add(word(e));
        }
        return new Option<>(name, description, String.join("|", words), defaultValue, text -> {
            String w = text.trim().toLowerCase(Locale.ROOT);
            for (E e : constants) {
                if (word(e).equals(w)) {
                    return e;
                }
            }
            throw new BadInputException("'" + text + "' is not one of " + String.join(", ", words));
        }, Option::word);
    }

    /** The same option with another default (a behavior's own default for a common option). */
    public Option<T> withDefault(T newDefault) {
        return new Option<>(name, description, type, newDefault, parser, wire, min, max);
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

    /** A value as JSON carries it: a number (in the option's unit), a boolean or a string. */
    public Object wireValue(T value) {
        return wire.apply(value);
    }

    /** A value as it is written in a config file. */
    public String text(T value) {
        return format(wireValue(value));
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

    /** The smallest value allowed, in the option's unit; null when it is not a number. */
    public Number min() {
        return min;
    }

    /** The largest value allowed, in the option's unit; null when it is not a number. */
    public Number max() {
        return max;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** The default as it is written in a config file. */
    public String defaultText() {
        return text(defaultValue);
    }

    /** A number, boolean or word as it is written in a config file (no useless ".0"). */
    public static String format(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Enum<?> e) {
            return word(e);
        }
        return String.valueOf(value);
    }

    @Override
    public String toString() {
        return name + " (" + type + ", default " + defaultText() + ")";
    }

    private static String word(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** A duration in a unit: a whole number when it is one, else a decimal (0.5 s). */
    private static Object inUnit(Duration d, ChronoUnit unit) {
        long unitNanos = unit.getDuration().toNanos();
        long nanos = d.toNanos();
        return nanos % unitNanos == 0 ? (Object) (nanos / unitNanos) : (Object) (nanos / (double) unitNanos);
    }

    private static long checked(long value, String text, long min, long max) {
        if (value < min || value > max) {
            throw new BadInputException(range(text, min, max));
        }
        return value;
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException("'" + text + "' is not a whole number");
        }
    }

    private static double parseDouble(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException("'" + text + "' is not a number");
        }
    }

    private static String range(String text, Object min, Object max) {
        return "'" + text + "' is out of range (" + format(min) + " to " + format(max) + ")";
    }
}
