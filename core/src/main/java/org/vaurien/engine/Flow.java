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
    /** The current message's head, held until the framer says HEAD (to rewrite it, or to decide the message). */
    private final HeadBytes head;
    private boolean holdingHead;
    /** The current request waits for its head to be decided ({@link Framer#decidesAtHead}). */
    private boolean deciding;
    /** The undecided head stays in the read buffer while it lies in the current read (nothing to rewrite). */
    private boolean spanHead;
    /** The span's bytes when the read ends first: copied, or sent as decided when too long to hold. */
    private final HeadBytes.Bytes keepSpanBytes = (b, from, to) -> {
        if (!hold(b, from, to)) {
            route(b, from, to);
        }
    };
    /** The span's bytes once the head is decided: they go as the message's bytes do. */
    private final HeadBytes.Bytes routeSpanBytes = (b, from, to) -> {
        if (!connection().isClosed()) {
            route(b, from, to);
        }
    };
    private EventLoop.Timer headTimer;

    Flow(Connection conn, Direction direction, Side source, Outbound sink, Framer framer) {
        this.conn = conn;
        this.direction = direction;
        this.source = source;
        this.sink = sink;
        this.loop = conn.loop();
        this.framer = framer;
        this.head = new HeadBytes(conn.held());
        sink.feeder(this);
    }

    void onReadable() {
        ByteBuffer buf = loop.readBuffer();
        int n;
        try {
            n = source.read(buf);
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
        // the read ends before an undecided head: its bytes leave the read buffer
        head.takeSpan(keepSpanBytes);
        flushPending();
        if (holdingHead && headTimer == null && !head.isEmpty()) {
            headTimer = loop.schedule(loop.now() + HEAD_HOLD_NANOS, this::headTimedOut);
        }
    }

    private void headTimedOut() {
        headTimer = null;
        if (holdingHead && !conn.isClosed()) {
            endHead(false);
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
                endHead(true);
            } else if (step == Framer.Step.END) {
                if (holdingHead || deciding) {
                    endHead(true);
                }
                inMessage = false;
                if (messageStages != null) {
                    flushPending();
                    messageStages = null;
                }
                conn.messageEnded(this);
            } else if (step.isSwitch() && framer != RAW) {
                // what was held to be rewritten goes as it is: raw tcp changes no byte
                endHead(false);
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

    /** The head is over: its message is decided if it waited, then its bytes go, rewritten by the framer or as they are. */
    private void endHead(boolean rewrite) {
        holdingHead = false;
        cancelHeadTimer();
        decideHeld();
        head.takeSpan(routeSpanBytes);
        if (drop || conn.isClosed()) {
            head.clear();
        }
        if (head.isEmpty()) {
            return;
        }
        ByteBuffer held = head.flip();
        ByteBuffer out = rewrite ? framer.rewriteHead(held.asReadOnlyBuffer()) : held;
        flushPending();
        send(out, out.position(), out.limit(), due, false);
        head.clear();
    }

    /**
     * Keeps head bytes; a head too long to be one, or for which the engine's budget has no room,
     * is sent as it is and no longer held.
     */
    private boolean hold(ByteBuffer buf, int from, int to) {
        if (head.add(buf, from, to)) {
            return true;
        }
        endHead(false);
        return false;
    }

    private void route(ByteBuffer buf, int from, int to) {
        if (drop) {
            return;
        }
        if (holdingHead && spanHead) {
            if (head.extendSpan(buf, from, to)) {
                return;
            }
            head.takeSpan(keepSpanBytes);
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
        endHead(false);
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

    private Connection connection() {
        return conn;
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
