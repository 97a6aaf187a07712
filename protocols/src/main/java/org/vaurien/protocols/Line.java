package org.vaurien.protocols;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongPredicate;
import org.vaurien.spi.Framer;

/**
 * A text line collected across reads, up to and including its {@code \n}; the line's bytes
 * are kept (without CR LF) so a framer can look at them. A line longer than its limit, or than
 * the proxy's memory budget allows, is reported by {@link #feed} instead of growing: the bytes
 * then go on as raw tcp.
 */
final class Line {
    /** What {@link #feed} did. */
    enum Fed { MORE, DONE, TOO_LONG }

    private static final int FIRST = 128;

    private final int max;
    private final LongPredicate reserve;
    private byte[] bytes = new byte[FIRST];
    private int length;
    private boolean budgetSpent;

    /** {@code reserve} is asked before the line grows; refused, the line is too long. */
    Line(int max, LongPredicate reserve) {
        this.max = max;
        this.reserve = reserve;
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
            if (length == max || length == bytes.length && !grow()) {
                in.position(i);
                return Fed.TOO_LONG;
            }
            bytes[length++] = b;
        }
        in.position(limit);
        return Fed.MORE;
    }

    private boolean grow() {
        int size = Math.min(max, bytes.length * 2);
        if (!reserve.test(size - bytes.length)) {
            budgetSpent = true;
            return false;
        }
        bytes = Arrays.copyOf(bytes, size);
        return true;
    }

    /**
     * The switch to raw tcp after {@link Fed#TOO_LONG}: {@code what} (a command line...) was
     * longer than the protocol allows, so the bytes are not {@code protocol}; or the proxy's
     * memory budget is spent.
     */
    Framer.Step tooLong(String what, String protocol) {
        if (budgetSpent) {
            return Framer.Step.limit("max_buffer", "the proxy's memory budget is spent while reading " + what);
        }
        return Framer.Step.raw("bytes that are not " + protocol + " (" + what + " longer than " + max / 1024 + " KiB)", false);
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

    /** The number from {@code offset} to the end of the line, spaces and tabs around it allowed; -1 when anything else is there. */
    long wholeNumber(int offset) {
        int end = length;
        while (end > offset && (bytes[end - 1] == ' ' || bytes[end - 1] == '\t')) {
            end--;
        }
        int i = offset;
        while (i < end && (bytes[i] == ' ' || bytes[i] == '\t')) {
            i++;
        }
        if (i == end || end - i > 18) {
            return -1;
        }
        long value = 0;
        for (; i < end; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return -1;
            }
            value = value * 10 + (bytes[i] - '0');
        }
        return value;
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
