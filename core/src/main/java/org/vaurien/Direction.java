package org.vaurien;

/** Upstream: client to backend (requests). Downstream: backend to client (responses). */
public enum Direction {
    UPSTREAM, DOWNSTREAM;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
