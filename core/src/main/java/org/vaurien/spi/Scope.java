package org.vaurien.spi;

import java.util.Locale;

/** How long a draw holds: Vaurien draws per exchange, Toxiproxy once per connection. */
public enum Scope {
    EXCHANGE, CONNECTION;

    /** Computed once: a fault record names it for every fault, and lower-casing allocated each time (JFR). */
    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wire;
    }
}
