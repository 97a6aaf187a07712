package org.vaurien.spi;

import java.util.Locale;

/** Upstream: client to backend (requests). Downstream: backend to client (responses). */
public enum Direction {
    UPSTREAM, DOWNSTREAM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
