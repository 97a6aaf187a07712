package org.vaurien.engine;

import java.nio.ByteBuffer;

/**
 * The bytes of a message's head that its flow holds (for a rewrite, or until the message is
 * decided): a span of the read buffer while they lie in the current read and nothing needs
 * rewriting, else a copy grown as they come within the engine's budget, up to a size no head
 * reaches.
 */
final class HeadBytes {
    private static final int MAX = 64 * 1024;

    /** Where the bytes of a span go when it ends. */
    interface Bytes {
        void take(ByteBuffer buf, int from, int to);
    }

    private final HeldBytes budget;
    private ByteBuffer bytes;
    /** The head while it lies in the current read: a span of the read buffer, copied only if the read ends first. */
    private ByteBuffer span;
    private int spanFrom;
    private int spanTo;

    HeadBytes(HeldBytes budget) {
        this.budget = budget;
    }

    boolean isEmpty() {
        return bytes == null || bytes.position() == 0;
    }

    /** Keeps {@code buf}'s bytes from {@code from} to {@code to}; false when a head that long, or the budget, has no room. */
    boolean add(ByteBuffer buf, int from, int to) {
        int n = to - from;
        int held = bytes == null ? 0 : bytes.position();
        if (held + n > MAX) {
            return false;
        }
        if (bytes == null || bytes.remaining() < n) {
            int size = Math.min(MAX, Math.max(bytes == null ? 512 : bytes.capacity() * 2, held + n));
            if (!budget.reserve(size - (bytes == null ? 0 : bytes.capacity()))) {
                return false;
            }
            ByteBuffer bigger = ByteBuffer.allocate(size);
            if (bytes != null) {
                bytes.flip();
                bigger.put(bytes);
            }
            bytes = bigger;
        }
        bytes.put(buf.duplicate().limit(to).position(from));
        return true;
    }

    /** Takes bytes as (the rest of) the span, when nothing was copied yet and they continue it; false otherwise. */
    boolean extendSpan(ByteBuffer buf, int from, int to) {
        if (!isEmpty()) {
            return false;
        }
        if (span == null) {
            span = buf;
            spanFrom = from;
            spanTo = to;
            return true;
        }
        if (span == buf && spanTo == from) {
            spanTo = to;
            return true;
        }
        return false;
    }

    /** Hands the span, if there is one, to {@code to}, and forgets it. */
    void takeSpan(Bytes to) {
        ByteBuffer b = span;
        if (b != null) {
            span = null;
            to.take(b, spanFrom, spanTo);
        }
    }

    /** The bytes held, to be read until the next {@link #clear}. */
    ByteBuffer flip() {
        return bytes.flip();
    }

    void clear() {
        if (bytes != null) {
            bytes.clear();
        }
    }
}
