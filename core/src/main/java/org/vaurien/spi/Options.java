package org.vaurien.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vaurien.BadInputException;

/**
 * The values of the options of one behavior or protocol, checked against its declarations.
 * Immutable; every declared option has a value (its default when none was given).
 */
public final class Options {
    private final String owner;
    private final List<Option<?>> declared;
    private final Map<String, Object> values;

    private Options(String owner, List<Option<?>> declared, Map<String, Object> values) {
        this.owner = owner;
        this.declared = declared;
        this.values = values;
    }

    /**
     * Checks text values against the declarations. Nothing is half-applied: an unknown key or a
     * bad value throws before any value is kept.
     *
     * @param owner how the user names the plug-in, e.g. "behavior 'delay'"
     */
    public static Options parse(String owner, List<Option<?>> declared, Map<String, String> text) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Option<?> option : declared) {
            values.put(option.name(), option.defaultValue());
        }
        for (Map.Entry<String, String> entry : text.entrySet()) {
            Option<?> option = find(declared, entry.getKey());
            if (option == null) {
                throw new BadInputException(owner + " has no option '" + entry.getKey() + "'"
                        + known(declared));
            }
            try {
                values.put(option.name(), option.parse(entry.getValue()));
            } catch (BadInputException e) {
                throw new BadInputException(owner + ", " + e.getMessage());
            }
        }
        return new Options(owner, List.copyOf(declared), Collections.unmodifiableMap(values));
    }

    /** All defaults. */
    public static Options defaults(String owner, List<Option<?>> declared) {
        return parse(owner, declared, Map.of());
    }

    /** These options with some values changed, checked like {@link #parse}. */
    public Options with(Map<String, String> changes) {
        Map<String, String> text = new LinkedHashMap<>(text());
        text.putAll(changes);
        return parse(owner, declared, text);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Option<T> option) {
        Object value = values.get(option.name());
        if (value == null && !values.containsKey(option.name())) {
            throw new IllegalArgumentException(owner + " did not declare option " + option.name());
        }
        return (T) value;
    }

    /** The value of a declared option found by its wire name, or null when it is not declared. */
    public Object get(String name) {
        return values.get(name);
    }

    /** Every value as text, in declaration order. */
    public Map<String, String> text() {
        Map<String, String> text = new LinkedHashMap<>();
        for (Option<?> option : declared) {
            text.put(option.name(), textOf(option));
        }
        return text;
    }

    /** Every value as JSON carries it (numbers in the option's unit), in declaration order. */
    public Map<String, Object> wireValues() {
        Map<String, Object> wire = new LinkedHashMap<>();
        for (Option<?> option : declared) {
            wire.put(option.name(), wireOf(option));
        }
        return wire;
    }

    private <T> String textOf(Option<T> option) {
        return option.text(get(option));
    }

    private <T> Object wireOf(Option<T> option) {
        return option.wireValue(get(option));
    }

    /** Every value, typed, in declaration order. */
    public Map<String, Object> values() {
        return values;
    }

    public List<Option<?>> declared() {
        return declared;
    }

    public String owner() {
        return owner;
    }

    @Override
    public String toString() {
        return owner + " " + text();
    }

    static Option<?> find(List<Option<?>> declared, String name) {
        for (Option<?> option : declared) {
            if (option.name().equals(name)) {
                return option;
            }
        }
        return null;
    }

    private static String known(List<Option<?>> declared) {
        if (declared.isEmpty()) {
            return " (it has no options)";
        }
        StringBuilder names = new StringBuilder(" (known: ");
        for (int i = 0; i < declared.size(); i++) {
            names.append(i == 0 ? "" : ", ").append(declared.get(i).name());
        }
        return names.append(')').toString();
    }
}
