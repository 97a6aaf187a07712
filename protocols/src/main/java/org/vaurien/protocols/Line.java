package org.vaurien.protocols;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A text line collected across reads, up to and including its {@code \n}; the line's bytes
 * are kept (without CR LF) so a framer can look at them. A line longer than its limit means the
 * bytes are not the protocol: {@link #feed} reports it instead of growing without bound.
 */
final class Line {
    /** What {@link #feed} did. */
    enum Fed { MORE, DONE, TOO_LONG }

    private final int max;
    private byte[] bytes = new byte[128];
    private int length;

    Line(int max) {
        this.max = max;
    }

    /** Consumes up to the end of the line; DONE when it is complete. */
    Fed feed(ByteBuffer in) {
        int limit = in.limit();
        for (int i = in.position(); i < limit; i++) {
            byte b = in.get(i);
            if (b == '\n') {
                in.position(i + 1);
                if (length > 0 && bytes[length - 1] == '\r') {
                    length--;
                }
                return Fed.DONE;
            }
            if (length == max) {
                in.position(i);
                return Fed.TOO_LONG;
            }
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.min(max, bytes.length * 2));
            }
            bytes[length++] = b;
        }
        in.position(limit);
        return Fed.MORE;
    }

    void reset() {
        length = 0;
    }

    int length() {
        return length;
    }

    byte at(int i) {
        return bytes[i];
    }

    boolean isEmpty() {
        return length == 0;
    }

    /** Whether the line starts with {@code prefix}, ignoring ASCII case. */
    boolean startsWithIgnoreCase(String prefix) {
        return regionMatchesIgnoreCase(0, prefix);
    }

    boolean regionMatchesIgnoreCase(int offset, String text) {
        if (offset + text.length() > length) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (lower(bytes[offset + i]) != lower((byte) text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code word} appears in the line, ignoring ASCII case. */
    boolean containsIgnoreCase(String word) {
        for (int i = 0; i + word.length() <= length; i++) {
            if (regionMatchesIgnoreCase(i, word)) {
                return true;
            }
        }
        return false;
    }

    /** The decimal number starting at {@code offset} (spaces skipped), or -1 if there is none. */
    long number(int offset) {
        int i = offset;
        while (i < length && bytes[i] == ' ') {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < length && bytes[i] >= '0' && bytes[i] <= '9' && digits < 18) {
            value = value * 10 + (bytes[i++] - '0');
            digits++;
        }
        return digits == 0 ? -1 : value;
    }

    /** Where the first {@code c} at or after {@code from} is, or -1. */
    int indexOf(char c, int from) {
        for (int i = from; i < length; i++) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return -1;
    }

    String text() {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    String text(int from, int to) {
        return new String(bytes, from, Math.max(0, to - from), StandardCharsets.ISO_8859_1);
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }
}
