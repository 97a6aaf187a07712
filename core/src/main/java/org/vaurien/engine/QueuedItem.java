package org.vaurien.engine;

import java.nio.ByteBuffer;

/**
 * One thing an {@link Outbound} has to send, in its queue: bytes with the time they may leave,
 * or the half-close, close or reset that follows them. Recycled through the outbound's free
 * list, so a held chunk allocates nothing.
 */
final class QueuedItem {
    static final int DATA = 0;
    static final int SHUTDOWN = 1;
    static final int CLOSE = 2;
    static final int RESET = 3;

    int kind;
    long due;
    ByteBuffer data;
    /** The pooled buffer behind {@code data}, given back once sent; null for a copy. */
    ByteBuffer pooled;
    /** The memory it holds, counted in the engine's budget until it is sent. */
    long cost;
    /** For bytes packed in a pooled buffer shared with the items around it: their range in it; -1 otherwise. */
    int off;
    int end;
    QueuedItem next;

    QueuedItem set(int kind, long due, ByteBuffer data, ByteBuffer pooled) {
        this.kind = kind;
        this.due = due;
        this.data = data;
        this.pooled = pooled;
        this.cost = pooled != null ? pooled.capacity() : data != null ? data.capacity() : 0;
        this.off = -1;
        this.next = null;
        return this;
    }

    QueuedItem at(long newDue) {
        QueuedItem copy = new QueuedItem().set(kind, newDue, data, pooled);
        copy.cost = cost;
        copy.off = off;
        copy.end = end;
        return copy;
    }

    /** Its bytes, the buffer's position and limit set to them. */
    ByteBuffer bytes() {
        if (off >= 0) {
            data.limit(end).position(off);
        }
        return data;
    }

    /** Remembers how far a write went, for packed bytes. */
    void wrote() {
        if (off >= 0) {
            off = data.position();
        }
    }
}
