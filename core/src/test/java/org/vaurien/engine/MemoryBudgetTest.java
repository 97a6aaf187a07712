package org.vaurien.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Half the budget is split evenly among the queues holding bytes, never below the minimum share. */
class MemoryBudgetTest {
    @Test
    void theShareShrinksWithTheQueuesThatHold() {
        MemoryBudget budget = new MemoryBudget(64L << 20);
        assertEquals(32L << 20, budget.share(), "one queue or none: half the budget");
        budget.holding(1);
        assertEquals(32L << 20, budget.share());
        budget.holding(999);
        assertEquals((64L << 20) / 2000, budget.share());
        budget.holding(9000);
        assertEquals(MemoryBudget.MIN_SHARE, budget.share(), "ten thousand queues: the minimum each");
        budget.holding(-10_000);
        assertEquals(32L << 20, budget.share());
    }
}
