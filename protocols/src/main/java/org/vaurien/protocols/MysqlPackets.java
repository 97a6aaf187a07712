package org.vaurien.protocols;

import java.nio.ByteBuffer;

/**
 * MySQL packets read across reads: a 3-byte length and a sequence id, then the payload, of which
 * the first bytes are kept so a framer can look at them. A payload of 0xFFFFFF bytes continues
 * in the next packet; together they are one logical packet, seen through its first part.
 */
final class MysqlPackets {
    static final int MAX_PAYLOAD = 0xFFFFFF;
    private static final int KEEP = 128;
    /** How many first payload bytes are kept; the array grows to it only when a payload is that long. */
    private final int keep;

    private final byte[] header = new byte[4];
    private int headerRead;
    private long payloadLeft;
    private byte[] head = new byte[KEEP];

    MysqlPackets() {
        this(KEEP);
    }

    /** Packets whose first {@code keep} payload bytes are kept (a request's SQL, for a matcher). */
    MysqlPackets(int keep) {
        this.keep = Math.max(KEEP, keep);
    }
    private int headLength;
    private int length;
    private int sequence;
    private boolean continuation;
    private boolean firstPartContinues;
    private int logicalLength;

    /** Consumes up to the end of a logical packet; true when one was completed. */
    boolean feed(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (headerRead < 4) {
                header[headerRead++] = in.get();
                if (headerRead == 4) {
                    length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
                    sequence = header[3] & 0xff;
                    payloadLeft = length;
                    if (!continuation) {
                        headLength = 0;
                        logicalLength = length;
                        firstPartContinues = length == MAX_PAYLOAD;
                    }
                    if (payloadLeft == 0 && packetDone()) {
                        return true;
                    }
                }
                continue;
            }
            int n = (int) Math.min(payloadLeft, in.remaining());
            if (!continuation) {
                int kept = Math.min(n, keep - headLength);
                if (kept > 0) {
                    if (headLength + kept > head.length) {
                        head = java.util.Arrays.copyOf(head, Math.min(keep, Math.max(head.length * 2, headLength + kept)));
                    }
                    in.get(in.position(), head, headLength, kept);
                    headLength += kept;
                }
            }
            in.position(in.position() + n);
            payloadLeft -= n;
            if (payloadLeft == 0 && packetDone()) {
                return true;
            }
        }
        return false;
    }

    /** A physical packet ended: true when it also ends the logical one. */
    private boolean packetDone() {
        headerRead = 0;
        continuation = length == MAX_PAYLOAD;
        return !continuation;
    }

    /** The payload length of the logical packet's first part (MAX_PAYLOAD when it continued). */
    int length() {
        return logicalLength;
    }

    boolean continued() {
        return firstPartContinues;
    }

    /** The sequence id of the last physical packet read. */
    int sequence() {
        return sequence;
    }

    /** The first payload byte, or -1 for an empty payload. */
    int type() {
        return headLength == 0 ? -1 : head[0] & 0xff;
    }

    /** The kept payload bytes from {@code offset} on, as text. */
    String text(int offset) {
        return offset >= headLength ? "" : new String(head, offset, headLength - offset, java.nio.charset.StandardCharsets.UTF_8);
    }

    int u8(int offset) {
        return offset < headLength ? head[offset] & 0xff : 0;
    }

    int u16(int offset) {
        return u8(offset) | u8(offset + 1) << 8;
    }

    long u32(int offset) {
        return u16(offset) | (long) u16(offset + 2) << 16;
    }

    /** A length-encoded integer at {@code offset}: {value, size}. */
    long[] lenenc(int offset) {
        int first = u8(offset);
        if (first < 0xfb) {
            return new long[] {first, 1};
        }
        if (first == 0xfc) {
            return new long[] {u16(offset + 1), 3};
        }
        if (first == 0xfd) {
            return new long[] {u16(offset + 1) | (long) u8(offset + 3) << 16, 4};
        }
        return new long[] {u32(offset + 1) | u32(offset + 5) << 32, 9};
    }

    /** Where the server version string of a greeting ends (its NUL), or -1. */
    int nulAfter(int offset) {
        for (int i = offset; i < headLength; i++) {
            if (head[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
