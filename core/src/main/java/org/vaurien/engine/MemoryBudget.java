package org.vaurien.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all the proxies of an engine may hold at once: bytes queued for a slow socket or
 * for their time, request heads held to be rewritten, lines a framer is reading. Past the budget
 * nothing is refused that was already read (it would be lost); instead the flows that add to it
 * stop reading their source until it is back under three quarters, and framers go raw rather
 * than keep more. So no client, however hostile, makes the process buffer without bound.
 */
final class MemoryBudget {
    private final long limit;
    private final AtomicLong held = new AtomicLong();
    private final Set<Flow> waiting = ConcurrentHashMap.newKeySet();
    /** Outbound queues that hold bytes now: the budget's share is split among them. */
    private final AtomicInteger holding = new AtomicInteger();
    /** Each queue may hold at least this much, however many share the budget. */
    static final long MIN_SHARE = 32 * 1024;

    MemoryBudget(long limit) {
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    /** A queue started (+1) or stopped (-1) holding bytes. */
    void holding(int change) {
        holding.addAndGet(change);
    }

    /**
     * What one queue may hold before its source stops being read, so that a thousand queues
     * share the budget rather than the first few taking it all: half the budget split evenly.
     */
    long share() {
        return Math.max(MIN_SHARE, limit / (2L * Math.max(1, holding.get())));
    }

    long held() {
        return held.get();
    }

    boolean spent() {
        return held.get() > limit;
    }

    /** Counts bytes that are held whatever the budget says (they were read already). */
    void add(long bytes) {
        held.addAndGet(bytes);
    }

    /** Counts bytes only when the budget has room for them. */
    boolean tryAdd(long bytes) {
        while (true) {
            long now = held.get();
            if (now + bytes > limit) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        long now = held.addAndGet(-bytes);
        if (now <= limit - limit / 4 && !waiting.isEmpty()) {
            for (Flow f : waiting) {
                if (waiting.remove(f)) {
                    f.budgetFreed();
                }
            }
        }
    }

    /** A flow that stopped reading because the budget is spent, to be woken when it is not. */
    void await(Flow flow) {
        waiting.add(flow);
        if (!spent()) {
            // released meanwhile: nobody else will wake it
            if (waiting.remove(flow)) {
                flow.budgetFreed();
            }
        }
    }

    void forget(Flow flow) {
        waiting.remove(flow);
    }
}
