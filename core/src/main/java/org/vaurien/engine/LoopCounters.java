package org.vaurien.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters that each event loop adds to without an atomic instruction: every loop has its own
 * slots, written by its thread only, and a reader sums them. A LongAdder's compare-and-set on
 * every exchange was a tenth of the pipelined Redis scenario's Java time (JFR).
 */
final class LoopCounters {
    /** 128 bytes between two loops' slots: no two loops write the same cache line. */
    private static final int STRIDE = 16;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] slots;

    LoopCounters(int loops, int counters) {
        if (counters > STRIDE) {
            throw new IllegalArgumentException("at most " + STRIDE + " counters");
        }
        // one stride before the first loop's too, away from the array's header
        this.slots = new long[(loops + 1) * STRIDE];
    }

    /** Called on loop {@code loop}'s thread only. */
    void add(int loop, int counter, long n) {
        int i = (loop + 1) * STRIDE + counter;
        // opaque: a plain store on x86, but never torn, so a reader on another thread sees a whole value
        SLOT.setOpaque(slots, i, (long) SLOT.getOpaque(slots, i) + n);
    }

    long sum(int counter) {
        long total = 0;
        for (int i = STRIDE + counter; i < slots.length; i += STRIDE) {
            total += (long) SLOT.getOpaque(slots, i);
        }
        return total;
    }
}
