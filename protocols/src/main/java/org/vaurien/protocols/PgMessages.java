package org.vaurien.protocols;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL protocol 3 messages read across reads: a type byte (none for the start-up
 * messages), a 4-byte big-endian length that counts itself, then the body, of which the first
 * bytes are kept so that a framer can look at them.
 */
final class PgMessages {
    private final int keep;
    private final byte[] header = new byte[5];
    private int headerSize = 5;
    private int headerRead;
    private long left;
    private byte[] head;
    private int headLength;
    private int type;
    private int length;

    PgMessages(int keep) {
        this.keep = keep;
        this.head = new byte[Math.min(keep, 256)];
    }

    /** The next message has no type byte (a start-up, SSL, GSS or cancel request). */
    void untyped(boolean untyped) {
        headerSize = untyped ? 4 : 5;
    }

    /**
     * Consumes up to the end of the current message; true when it ended. A length below 4 (or
     * 8 untyped) is no message of this protocol: {@link #broken()} says so.
     */
    boolean feed(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (headerRead < headerSize) {
                header[headerRead++] = in.get();
                if (headerRead == headerSize) {
                    int o = headerSize - 4;
                    type = o == 0 ? -1 : header[0] & 0xff;
                    length = (header[o] & 0xff) << 24 | (header[o + 1] & 0xff) << 16 | (header[o + 2] & 0xff) << 8 | header[o + 3] & 0xff;
                    left = (long) length - 4;
                    headLength = 0;
                    if (broken()) {
                        return true;
                    }
                    if (left == 0) {
                        headerRead = 0;
                        return true;
                    }
                }
                continue;
            }
            int n = (int) Math.min(left, in.remaining());
            int kept = Math.min(n, keep - headLength);
            if (kept > 0) {
                if (headLength + kept > head.length) {
                    head = java.util.Arrays.copyOf(head, Math.min(keep, Math.max(head.length * 2, headLength + kept)));
                }
                in.get(head, headLength, kept);
                headLength += kept;
                in.position(in.position() + n - kept);
            } else {
                in.position(in.position() + n);
            }
            left -= n;
            if (left == 0) {
                headerRead = 0;
                return true;
            }
        }
        return false;
    }

    /** The length cannot be one: the bytes are not this protocol. */
    boolean broken() {
        return length < (headerSize == 4 ? 8 : 4);
    }

    /** The type byte ('Q', 'Z'...), or -1 for an untyped message. */
    int type() {
        return type;
    }

    /** The first body bytes' 32-bit integer at {@code offset} (an untyped message's code at 0). */
    int int32(int offset) {
        if (offset + 4 > headLength) {
            return -1;
        }
        return (head[offset] & 0xff) << 24 | (head[offset + 1] & 0xff) << 16 | (head[offset + 2] & 0xff) << 8 | head[offset + 3] & 0xff;
    }

    /** The body's byte at {@code offset}, or -1 past what was kept. */
    int byteAt(int offset) {
        return offset < headLength ? head[offset] & 0xff : -1;
    }

    /** The zero-terminated string at {@code offset} of the kept body (cut at what was kept). */
    String cstring(int offset) {
        int end = offset;
        while (end < headLength && head[end] != 0) {
            end++;
        }
        return offset >= headLength ? "" : new String(head, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** Where the zero-terminated string at {@code offset} ends, its terminator passed. */
    int after(int offset) {
        int end = offset;
        while (end < headLength && head[end] != 0) {
            end++;
        }
        return end + 1;
    }
}
