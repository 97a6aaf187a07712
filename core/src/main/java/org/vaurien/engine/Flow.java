package org.vaurien.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.List;
import org.vaurien.spi.Direction;
import org.vaurien.spi.Framer;
import org.vaurien.spi.Stage;

/**
 * One direction of a connection: reads its source, lets the framer find the messages, and
 * routes each message's bytes to the other side's {@link Outbound} as the exchange handler
 * says (forward, hold until a time, through stages of its own, drop), through the connection's
 * stream stages if there are any. Bytes of consecutive forwarded messages in one read are
 * written with one write.
 */
final class Flow implements Route {
    /** Raw tcp: a message is what one read returns. */
    static final Framer RAW = in -> {
        in.position(in.limit());
        return Framer.Step.END;
    };
    private static final int MAX_HEAD = 64 * 1024;

    private final Connection conn;
    private final Direction direction;
    private final Side source;
    private final Outbound sink;
    private final EventLoop loop;
    private Framer framer;
    private boolean inMessage;
    /** The current message is not forwarded. */
    private boolean drop;
    /** The current message may not leave before this time. */
    private long due;
    /** Everything is swallowed from now on (a hang). */
    private boolean muted;
    private boolean paused;
    private boolean ended;
    /** The connection's stages for this direction; null when it has none. */
    private StageChain chain;
    /** The current message's own stages (a stream behavior drawn for one exchange), before the connection's. */
    private StageChain messageStages;
    /** Forwarded bytes of the current read, coalesced into one send. */
    private ByteBuffer pendingBuffer;
    private int pendingFrom;
    private int pendingTo;
    private long pendingDue;
    /** The current message's head, held until the framer says HEAD so it can rewrite it. */
    private ByteBuffer head;
    private boolean holdingHead;

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
                step = Framer.Step.raw("the " + direction.wireName() + " framer stopped before the end of a read", false);
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
                if (messageStages != null) {
                    flushPending();
                    messageStages = null;
                }
                conn.messageEnded(this);
            } else if (step.isSwitch() && framer != RAW) {
                conn.switchToRaw(step);
            }
        }
    }

    private void begin(ByteBuffer buf) {
        drop = muted;
        due = loop.now();
        if (muted) {
            return;
        }
        if (framer.begin(buf) == Framer.Kind.EXCHANGE) {
            conn.messageStarted(this);
        }
        holdingHead = !drop && framer.rewritesHeads();
    }

    /** Sends the held head as the framer rewrites it, after what was forwarded before it. */
    private void headEnded() {
        holdingHead = false;
        if (head == null || drop) {
            return;
        }
        head.flip();
        ByteBuffer rewritten = framer.rewriteHead(head.asReadOnlyBuffer());
        head.clear();
        flushPending();
        send(rewritten, rewritten.position(), rewritten.limit(), due, false);
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
            send(head, head.position(), head.limit(), due, false);
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
        if (drop || holdingHead && hold(buf, from, to)) {
            return;
        }
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

    private void send(ByteBuffer b, int from, int to, long at, boolean takeable) {
        target().send(b, from, to, at, takeable);
    }

    private Sink target() {
        return messageStages != null ? messageStages : connectionSink();
    }

    /** The connection's stages, or the socket: what a message's own stages feed. */
    Sink connectionSink() {
        return chain != null ? chain : sink;
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

    // --- Route: what the exchange handler does to the current message ---

    @Override
    public boolean inMessage() {
        return inMessage;
    }

    @Override
    public void drop() {
        drop = true;
    }

    @Override
    public void holdUntil(long dueNanos) {
        due = dueNanos;
    }

    @Override
    public void shape(Stage stage) {
        flushPending();
        messageStages = new StageChain(conn, messageStages != null ? messageStages : connectionSink(), List.of(stage));
        messageStages.start(loop.now());
    }

    @Override
    public void mute() {
        flushPending();
        muted = true;
        drop = true;
    }

    @Override
    public void send(ByteBuffer own) {
        flushPending();
        ByteBuffer b = own.duplicate();
        send(b, b.position(), b.limit(), loop.now(), false);
    }

    // ---

    void useFramer(Framer f) {
        framer = f;
    }

    void useStages(StageChain stages) {
        flushPending();
        chain = stages;
    }

    boolean isEnded() {
        return ended;
    }

    boolean isMuted() {
        return muted;
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
