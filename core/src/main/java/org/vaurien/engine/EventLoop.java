package org.vaurien.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One selector thread. Every socket of a connection lives on one loop, so a connection's two
 * directions never need a lock; work from other threads arrives through {@link #execute}.
 * Waiting (delays, rates, timeouts) is done with the loop's timers, never by sleeping.
 */
final class EventLoop implements Runnable {
    private static final Logger LOG = Logger.getLogger("org.vaurien");
    /** Largest read; also the size of pooled buffers. */
    static final int READ_SIZE = 64 * 1024;

    /** This loop's place among its engine's loops, 0 to threads - 1. */
    final int index;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    /** Freed buffers are kept up to what the memory budget lets connections hold, so a busy loop reuses rather than leaves direct memory to the collector. */
    private final BufferPool pool = new BufferPool(64 * 1024 * 1024);
    private ByteBuffer readBuffer = pool.take();
    private volatile boolean running = true;
    private long now = System.nanoTime();
    private long timerSequence;
    /** Bound once: a method reference written in the loop was an allocation per select (JFR). */
    private final Consumer<SelectionKey> dispatcher = this::dispatch;

    EventLoop(int index, String name, boolean daemon, UnaryOperator<Runnable> wrap) {
        this.index = index;
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(wrap.apply(this), name);
        thread.setDaemon(daemon);
    }

    void start() {
        thread.start();
    }

    /** Something that a selected key stands for. */
    interface Handler {
        void onReady(SelectionKey key);
    }

    /** A scheduled action; cancelled ones are skipped when they come due. One that came due may be scheduled again. */
    static final class Timer implements Comparable<Timer> {
        private long due;
        private long sequence;
        final Runnable action;
        private boolean cancelled;
        private boolean queued;

        Timer(long due, long sequence, Runnable action) {
            this.due = due;
            this.sequence = sequence;
            this.action = action;
        }

        void cancel() {
            cancelled = true;
        }

        boolean isCancelled() {
            return cancelled;
        }

        /** Still waiting in the loop's queue (cancelled or not). */
        boolean isQueued() {
            return queued;
        }

        long due() {
            return due;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                long timeoutMs = nextTimeoutMillis();
                wakeupPending.set(false);
                if (!tasks.isEmpty() || timeoutMs == 0) {
                    selector.selectNow(dispatcher);
                } else {
                    selector.select(dispatcher, timeoutMs < 0 ? 0 : timeoutMs);
                }
                now = System.nanoTime();
                runTasks();
                runTimers();
            } catch (Throwable t) {
                LOG.log(Level.SEVERE, "event loop " + thread.getName() + " caught an unexpected error", t);
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing on shutdown: nothing left to tell
        }
    }

    private void dispatch(SelectionKey key) {
        now = System.nanoTime();
        Object attachment = key.attachment();
        if (attachment instanceof Handler && key.isValid()) {
            ((Handler) attachment).onReady(key);
        }
    }

    private long nextTimeoutMillis() {
        Timer next = timers.peek();
        while (next != null && next.cancelled) {
            timers.poll().queued = false;
            next = timers.peek();
        }
        if (next == null) {
            return -1;
        }
        long wait = next.due - System.nanoTime();
        if (wait <= 0) {
            return 0;
        }
        return Math.max(1, (wait + 999_999) / 1_000_000);
    }

    /** At most a batch per turn, so that tasks queueing tasks never starve the sockets. */
    private void runTasks() {
        Runnable task;
        for (int i = 0; i < 1024 && (task = tasks.poll()) != null; i++) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "task on " + thread.getName() + " failed", e);
            }
        }
    }

    private void runTimers() {
        Timer next;
        while ((next = timers.peek()) != null && next.due - now <= 0) {
            timers.poll();
            next.queued = false;
            if (!next.cancelled) {
                try {
                    next.action.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "timer on " + thread.getName() + " failed", e);
                }
            }
        }
    }

    /** Runs a task on this loop; from the loop itself it still runs later, never re-entrantly. */
    void execute(Runnable task) {
        tasks.add(task);
        if (Thread.currentThread() != thread && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Loop thread only. */
    Timer schedule(long dueNanos, Runnable action) {
        Timer t = new Timer(dueNanos, timerSequence++, action);
        t.queued = true;
        timers.add(t);
        return t;
    }

    /** Schedules a timer that came due (it is no longer queued) again, at {@code dueNanos}. Loop thread only. */
    void reschedule(Timer t, long dueNanos) {
        if (t.queued) {
            throw new IllegalStateException("the timer is still queued");
        }
        t.due = dueNanos;
        t.sequence = timerSequence++;
        t.cancelled = false;
        t.queued = true;
        timers.add(t);
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs on this loop and waits for it: selector registrations belong to the loop thread. */
    void runAndWait(IoAction action) {
        if (inLoop()) {
            action.runUnchecked();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            try {
                action.runUnchecked();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;

        private void runUnchecked() {
            try {
                run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The time of the current event, read once per ready key. */
    long now() {
        return now;
    }

    /** Refreshes and returns the time (after work that may have taken a while). */
    long refreshNow() {
        now = System.nanoTime();
        return now;
    }

    Selector selector() {
        return selector;
    }

    /** The shared read buffer, cleared; its contents are only valid until the next read. */
    ByteBuffer readBuffer() {
        return readBuffer.clear();
    }

    /**
     * Gives the current read buffer to a writer that must keep its unsent tail, and installs a
     * fresh one: the tail is kept without a copy. The caller returns it with {@link #release}.
     */
    ByteBuffer detachReadBuffer() {
        ByteBuffer taken = readBuffer;
        readBuffer = pool.take();
        return taken;
    }

    /** A pooled buffer for {@code size} bytes ({@link BufferPool#fits}); the caller returns it with {@link #release}. */
    ByteBuffer pooled(int size) {
        return pool.take(size);
    }

    boolean isReadBuffer(ByteBuffer b) {
        return b == readBuffer;
    }

    void release(ByteBuffer pooled) {
        pool.give(pooled);
    }

    void shutdown() {
        running = false;
        selector.wakeup();
    }

    Thread thread() {
        return thread;
    }
}
