package org.vaurien.engine;

import java.nio.ByteBuffer;

/** Where a direction's bytes go: the socket's {@link Outbound}, or stages in front of it. */
interface Sink {
    /**
     * Sends {@code src[from, to)} no earlier than {@code due}; {@code takeable} when {@code src}
     * is the loop's read buffer and may be kept uncopied.
     */
    void send(ByteBuffer src, int from, int to, long due, boolean takeable);

    /** Half-closes once everything before is sent. */
    void shutdownAfter(long due);

    /** Closes the connection once everything before is sent. */
    void closeAfter(long due);
}
