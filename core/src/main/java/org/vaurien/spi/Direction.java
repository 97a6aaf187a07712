package org.vaurien.spi;

import java.util.Locale;

/** Upstream: client to backend (requests). Downstream: backend to client (responses). */
public enum Direction {
    UPSTREAM, DOWNSTREAM;

    /** Computed once: a fault record names it for every fault, and lower-casing allocated each time (JFR). */
    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wire;
    }
}
