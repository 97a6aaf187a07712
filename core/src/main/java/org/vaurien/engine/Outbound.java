package org.vaurien.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * What is on its way to one socket, in order: bytes, each with the time it may leave, and the
 * half-close, close or reset that follow them. Writes straight through when nothing waits;
 * keeps only what the socket refused or what is not due yet, and pauses the flow that feeds it
 * when that grows past its connection's limit, or while the engine's budget is spent (a slow
 * reader never makes the proxy buffer without bound). What it keeps is counted in the budget.
 */
final class Outbound implements Sink {
    /**
     * An unsent tail of the read buffer this large keeps the buffer itself (no copy, at most half
     * of it wasted); a smaller one is copied into the smallest pooled buffer that holds it.
     */
    private static final int TAKE_MIN = EventLoop.READ_SIZE / 2;

    private static final int DATA = QueuedItem.DATA;
    private static final int SHUTDOWN = QueuedItem.SHUTDOWN;
    private static final int CLOSE = QueuedItem.CLOSE;
    private static final int RESET = QueuedItem.RESET;

    /** Items kept for reuse: a connection that holds chunks for a latency holds a few at a time. */
    private static final int FREE_ITEMS = 16;

    private final Connection conn;
    private final Side side;
    private final EventLoop loop;
    /**
     * Bytes that may wait before the feeding flow stops reading (its connection's
     * max_connection_buffer): enough for a paced stream at 100 MB/s to ride over timer jitter;
     * idle connections hold none.
     */
    private final long highWater;
    private Flow feeder;
    private QueuedItem head;
    private QueuedItem tail;
    private long queuedBytes;
    /** Sends never leave before an earlier one: times only move forward. */
    private long lastDue;
    private boolean socketBlocked;
    private EventLoop.Timer timer;
    /** The timer's action, made once, on first use. */
    private Runnable onTimer;
    private QueuedItem free;
    private int freeCount;
    /** The pooled buffer the newest queued item owns, into which later small chunks are packed; null for none. */
    private ByteBuffer pack;
    private int packFill;
    private boolean shut;

    Outbound(Connection conn, Side side, long highWater) {
        this.conn = conn;
        this.side = side;
        this.highWater = highWater;
        this.loop = conn.loop();
        this.lastDue = loop.now();
    }

    void feeder(Flow flow) {
        this.feeder = flow;
    }

    /**
     * Sends {@code src[from, to)} no earlier than {@code due}; {@code src}'s position and limit
     * are left as they were. With {@code takeable}, {@code src} is the loop's read buffer and
     * {@code to} its end, so an unsent tail may keep the buffer itself instead of a copy.
     */
    @Override
    public void send(ByteBuffer src, int from, int to, long due, boolean takeable) {
        if (to <= from || conn.isClosed() || shut) {
            return;
        }
        if (due - lastDue < 0) {
            due = lastDue;
        }
        lastDue = due;
        int position = src.position();
        int limit = src.limit();
        try {
            if (head == null && !socketBlocked && due - loop.now() <= 0) {
                src.limit(to).position(from);
                boolean ok = write(src);
                from = src.position();
                if (!ok || from == to) {
                    return;
                }
                socketBlocked = true;
                side.interest(SelectionKey.OP_WRITE, true);
            }
            queue(src, from, to, due, takeable && to == limit);
        } finally {
            src.limit(limit);
            src.position(position);
        }
    }

    private void queue(ByteBuffer src, int from, int to, long due, boolean atEnd) {
        int length = to - from;
        QueuedItem item;
        if (atEnd && length >= TAKE_MIN && loop.isReadBuffer(src)) {
            ByteBuffer pooled = loop.detachReadBuffer();
            ByteBuffer view = pooled.duplicate();
            view.limit(to).position(from);
            item = item(DATA, due, view, pooled);
        } else if (pack != null && tail != null && tail.pooled == pack && pack.capacity() - packFill >= length) {
            // packed behind the chunk before it (a bandwidth's slices): the newest item owns the buffer, sent last
            pack.put(packFill, src, from, length);
            item = item(DATA, due, pack, pack);
            item.off = packFill;
            item.end = packFill + length;
            item.cost = tail.cost;
            tail.cost = 0;
            tail.pooled = null;
            packFill += length;
            append(item);
            queued(length);
            return;
        } else if (BufferPool.fits(length)) {
            ByteBuffer pooled = loop.pooled(length);
            pooled.put(0, src, from, length);
            item = item(DATA, due, pooled, pooled);
            item.off = 0;
            item.end = length;
            pack = pooled;
            packFill = length;
        } else {
            ByteBuffer copy = ByteBuffer.allocate(length);
            copy.put(0, src, from, length);
            item = item(DATA, due, copy, null);
        }
        append(item);
        conn.held().hold(item.cost);
        queued(length);
    }

    private void queued(int length) {
        queuedBytes += length;
        if (!socketBlocked) {
            arm(head.due);
        }
        pressure();
    }

    /** Half-closes this socket once everything before is sent. */
    @Override
    public void shutdownAfter(long due) {
        control(SHUTDOWN, due);
    }

    /** Closes the connection once everything before is sent. */
    @Override
    public void closeAfter(long due) {
        control(CLOSE, due);
    }

    /** Closes the connection, or resets it (an RST to both sides), once everything before is sent. */
    void closeAfter(long due, boolean reset) {
        control(reset ? RESET : CLOSE, due);
    }

    private void control(int kind, long due) {
        if (conn.isClosed()) {
            return;
        }
        if (due - lastDue < 0) {
            due = lastDue;
        }
        lastDue = due;
        append(item(kind, due, null, null));
        if (head == tail && !socketBlocked) {
            flush();
        }
    }

    /** Writes what is due; called when the socket is writable or a timer fires. */
    void flush() {
        long now = loop.now();
        while (head != null && !conn.isClosed()) {
            QueuedItem item = head;
            if (item.due - now > 0) {
                arm(item.due);
                break;
            }
            if (item.kind == DATA) {
                ByteBuffer bytes = item.bytes();
                int before = bytes.remaining();
                if (!write(bytes)) {
                    return;
                }
                item.wrote();
                queuedBytes -= before - bytes.remaining();
                if (bytes.hasRemaining()) {
                    socketBlocked = true;
                    side.interest(SelectionKey.OP_WRITE, true);
                    pressure();
                    return;
                }
                pop();
            } else if (side.sending()) {
                // TLS records of the data before are not all sent: the end waits for them
                socketBlocked = true;
                side.interest(SelectionKey.OP_WRITE, true);
                return;
            } else if (item.kind == SHUTDOWN) {
                pop();
                shutdownOutput();
            } else {
                boolean reset = item.kind == RESET;
                pop();
                conn.close(reset ? "reset by a behavior" : "closed by a behavior", reset);
                return;
            }
        }
        if (socketBlocked) {
            socketBlocked = false;
            side.interest(SelectionKey.OP_WRITE, false);
        }
        pressure();
        conn.checkDone();
    }

    /** Makes held bytes that waited forever (a stalled stream) due now: their stage is gone. */
    void releaseStalled() {
        boolean changed = false;
        long now = loop.now();
        QueuedItem rebuilt = null;
        QueuedItem last = null;
        for (QueuedItem i = head; i != null; i = i.next) {
            QueuedItem copy = i.due == Long.MAX_VALUE ? i.at(now) : i;
            changed |= copy != i;
            if (rebuilt == null) {
                rebuilt = copy;
            } else {
                last.next = copy;
            }
            last = copy;
        }
        if (changed) {
            head = rebuilt;
            tail = last;
            if (lastDue - now > 0) {
                lastDue = now;
            }
            flush();
        }
    }

    boolean isEmpty() {
        return head == null && !side.sending();
    }

    /** Whether it holds bytes that are not due yet (a behavior's delay): the connection is busy, not idle. */
    boolean holdsForLater() {
        return head != null && head.due - loop.now() > 0;
    }

    boolean isShut() {
        return shut;
    }

    long queuedBytes() {
        return queuedBytes;
    }

    /** Gives back pooled buffers; the connection is closing. */
    void discard() {
        for (QueuedItem i = head; i != null; i = i.next) {
            if (i.pooled != null) {
                loop.release(i.pooled);
            }
            conn.held().unhold(i.cost);
        }
        if (head != null) {
            conn.held().budget().holding(-1);
        }
        head = tail = null;
        pack = null;
        queuedBytes = 0;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void pressure() {
        if (feeder == null) {
            return;
        }
        feeder.pause(Flow.SINK, socketBlocked || queuedBytes > Math.min(highWater, conn.held().budget().share()));
        if (queuedBytes > 0 && conn.held().budget().spent()) {
            // it adds to what the engine holds: its source waits until the budget is back
            feeder.waitForBudget();
            conn.held().spent();
        }
    }

    private boolean write(ByteBuffer b) {
        try {
            int n = side.write(b);
            conn.countWritten(side, n);
            return true;
        } catch (IOException e) {
            conn.fail(side, e);
            return false;
        }
    }

    private void shutdownOutput() {
        shut = true;
        try {
            side.shutdownOutput();
        } catch (IOException e) {
            conn.fail(side, e);
        }
    }

    private void append(QueuedItem item) {
        if (tail == null) {
            conn.held().budget().holding(1);
            head = tail = item;
        } else {
            tail.next = item;
            tail = item;
        }
    }

    private void pop() {
        QueuedItem item = head;
        if (item.pooled != null) {
            if (item.pooled == pack) {
                pack = null;
            }
            loop.release(item.pooled);
        }
        conn.held().unhold(item.cost);
        head = item.next;
        if (head == null) {
            tail = null;
            conn.held().budget().holding(-1);
        }
        if (freeCount < FREE_ITEMS) {
            item.data = null;
            item.pooled = null;
            item.next = free;
            free = item;
            freeCount++;
        }
    }

    private QueuedItem item(int kind, long due, ByteBuffer data, ByteBuffer pooled) {
        QueuedItem item = free;
        if (item == null) {
            item = new QueuedItem();
        } else {
            free = item.next;
            freeCount--;
        }
        return item.set(kind, due, data, pooled);
    }

    /**
     * Has {@link #flush} run at {@code due}. One timer serves the outbound for good: one due no
     * later than asked is left to fire (the flush then arms for what is left), so holding chunk
     * after chunk for a latency schedules without allocating; only an earlier due replaces it.
     */
    private void arm(long due) {
        if (due == Long.MAX_VALUE) {
            return;
        }
        if (timer != null && timer.isQueued()) {
            if (!timer.isCancelled() && timer.due() - due <= 0) {
                return;
            }
            timer.cancel();
            timer = null;
        }
        if (timer == null) {
            if (onTimer == null) {
                onTimer = this::flush;
            }
            timer = loop.schedule(due, onTimer);
        } else {
            loop.reschedule(timer, due);
        }
    }
}
