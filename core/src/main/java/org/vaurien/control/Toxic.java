package org.vaurien.control;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vaurien.spi.Directions;

/**
 * A behavior in a proxy's stack, as Toxiproxy names it: a name, a type (any behavior), the
 * stream it acts on, a toxicity and the behavior's own options as attributes.
 */
public record Toxic(String name, String type, Directions stream, double toxicity, Map<String, String> attributes) {
    public Toxic {
        attributes = Map.copyOf(new LinkedHashMap<>(attributes));
    }

    /** Toxiproxy's default name: {@code type_stream}. */
    public static String defaultName(String type, Directions stream) {
        return type + "_" + stream.wireName();
    }
}
