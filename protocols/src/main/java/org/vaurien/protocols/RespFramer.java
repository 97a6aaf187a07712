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
    private enum State { TYPE, NUMBER, LINE, BULK, BULK_CR, BULK_LF, INLINE }

    private final RedisConversation conversation;
    private final boolean requests;
    /** Aggregates nested deeper than this go on as raw tcp: the stack below never outgrows it. */
    private final int maxDepth;
    private State state = State.TYPE;
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
            state = first == '*' ? State.TYPE : State.INLINE;
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
                    state = State.TYPE;
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
                    byte b = in.get(p++);
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
                    } else if (b >= '0' && b <= '9' && digits < 18) {
                        number = number * 10 + (b - '0');
                        digits++;
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
                        state = State.BULK_CR;
                    }
                    break;
                }
                case BULK_CR:
                    if (in.get(p++) != '\r') {
                        in.position(p - 1);
                        return notResp("a bulk string longer than its length");
                    }
                    state = State.BULK_LF;
                    break;
                case BULK_LF:
                    if (in.get(p++) != '\n') {
                        in.position(p - 1);
                        return notResp("a bulk string longer than its length");
                    }
                    state = State.TYPE;
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
                    throw new IllegalStateException(state.name());
            }
        }
        in.position(p);
        return Step.MORE;
    }

    /** Reads a type byte; false when it is not one. */
    private boolean type(byte t) {
        switch (t) {
            case '+': case '-': case ':': case ',': case '_': case '#': case '(':
                state = State.LINE;
                return true;
            case '$': case '!': case '=': case '*': case '%': case '~': case '>': case '|': case ';':
                type = t;
                number = 0;
                digits = 0;
                negative = false;
                streamed = false;
                state = State.NUMBER;
                return true;
            case '.':
                if (depth == 0 || remaining[depth] >= 0) {
                    return false;
                }
                closingStreamed = true;
                state = State.LINE;
                return true;
            default:
                return false;
        }
    }

    /** A length or count was read; true when that ended the message. */
    private boolean onNumber() {
        state = State.TYPE;
        long n = negative ? -number : number;
        switch (type) {
            case ';':
                if (n == 0) {
                    inStreamedString = false;
                    return valueDone();
                }
                bulkLeft = n;
                state = State.BULK;
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
                state = n == 0 ? State.BULK_CR : State.BULK;
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
        state = State.TYPE;
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
