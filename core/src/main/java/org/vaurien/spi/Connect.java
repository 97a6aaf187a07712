package org.vaurien.spi;

/** A connection as a fault sees it when it opens (or, in the agent, when the application connects). */
public interface Connect {
    /** The name of the proxy or agent target. */
    String proxy();

    /** The connection's number in its proxy (the connect's number for an agent target), from 1. */
    long connection();

    /** {@link Phase#CONNECT} for the application's connect, {@link Phase#OPEN} for an accepted client. */
    Phase phase();
}
