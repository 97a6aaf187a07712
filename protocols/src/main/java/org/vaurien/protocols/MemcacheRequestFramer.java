package org.vaurien.protocols;

import java.nio.ByteBuffer;
import java.util.Locale;
import org.vaurien.spi.Framer;

/**
 * Frames memcached requests: a command line, and for storage commands (set, add, replace,
 * append, prepend, cas, ms) the data block its length announces.
 */
final class MemcacheRequestFramer implements Framer {
    private final MemcacheConversation conversation;
    private final Line line;
    private boolean inData;
    private long dataLeft;
    private boolean first = true;
    private boolean tls;
    private boolean dropped;
    private boolean noReply;
    /** The request's end was counted in the conversation before it was decided (a request whose head is all of it). */
    private boolean counted;
    /** The command and its key, for a matcher. */
    private String command;
    private String key;
    /** Set at the first byte when the connection is TLS or binary: passed through as tcp. */
    private Step passThrough;

    MemcacheRequestFramer(MemcacheConversation conversation) {
        this.line = conversation.line(64 * 1024);
        this.conversation = conversation;
    }

    @Override
    public Kind begin(ByteBuffer in) {
        dropped = false;
        noReply = false;
        counted = false;
        command = null;
        key = null;
        byte b = in.get(in.position());
        tls = first && Tls.startsHandshake(in);
        boolean binary = first && (b & 0xff) == 0x80;
        first = false;
        if (tls || binary) {
            passThrough = Step.raw(tls ? Tls.REASON : "it speaks memcached's binary protocol, which is passed through as tcp", true);
            tls = true;
            return Kind.PASS;
        }
        return Kind.EXCHANGE;
    }

    @Override
    public void dropped() {
        dropped = true;
        if (counted) {
            // decided at its end, after it was counted: its reply will not come from the server
            conversation.sent.pollLast();
            counted = false;
        }
    }

    @Override
    public Step scan(ByteBuffer in) {
        if (tls) {
            return passThrough;
        }
        while (in.hasRemaining()) {
            if (inData) {
                long n = Math.min(dataLeft, in.remaining());
                in.position(in.position() + (int) n);
                dataLeft -= n;
                if (dataLeft == 0) {
                    inData = false;
                    return ended(MemcacheConversation.Expect.LINE);
                }
                return Step.MORE;
            }
            Line.Fed fed = line.feed(in);
            if (fed == Line.Fed.MORE) {
                return Step.MORE;
            }
            if (fed == Line.Fed.TOO_LONG) {
                return line.tooLong("a command line", "memcached's text protocol");
            }
            Step step = command();
            line.reset();
            if (step != null) {
                return step;
            }
        }
        return Step.MORE;
    }

    /** Reads a command line: ends the request, starts its data block, or gives up. */
    private Step command() {
        Tokens t = new Tokens(line);
        String cmd = t.word(0);
        command = cmd;
        key = t.raw(1);
        noReply = t.last().equals("noreply");
        switch (cmd) {
            case "set": case "add": case "replace": case "append": case "prepend": case "cas": {
                long bytes = t.number(4);
                if (bytes < 0) {
                    return fail("a storage command without a byte count", false);
                }
                return data(bytes);
            }
            case "ms": {
                if (t.hasFlag("q")) {
                    return quiet();
                }
                long bytes = t.number(2);
                if (bytes < 0) {
                    bytes = t.flagNumber('S');
                }
                if (bytes < 0) {
                    return fail("an ms command without a data length", false);
                }
                return data(bytes);
            }
            case "mg": case "md": case "ma": case "me":
                return t.hasFlag("q") ? quiet() : ended(MemcacheConversation.Expect.LINE);
            case "get": case "gets": case "gat": case "gats": case "stats":
                return ended(MemcacheConversation.Expect.UNTIL_END);
            case "lru_crawler":
                return ended(t.word(1).equals("metadump") || t.word(1).equals("mgdump")
                        ? MemcacheConversation.Expect.UNTIL_END : MemcacheConversation.Expect.LINE);
            case "quit":
                noReply = true;
                return ended(MemcacheConversation.Expect.LINE);
            case "":
                return fail("an empty command line", false);
            default:
                return ended(MemcacheConversation.Expect.LINE);
        }
    }

    /** The command line was the head: it is decided before its data block goes. */
    private Step data(long bytes) {
        inData = true;
        dataLeft = bytes + 2;
        return Step.HEAD;
    }

    @Override
    public boolean decidesAtHead() {
        return !tls;
    }

    @Override
    public String field(String name) {
        switch (name) {
            case "command": return command;
            case "key": return key == null || key.isEmpty() ? null : key;
            default: return null;
        }
    }

    private Step quiet() {
        return fail("quiet meta commands (flag q) answer only some requests, so replies cannot be"
                + " matched with requests; the connection is passed through as tcp", true);
    }

    private Step ended(MemcacheConversation.Expect expect) {
        if (!dropped && !noReply) {
            conversation.sent.add(expect);
            counted = true;
        }
        return Step.END;
    }

    @Override
    public boolean expectsResponse() {
        return !noReply;
    }

    private static Step fail(String why, boolean isExpected) {
        return Step.raw(isExpected ? why : "bytes that are not memcached's text protocol (" + why + ")", isExpected);
    }

    /** The space-separated words of a command line. */
    static final class Tokens {
        private final String[] words;

        Tokens(Line line) {
            String text = line.text().trim();
            words = text.isEmpty() ? new String[0] : text.split(" +");
        }

        /** The word as sent (a key keeps its case). */
        String raw(int i) {
            return i < words.length ? words[i] : "";
        }

        String word(int i) {
            return i < words.length ? words[i].toLowerCase(Locale.ROOT) : "";
        }

        String last() {
            return words.length == 0 ? "" : words[words.length - 1];
        }

        long number(int i) {
            if (i >= words.length) {
                return -1;
            }
            try {
                return Long.parseLong(words[i]);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** A meta flag written as a word of its own ("q", "v"), after the key. */
        boolean hasFlag(String flag) {
            for (int i = 2; i < words.length; i++) {
                if (words[i].equals(flag)) {
                    return true;
                }
            }
            return false;
        }

        /** The number of a meta flag such as S123, or -1. */
        long flagNumber(char flag) {
            for (int i = 2; i < words.length; i++) {
                if (words[i].length() > 1 && words[i].charAt(0) == flag) {
                    try {
                        return Long.parseLong(words[i].substring(1));
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
            return -1;
        }
    }
}
