package org.vaurien.protocols;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The first two words of a Redis request, read as part of its head: the command (lower case)
 * and its first argument as sent (the key; CLIENT's sub-command). They tell a handshake step and
 * what a matcher sees; no allocation until a matcher asks.
 */
final class RedisCommandWords {
    private static final int NAME_MAX = 16;
    /** The longest key a matcher sees whole; longer ones are matched on this much. */
    private static final int KEY_MAX = 1024;
    /** Commands that set a connection up, which pass unless the protocol says to draw them. */
    private static final byte[][] HANDSHAKES = {bytes("hello"), bytes("auth"), bytes("select"), bytes("readonly")};
    /** CLIENT's sub-commands that do. */
    private static final byte[][] CLIENT_HANDSHAKES = {bytes("setname"), bytes("setinfo")};
    private static final byte[][] CLIENT = {bytes("client")};

    final byte[] name = new byte[NAME_MAX];
    int nameLength;
    private final byte[] second = new byte[KEY_MAX];
    private int secondLength;
    private boolean hasSecond;
    private boolean inlineNameDone;
    private boolean inlineKeyDone;

    void reset() {
        nameLength = 0;
        secondLength = 0;
        hasSecond = false;
        inlineNameDone = false;
        inlineKeyDone = false;
    }

    /** Bytes of the command's name (an array's first bulk string), in any number of pieces. */
    void name(ByteBuffer in, int from, int n) {
        int m = Math.min(n, NAME_MAX - nameLength);
        in.get(from, name, nameLength, m);
        for (int i = nameLength; i < nameLength + m; i++) {
            name[i] = lower(name[i]);
        }
        nameLength += m;
    }

    /** The first argument (an array's second bulk string) starts; it may be empty. */
    void startSecond() {
        hasSecond = true;
    }

    /** Bytes of the first argument, in any number of pieces. */
    void second(ByteBuffer in, int from, int n) {
        int m = Math.min(n, KEY_MAX - secondLength);
        in.get(from, second, secondLength, m);
        secondLength += m;
    }

    /** Part of an inline command's line: its first two words, which may come over several reads. */
    void inline(ByteBuffer in, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = in.get(i);
            boolean space = b == ' ' || b == '\t' || b == '\r';
            if (!inlineNameDone) {
                if (space) {
                    inlineNameDone = nameLength > 0;
                } else if (nameLength < NAME_MAX) {
                    name[nameLength++] = lower(b);
                }
            } else if (space) {
                inlineKeyDone |= secondLength > 0;
            } else if (!inlineKeyDone && secondLength < KEY_MAX) {
                hasSecond = true;
                second[secondLength++] = b;
            }
        }
    }

    boolean isClient() {
        return oneOf(name, nameLength, CLIENT);
    }

    /** HELLO, AUTH, SELECT, READONLY, CLIENT SETNAME or CLIENT SETINFO. */
    boolean isHandshake() {
        if (!isClient()) {
            return oneOf(name, nameLength, HANDSHAKES);
        }
        for (byte[] w : CLIENT_HANDSHAKES) {
            if (secondLength == w.length && sameIgnoringCase(second, w)) {
                return true;
            }
        }
        return false;
    }

    /** The command in upper case; null when there is none. */
    String command() {
        return nameLength == 0 ? null : new String(name, 0, nameLength, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
    }

    /** The first argument as sent; null when the command has none. */
    String key() {
        return hasSecond ? new String(second, 0, secondLength, StandardCharsets.UTF_8) : null;
    }

    /** Whether the first {@code length} bytes of {@code word} are one of {@code words}. */
    static boolean oneOf(byte[] word, int length, byte[][] words) {
        for (byte[] w : words) {
            if (length == w.length && Arrays.equals(word, 0, length, w, 0, length)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code word} starts with {@code lower}'s bytes, whatever their case. */
    private static boolean sameIgnoringCase(byte[] word, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            if (lower(word[i]) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }
}
