package org.vaurien.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import org.vaurien.Direction;
import org.vaurien.Framer;

/**
 * One direction of a connection: reads its source, lets the framer find the messages, and
 * routes each message's bytes (forward, hold until a time, drop) to the other side's
 * {@link Outbound}, through the stream stages if there are any. Bytes of consecutive forwarded
 * messages in one read are written with one write.
 */
final class Flow {
    /** Raw tcp: a message is what one read returns. */
    static final Framer RAW = in -> {
        in.position(in.limit());
        return Framer.Step.END;
    };

    private final Connection conn;
    private final Direction direction;
    private final Side source;
    private final Outbound sink;
    private final EventLoop loop;
    private Framer framer;
    private boolean inMessage;
    private boolean forward = true;
    private long messageDue;
    private boolean injectNext;
    private boolean paused;
    private boolean ended;
    private boolean silenced;
    /** The connection's stages for this direction; null when it has none. */
    private StageChain chain;
    /** Stages drawn for the current message alone (a stream behavior of the mix), before the connection's. */
    private StageChain exchange;
    private ByteBuffer pendingBuffer;
    private int pendingFrom;
    private int pendingTo;
    private long pendingDue;
    /** The current message's head, held until the framer says HEAD so it can rewrite it. */
    private ByteBuffer head;
    private boolean holdingHead;
    private static final int MAX_HEAD = 64 * 1024;

    Flow(Connection conn, Direction direction, Side source, Outbound sink, Framer framer) {
        this.conn = conn;
        this.direction = direction;
        this.source = source;
        this.sink = sink;
        this.loop = conn.loop();
        this.framer = framer;
        sink.feeder(this);
    }

    void onReadable() {
        ByteBuffer buf = loop.readBuffer();
        int n;
        try {
            n = source.channel().read(buf);
        } catch (IOException e) {
            conn.fail(source, e);
            return;
        }
        if (n < 0) {
            onEnd();
            return;
        }
        if (n == 0) {
            return;
        }
        conn.countRead(direction, n);
        buf.flip();
        process(buf);
        flushPending();
    }

    private void process(ByteBuffer buf) {
        while (buf.hasRemaining() && !conn.isClosed()) {
            if (!inMessage) {
                inMessage = true;
                begin(buf);
                if (conn.isClosed()) {
                    return;
                }
            }
            int from = buf.position();
            Framer.Step step = framer.scan(buf);
            int to = buf.position();
            if (step == Framer.Step.MORE && buf.hasRemaining()) {
                step = Framer.Step.SWITCH;
                conn.switchToRaw("the " + direction.wireName() + " framer stopped before the end of a read", false);
            }
            if (to > from) {
                route(buf, from, to);
            }
            if (step == Framer.Step.HEAD) {
                headEnded();
            } else if (step == Framer.Step.END) {
                if (holdingHead) {
                    headEnded();
                }
                inMessage = false;
                if (exchange != null) {
                    flushPending();
                    exchange = null;
                }
                conn.messageEnded(this);
            } else if (step == Framer.Step.SWITCH && framer != RAW) {
                conn.switchToRaw(framer.switchReason(), framer.switchIsExpected());
            }
        }
    }

    private void begin(ByteBuffer buf) {
        forward = !silenced;
        messageDue = loop.now();
        if (silenced) {
            return;
        }
        Framer.Kind kind = framer.begin(buf);
        if (kind == Framer.Kind.EXCHANGE) {
            conn.messageStarted(this);
        }
        holdingHead = forward && !silenced && framer.rewritesHeads();
    }

    /** Sends the held head as the framer rewrites it, after what was forwarded before it. */
    private void headEnded() {
        holdingHead = false;
        if (head == null || !forward || silenced) {
            return;
        }
        head.flip();
        ByteBuffer rewritten = framer.rewriteHead(head.asReadOnlyBuffer());
        head.clear();
        flushPending();
        send(rewritten, rewritten.position(), rewritten.limit(), messageDue, false);
    }

    /** Keeps head bytes; a head too long to be one is sent as it is and no longer held. */
    private boolean hold(ByteBuffer buf, int from, int to) {
        int n = to - from;
        if (head == null) {
            head = ByteBuffer.allocate(Math.max(512, n));
        }
        if (head.position() + n > MAX_HEAD) {
            holdingHead = false;
            head.flip();
            flushPending();
            send(head, head.position(), head.limit(), messageDue, false);
            head.clear();
            return false;
        }
        if (head.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(MAX_HEAD, Math.max(head.capacity() * 2, head.position() + n)));
            head.flip();
            bigger.put(head);
            head = bigger;
        }
        int limit = buf.limit();
        int position = buf.position();
        buf.limit(to).position(from);
        head.put(buf);
        buf.limit(limit).position(position);
        return true;
    }

    private void route(ByteBuffer buf, int from, int to) {
        if (!forward || silenced) {
            return;
        }
        if (holdingHead && hold(buf, from, to)) {
            return;
        }
        if (injectNext) {
            injectNext = false;
            int middle = from + (to - from) / 2;
            emit(buf, from, middle, messageDue);
            flushPending();
            ByteBuffer noise = conn.randomBytes(100);
            send(noise, 0, noise.limit(), messageDue, false);
            emit(buf, middle, to, messageDue);
            return;
        }
        emit(buf, from, to, messageDue);
    }

    private void emit(ByteBuffer buf, int from, int to, long due) {
        if (pendingBuffer == buf && pendingTo == from && pendingDue == due) {
            pendingTo = to;
            return;
        }
        flushPending();
        pendingBuffer = buf;
        pendingFrom = from;
        pendingTo = to;
        pendingDue = due;
    }

    /** Sends the coalesced bytes; must run before anything else is queued to the same sink. */
    void flushPending() {
        ByteBuffer b = pendingBuffer;
        if (b != null) {
            pendingBuffer = null;
            send(b, pendingFrom, pendingTo, pendingDue, true);
        }
    }

    private void send(ByteBuffer b, int from, int to, long due, boolean takeable) {
        target().send(b, from, to, due, takeable);
    }

    private Sink target() {
        return exchange != null ? exchange : chain != null ? chain : sink;
    }

    /** The connection's stages, or the socket: what an exchange's own stages feed. */
    Sink connectionSink() {
        return chain != null ? chain : sink;
    }

    /** Bytes the proxy makes (an error reply) go out in order, after what was forwarded. */
    void sendOwn(ByteBuffer bytes) {
        flushPending();
        ByteBuffer b = bytes.duplicate();
        send(b, b.position(), b.limit(), loop.now(), false);
    }

    private void onEnd() {
        ended = true;
        source.interest(SelectionKey.OP_READ, false);
        flushPending();
        conn.sourceEnded(this);
    }

    /** Passes the end of this direction on (half-close), through the stages. */
    void passEnd() {
        target().shutdownAfter(loop.now());
    }

    /** Stops or resumes reading the source (backpressure from the sink). */
    void pause(boolean pause) {
        if (pause != paused) {
            paused = pause;
            if (!ended) {
                source.interest(SelectionKey.OP_READ, !pause);
            }
        }
    }

    /** Starts reading (after the backend connected). */
    void startReading() {
        if (!paused && !ended) {
            source.interest(SelectionKey.OP_READ, true);
        }
    }

    /** The current message is dropped: the other side never sees it. */
    void dropCurrent() {
        forward = false;
    }

    /** The current message is held until {@code due}, and the messages after it with it. */
    void holdCurrentUntil(long due) {
        messageDue = due;
    }

    /** The current message gets random bytes spliced into its middle. */
    void injectIntoCurrent() {
        injectNext = true;
    }

    /** Everything from now on is swallowed (hang). */
    void silence() {
        silenced = true;
        forward = false;
        pendingBuffer = null;
    }

    void useFramer(Framer f) {
        framer = f;
    }

    void useStages(StageChain stages) {
        flushPending();
        chain = stages;
    }

    /** The current message goes through these stages of its own (until its end). */
    void useExchangeStages(StageChain stages) {
        flushPending();
        exchange = stages;
    }

    StageChain stages() {
        return chain;
    }

    boolean isInMessage() {
        return inMessage;
    }

    boolean isEnded() {
        return ended;
    }

    boolean isSilenced() {
        return silenced;
    }

    Direction direction() {
        return direction;
    }

    Framer framer() {
        return framer;
    }

    Outbound sink() {
        return sink;
    }
}
