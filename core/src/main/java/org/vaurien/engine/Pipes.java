package org.vaurien.engine;

import java.util.random.RandomGenerator;

/** What the exchange handler acts on: a connection's two directions and the connection itself. */
interface Pipes {
    long now();

    /** Client to backend. */
    Route requests();

    /** Backend to client. */
    Route responses();

    boolean isClosed();

    /** Closes the connection now, or resets it (a TCP RST to both sides). */
    void close(String reason, boolean reset);

    /** Closes (or resets) the connection once what was forwarded to the backend has been written. */
    void closeAfterForwarded(boolean reset);

    /** Closes the connection once what was sent to the client has been written. */
    void closeAfterAnswered();

    /** The connection's generator for what the proxy makes up (error bytes, garbage). */
    RandomGenerator payload();

    /** Stops (or resumes) reading the client: too many of its exchanges are owed an answer. */
    void holdRequests(boolean hold);
}
