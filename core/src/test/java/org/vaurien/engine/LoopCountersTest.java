package org.vaurien.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Each loop adds to its own slots; the sum over loops is exact and counters do not mix. */
class LoopCountersTest {
    @Test
    void twoLoopsAddingAtOnceSumExactly() throws InterruptedException {
        LoopCounters counters = new LoopCounters(2, 3);
        Thread[] loops = new Thread[2];
        for (int l = 0; l < loops.length; l++) {
            int loop = l;
            loops[l] = new Thread(() -> {
                for (int i = 0; i < 1_000_000; i++) {
                    counters.add(loop, 2, 1);
                    counters.add(loop, 0, loop + 1);
                }
            });
            loops[l].start();
        }
        for (Thread t : loops) {
            t.join();
        }
        assertEquals(2_000_000, counters.sum(2));
        assertEquals(3_000_000, counters.sum(0), "loop 0 added 1 a time, loop 1 added 2");
        assertEquals(0, counters.sum(1));
    }
}
