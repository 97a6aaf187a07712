package org.vaurien.protocols;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.vaurien.spi.Framer;

/**
 * Frames Redis values, RESP2 and RESP3, every type (aggregates nested to any depth, attributes,
 * streamed strings and aggregates), one top-level value a message. On the request side a line
 * that does not start with '*' is an inline command. Parses without recursion: a stack of the
 * elements each open aggregate still expects.
 */
final class RespFramer implements Framer {
    // the states as ints, not an enum: a switch on an enum reads a lookup table on every byte (JFR)
    private static final int TYPE = 0;
    private static final int NUMBER = 1;
    private static final int LINE = 2;
    private static final int BULK = 3;
    private static final int BULK_CR = 4;
    private static final int BULK_LF = 5;
    private static final int INLINE = 6;

    private final RedisConversation conversation;
    private final boolean requests;
    /** Aggregates nested deeper than this go on as raw tcp: the stack below never outgrows it. */
    private final int maxDepth;
    private int state = TYPE;
    private long[] remaining = new long[16];
    private int depth;
    private byte type;
    private long number;
    private int digits;
    private boolean negative;
    private boolean streamed;
    private boolean inStreamedString;
    private boolean closingStreamed;
    private long bulkLeft;
    private boolean firstMessage = true;
    private boolean tls;
    private boolean dropped;
    /** The current message was read to its end. */
    private boolean ended;
    /** A request's command and first argument, read as part of its head. */
    private final RedisCommandWords words = new RedisCommandWords();
    private boolean capturingName;
    private boolean capturingSecond;
    /** Elements of the request's array read so far, while its head is not over. */
    private int headArgs;
    private boolean headDone;
    private boolean expectNameNext;
    private boolean emptyInline;
    /** Whether the response being read answers a request (pushes do not). */
    private boolean counted;

    private static final Step TLS = Step.raw(Tls.REASON, true);

    RespFramer(RedisConversation conversation, boolean requests, int maxDepth) {
        this.conversation = conversation;
        this.requests = requests;
        this.maxDepth = maxDepth;
    }

    @Override
    public Kind begin(ByteBuffer in) {
        byte first = in.get(in.position());
        tls = firstMessage && requests && Tls.startsHandshake(in);
        firstMessage = false;
        dropped = false;
        ended = false;
        words.reset();
        headArgs = 0;
        headDone = false;
        emptyInline = false;
        if (tls) {
            return Kind.PASS;
        }
        if (requests) {
            state = first == '*' ? TYPE : INLINE;
            expectNameNext = first == '*';
            return conversation.pushMode() ? Kind.PASS : Kind.EXCHANGE;
        }
        counted = first != '>' && conversation.responseCounted();
        return counted ? Kind.EXCHANGE : Kind.PASS;
    }

    @Override
    public void dropped() {
        dropped = true;
        if (requests && ended) {
            // decided at its end (a command whose head is all of it), after it was counted
            conversation.requestDropped();
        }
    }

    @Override
    public Step scan(ByteBuffer in) {
        if (tls) {
            return TLS;
        }
        int p = in.position();
        int limit = in.limit();
        while (p < limit) {
            switch (state) {
                case INLINE: {
                    int nl = indexOf(in, p, limit, (byte) '\n');
                    words.inline(in, p, nl < 0 ? limit : nl);
                    if (nl < 0) {
                        in.position(limit);
                        return Step.MORE;
                    }
                    emptyInline = words.nameLength == 0;
                    in.position(nl + 1);
                    return ended();
                }
                case TYPE: {
                    byte t = in.get(p++);
                    if (!type(t)) {
                        in.position(p - 1);
                        return notResp("a value starting with byte " + (t & 0xff));
                    }
                    break;
                }
                case LINE: {
                    int nl = indexOf(in, p, limit, (byte) '\n');
                    if (nl < 0) {
                        in.position(limit);
                        return Step.MORE;
                    }
                    p = nl + 1;
                    state = TYPE;
                    if (closingStreamed) {
                        closingStreamed = false;
                        depth--;
                    }
                    if (valueDone()) {
                        in.position(p);
                        return ended();
                    }
                    break;
                }
                case NUMBER: {
                    // the digits in a loop of their own: most lengths and counts are read whole here
                    long value = number;
                    int count = digits;
                    boolean stopped = false;
                    byte b = 0;
                    while (p < limit) {
                        b = in.get(p);
                        if (b < '0' || b > '9' || count >= 18) {
                            stopped = true;
                            break;
                        }
                        value = value * 10 + (b - '0');
                        count++;
                        p++;
                    }
                    number = value;
                    digits = count;
                    if (!stopped) {
                        break;
                    }
                    p++;
                    if (b == '\r' && p < limit && in.get(p) == '\n') {
                        p++;
                        b = '\n';
                    }
                    if (b == '\n') {
                        if (onNumber()) {
                            in.position(p);
                            return ended();
                        }
                        if (depth > maxDepth) {
                            in.position(p);
                            return Step.limit("max_depth", "values nested deeper than " + maxDepth
                                    + " levels (the redis protocol's max_depth)");
                        }
                    } else if (b == '-' && digits == 0 && !negative) {
                        negative = true;
                    } else if (b == '?' && digits == 0) {
                        streamed = true;
                    } else if (b != '\r') {
                        in.position(p - 1);
                        return notResp("a length or count that is not a number");
                    }
                    break;
                }
                case BULK: {
                    int n = (int) Math.min(bulkLeft, limit - p);
                    if (capturingName) {
                        words.name(in, p, n);
                    } else if (capturingSecond) {
                        words.second(in, p, n);
                    }
                    p += n;
                    bulkLeft -= n;
                    if (bulkLeft == 0) {
                        capturingName = false;
                        capturingSecond = false;
                        state = BULK_CR;
                    }
                    break;
                }
                case BULK_CR:
                    if (in.get(p++) != '\r') {
                        in.position(p - 1);
                        return notResp("a bulk string longer than its length");
                    }
                    state = BULK_LF;
                    if (p == limit) {
                        break;
                    }
                    // the line feed is most often here too: on without a turn of the loop
                case BULK_LF:
                    if (in.get(p++) != '\n') {
                        in.position(p - 1);
                        return notResp("a bulk string longer than its length");
                    }
                    state = TYPE;
                    int elementDepth = depth;
                    if (!inStreamedString && valueDone()) {
                        in.position(p);
                        return ended();
                    }
                    if (requests && !headDone && elementDepth == 1 && ++headArgs >= 2) {
                        headDone = true;
                        in.position(p);
                        return Step.HEAD;
                    }
                    break;
                default:
                    throw new IllegalStateException("state " + state);
            }
        }
        in.position(p);
        return Step.MORE;
    }

    /** Reads a type byte; false when it is not one. */
    private boolean type(byte t) {
        switch (t) {
            case '+': case '-': case ':': case ',': case '_': case '#': case '(':
                state = LINE;
                return true;
            case '$': case '!': case '=': case '*': case '%': case '~': case '>': case '|': case ';':
                type = t;
                number = 0;
                digits = 0;
                negative = false;
                streamed = false;
                state = NUMBER;
                return true;
            case '.':
                if (depth == 0 || remaining[depth] >= 0) {
                    return false;
                }
                closingStreamed = true;
                state = LINE;
                return true;
            default:
                return false;
        }
    }

    /** A length or count was read; true when that ended the message. */
    private boolean onNumber() {
        state = TYPE;
        long n = negative ? -number : number;
        switch (type) {
            case ';':
                if (n == 0) {
                    inStreamedString = false;
                    return valueDone();
                }
                bulkLeft = n;
                state = BULK;
                return false;
            case '$': case '!': case '=':
                if (streamed) {
                    inStreamedString = true;
                    return false;
                }
                if (n < 0) {
                    return valueDone();
                }
                capturingName = expectNameNext && depth == 1;
                capturingSecond = !capturingName && depth == 1 && headArgs == 1;
                if (capturingSecond) {
                    words.startSecond();
                }
                expectNameNext = false;
                bulkLeft = n;
                state = n == 0 ? BULK_CR : BULK;
                return false;
            default:
                if (streamed) {
                    push(-1);
                    return false;
                }
                if (n <= 0) {
                    return valueDone();
                }
                long count = type == '%' || type == '|' ? n * 2 : n;
                push(type == '|' ? count + 1 : count);
                return false;
        }
    }

    private void push(long count) {
        if (++depth == remaining.length) {
            remaining = Arrays.copyOf(remaining, depth * 2);
        }
        remaining[depth] = count;
    }

    /** A value ended: true when it was the top-level one. */
    private boolean valueDone() {
        while (depth > 0) {
            if (remaining[depth] < 0) {
                return false;
            }
            if (--remaining[depth] > 0) {
                return false;
            }
            depth--;
        }
        return true;
    }

    private Step ended() {
        state = TYPE;
        ended = true;
        if (requests) {
            conversation.requestEnded(words.name, words.nameLength, dropped, emptyInline);
        } else if (counted) {
            conversation.responseEnded();
        }
        return Step.END;
    }

    /** Requests are decided once their command is known: a handshake passes. */
    @Override
    public boolean decidesAtHead() {
        return requests;
    }

    @Override
    public boolean isHandshake() {
        if (!requests || conversation.drawsHandshakes()) {
            return false;
        }
        return words.isHandshake();
    }

    @Override
    public String field(String field) {
        if (!requests) {
            return null;
        }
        switch (field) {
            case "command":
                return words.command();
            case "key":
                return words.key();
            default:
                return null;
        }
    }

    @Override
    public boolean expectsResponse() {
        return !emptyInline;
    }

    private static Step notResp(String why) {
        return Step.raw("bytes that are not RESP (" + why + ")", false);
    }

    private static int indexOf(ByteBuffer in, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (in.get(i) == b) {
                return i;
            }
        }
        return -1;
    }
}
