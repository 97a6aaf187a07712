package org.vaurien.spi;

/** What a behavior's counters ({@code first}, {@code every}, {@code after}) count on. */
public enum CountPer {
    /** All the proxy's connections together. */
    PROXY,
    /** Each connection on its own. */
    CONNECTION
}
