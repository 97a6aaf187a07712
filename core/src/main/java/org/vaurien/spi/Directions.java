package org.vaurien.spi;

import java.util.Locale;

/** The directions a stream behavior acts on: its {@code direction} option (Toxiproxy's stream). */
public enum Directions {
    UPSTREAM, DOWNSTREAM, BOTH;

    public boolean covers(Direction d) {
        return this == BOTH || name().equals(d.name());
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
