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
    /**
     * How long a head that did not come whole in one read may be held for its rewrite: a client
     * that sends part of a head and waits must not wait on the proxy (the server would have the
     * bytes); past it the head goes as it is.
     */
    private static final long HEAD_HOLD_NANOS = 1_000_000_000L;
    /** Why a flow stops reading its source: its sink is full, the engine's budget is spent, too many exchanges are owed. */
    static final int SINK = 1;
    static final int BUDGET = 2;
    static final int PENDING = 4;

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
    /** The reasons (SINK, BUDGET, PENDING) it does not read its source now; 0 when it does. */
    private int pausedBy;
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
    /** The current request waits for its head to be decided ({@link Framer#decidesAtHead}). */
    private boolean deciding;
    /**
     * Whether the undecided head, while it lies in the current read, stays there (a span of the
     * read buffer) rather than being copied: it is copied only if the read ends before the head.
     */
    private boolean spanHead;
    private ByteBuffer spanBuffer;
    private int spanFrom;
    private int spanTo;
    private EventLoop.Timer headTimer;

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
        keepSpan();
        flushPending();
        if (holdingHead && headTimer == null && head != null && head.position() > 0) {
            headTimer = loop.schedule(loop.now() + HEAD_HOLD_NANOS, this::headTimedOut);
        }
    }

    private void headTimedOut() {
        headTimer = null;
        if (holdingHead && !conn.isClosed()) {
            releaseHead();
        }
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
                if (holdingHead || deciding) {
                    headEnded();
                }
                inMessage = false;
                if (messageStages != null) {
                    flushPending();
                    messageStages = null;
                }
                conn.messageEnded(this);
            } else if (step.isSwitch() && framer != RAW) {
                // what was held to be rewritten goes as it is: raw tcp changes no byte
                releaseHead();
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
            if (framer.decidesAtHead()) {
                deciding = true;
            } else {
                conn.messageStarted(this);
            }
        }
        boolean rewrites = framer.rewritesHeads();
        holdingHead = !drop && (deciding || rewrites);
        spanHead = deciding && !rewrites;
    }

    /** A request held for its head is decided now, with what its head said. */
    private void decideHeld() {
        if (deciding) {
            deciding = false;
            conn.messageStarted(this);
        }
    }

    /** The read ends before the undecided head: its bytes leave the read buffer for the held head. */
    private void keepSpan() {
        ByteBuffer b = spanBuffer;
        if (b == null) {
            return;
        }
        spanBuffer = null;
        if (!hold(b, spanFrom, spanTo)) {
            // too long to hold: it was decided without its whole head, and goes as decided
            route(b, spanFrom, spanTo);
        }
    }

    /** The decided head, still in the read buffer, goes the way of its message's bytes. */
    private void routeSpan() {
        ByteBuffer b = spanBuffer;
        if (b != null) {
            spanBuffer = null;
            if (!conn.isClosed()) {
                route(b, spanFrom, spanTo);
            }
        }
    }

    /** Sends the held head as the framer rewrites it, after what was forwarded before it. */
    private void headEnded() {
        holdingHead = false;
        cancelHeadTimer();
        decideHeld();
        routeSpan();
        if (head != null && (drop || conn.isClosed())) {
            head.clear();
        }
        if (head == null || head.position() == 0) {
            return;
        }
        head.flip();
        ByteBuffer rewritten = framer.rewriteHead(head.asReadOnlyBuffer());
        head.clear();
        flushPending();
        send(rewritten, rewritten.position(), rewritten.limit(), due, false);
    }

    /**
     * Keeps head bytes; a head too long to be one, or for which the engine's budget has no room,
     * is sent as it is and no longer held.
     */
    private boolean hold(ByteBuffer buf, int from, int to) {
        int n = to - from;
        int held = head == null ? 0 : head.position();
        if (held + n > MAX_HEAD) {
            releaseHead();
            return false;
        }
        if (head == null || head.remaining() < n) {
            int size = Math.min(MAX_HEAD, Math.max(head == null ? 512 : head.capacity() * 2, held + n));
            if (!conn.held().reserve(size - (head == null ? 0 : head.capacity()))) {
                releaseHead();
                return false;
            }
            ByteBuffer bigger = ByteBuffer.allocate(size);
            if (head != null) {
                head.flip();
                bigger.put(head);
            }
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
        if (drop) {
            return;
        }
        if (holdingHead && spanHead && (head == null || head.position() == 0)) {
            if (spanBuffer == null) {
                spanBuffer = buf;
                spanFrom = from;
                spanTo = to;
                return;
            }
            if (spanBuffer == buf && spanTo == from) {
                spanTo = to;
                return;
            }
            keepSpan();
        }
        if (holdingHead && hold(buf, from, to)) {
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

    /** Sends what was held of the current head as it is, and holds no more of it. */
    private void releaseHead() {
        holdingHead = false;
        cancelHeadTimer();
        decideHeld();
        routeSpan();
        if (head != null && (drop || conn.isClosed())) {
            head.clear();
        }
        if (head == null || head.position() == 0) {
            return;
        }
        head.flip();
        flushPending();
        send(head, head.position(), head.limit(), due, false);
        head.clear();
    }

    private void cancelHeadTimer() {
        if (headTimer != null) {
            headTimer.cancel();
            headTimer = null;
        }
    }

    private void onEnd() {
        ended = true;
        source.interest(SelectionKey.OP_READ, false);
        flushPending();
        // a head cut short by the end goes as it is: the other side gets every byte
        releaseHead();
        conn.sourceEnded(this);
    }

    /** Passes the end of this direction on (half-close), through the stages. */
    void passEnd() {
        target().shutdownAfter(loop.now());
    }

    /** Stops or resumes reading the source for one reason; it reads when no reason is left. */
    void pause(int reason, boolean on) {
        int was = pausedBy;
        pausedBy = on ? was | reason : was & ~reason;
        if ((was == 0) != (pausedBy == 0) && !ended) {
            source.interest(SelectionKey.OP_READ, pausedBy == 0);
        }
    }

    /** The engine's budget is spent and this flow adds to it: it reads again once the budget has room. */
    void waitForBudget() {
        if ((pausedBy & BUDGET) == 0) {
            pause(BUDGET, true);
            conn.held().budget().await(this);
        }
    }

    /** From any thread: the budget has room again. */
    void budgetFreed() {
        loop.execute(() -> {
            if (!conn.isClosed()) {
                pause(BUDGET, false);
            }
        });
    }

    EventLoop loop() {
        return loop;
    }

    /** Starts reading (after the backend connected). */
    void startReading() {
        if (pausedBy == 0 && !ended) {
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
