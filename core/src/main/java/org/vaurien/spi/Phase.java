package org.vaurien.spi;

import java.util.Locale;

/** When an {@link Effect} acts, in the life of a connection and of each of its exchanges. */
public enum Phase {
    /** The application's connect, before any socket of the proxy's is involved (agent only). */
    CONNECT,
    /** A client's connection was accepted; the backend is not dialled yet. */
    OPEN,
    /** A request started: before the backend sees any of it. */
    REQUEST,
    /** The request reached the backend; its response has not started. */
    RESPONSE;

    /** Computed once: a fault record names it for every fault, and lower-casing allocated each time (JFR). */
    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wire;
    }
}
