package org.vaurien.protocols;

import java.nio.ByteBuffer;
import org.vaurien.spi.Framer;

/**
 * HTTP/1.x framing shared by requests and responses: a start line, header lines, then a body
 * framed by Content-Length, by chunks (with trailers), or by the connection's end. Only the
 * header fields that frame the message are looked at.
 */
abstract class HttpMessageFramer implements Framer {
    enum State { START, HEADERS, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE }

    static final int MAX_LINE = 64 * 1024;

    protected final Line line;
    protected State state = State.START;
    protected long contentLength;
    protected boolean chunked;
    protected boolean connectionClose;
    protected boolean upgrade;
    private long remaining;
    /** The switch to raw tcp that {@link #notHttp} or {@link #expectedSwitch} made last. */
    private Step switchStep;

    protected HttpMessageFramer(FramedConversation conversation) {
        this.line = conversation.line(MAX_LINE);
    }

    /** Reads the start line; false when it is not HTTP ({@link #notHttp} says why). */
    protected abstract boolean startLine(Line start);

    /** Decides what follows the headers: calls {@link #body}, {@link #interim} or a switch. */
    protected abstract Step headersDone(ByteBuffer in);

    /** The message ended. */
    protected void messageEnded() {
    }

    @Override
    public Step scan(ByteBuffer in) {
        while (in.hasRemaining()) {
            switch (state) {
                case START:
                case HEADERS:
                case CHUNK_SIZE:
                case CHUNK_END:
                case TRAILERS: {
                    Line.Fed fed = line.feed(in);
                    if (fed == Line.Fed.MORE) {
                        return Step.MORE;
                    }
                    if (fed == Line.Fed.TOO_LONG) {
                        switchStep = line.tooLong("a line", "HTTP");
                        return switchStep;
                    }
                    Step step = onLine(in);
                    line.reset();
                    if (step != null) {
                        return step;
                    }
                    break;
                }
                case LENGTH:
                case CHUNK_DATA: {
                    long n = Math.min(remaining, in.remaining());
                    in.position(in.position() + (int) n);
                    remaining -= n;
                    if (remaining == 0) {
                        if (state == State.LENGTH) {
                            return end();
                        }
                        state = State.CHUNK_END;
                    }
                    break;
                }
                case UNTIL_CLOSE:
                    in.position(in.limit());
                    return Step.MORE;
                default:
                    throw new IllegalStateException(state.name());
            }
        }
        return Step.MORE;
    }

    private Step onLine(ByteBuffer in) {
        switch (state) {
            case START:
                if (line.isEmpty()) {
                    return null;
                }
                contentLength = -1;
                chunked = false;
                connectionClose = false;
                upgrade = false;
                if (!startLine(line)) {
                    return switchStep;
                }
                state = State.HEADERS;
                return null;
            case HEADERS:
                if (line.isEmpty()) {
                    return headersDone(in);
                }
                return header() ? null : switchStep;
            case CHUNK_SIZE: {
                long size = chunkSize();
                if (size < 0) {
                    return notHttp("a chunk size that is not hexadecimal");
                }
                if (size == 0) {
                    state = State.TRAILERS;
                } else {
                    remaining = size;
                    state = State.CHUNK_DATA;
                }
                return null;
            }
            case CHUNK_END:
                if (!line.isEmpty()) {
                    return notHttp("a chunk not followed by CR LF");
                }
                state = State.CHUNK_SIZE;
                return null;
            case TRAILERS:
                return line.isEmpty() ? end() : null;
            default:
                throw new IllegalStateException(state.name());
        }
    }

    private boolean header() {
        int colon = line.indexOf(':', 0);
        if (colon <= 0) {
            notHttp("a header line without a colon");
            return false;
        }
        if (line.startsWithIgnoreCase("content-length:")) {
            contentLength = line.wholeNumber(colon + 1);
            if (contentLength < 0) {
                notHttp("a Content-Length that is not a number");
                return false;
            }
        } else if (line.startsWithIgnoreCase("transfer-encoding:")) {
            chunked = line.containsIgnoreCase("chunked");
        } else if (line.startsWithIgnoreCase("connection:")) {
            connectionClose |= line.containsIgnoreCase("close");
            upgrade |= line.containsIgnoreCase("upgrade");
        }
        headerSeen(colon);
        return true;
    }

    /** A header line other than the framing ones, for subclasses that care (Host). */
    protected void headerSeen(int colon) {
    }

    /** The body follows the headers as they say; {@code untilClose} when nothing frames it. */
    protected Step body(boolean untilClose) {
        if (chunked) {
            state = State.CHUNK_SIZE;
            return bodyStarts();
        }
        if (contentLength > 0) {
            remaining = contentLength;
            state = State.LENGTH;
            return bodyStarts();
        }
        if (untilClose && contentLength < 0) {
            state = State.UNTIL_CLOSE;
            return bodyStarts();
        }
        return end();
    }

    /** What to return when a body starts: by default nothing, the scan goes on. */
    protected Step bodyStarts() {
        return null;
    }

    /** An interim response (1xx): another start line follows, in the same message. */
    protected Step interim() {
        state = State.START;
        return null;
    }

    protected Step end() {
        state = State.START;
        messageEnded();
        return Step.END;
    }

    private long chunkSize() {
        long size = 0;
        int digits = 0;
        for (int i = 0; i < line.length(); i++) {
            int d = Character.digit(line.at(i), 16);
            if (d < 0) {
                break;
            }
            if (++digits > 15) {
                return -1;
            }
            size = size * 16 + d;
        }
        return digits == 0 ? -1 : size;
    }

    protected Step notHttp(String why) {
        switchStep = Step.raw("bytes that are not HTTP (" + why + ")", false);
        return switchStep;
    }

    protected Step expectedSwitch(String why) {
        switchStep = Step.raw(why, true);
        return switchStep;
    }
}
