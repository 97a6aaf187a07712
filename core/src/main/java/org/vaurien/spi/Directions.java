package org.vaurien.spi;

import java.util.Locale;

/** The directions a stream behavior acts on: its {@code direction} option (Toxiproxy's stream). */
public enum Directions {
    UPSTREAM, DOWNSTREAM, BOTH;

    public boolean covers(Direction d) {
        return this == BOTH || name().equals(d.name());
    }

    /** Computed once: a fault record names it for every fault, and lower-casing allocated each time (JFR). */
    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wire;
    }
}
