package org.vaurien.engine;

/**
 * The bytes one connection holds of the engine's memory budget (queued, held heads, lines being
 * read), all given back when it closes; a budget spent is counted as the limit max_buffer.
 */
final class HeldBytes {
    private final MemoryBudget budget;
    private final ProxyStats stats;
    private long held;

    HeldBytes(MemoryBudget budget, ProxyStats stats) {
        this.budget = budget;
        this.stats = stats;
    }

    MemoryBudget budget() {
        return budget;
    }

    /** Counts bytes whatever the budget says (they were read already). */
    void hold(long bytes) {
        held += bytes;
        budget.add(bytes);
    }

    void unhold(long bytes) {
        held -= bytes;
        budget.release(bytes);
    }

    /** Room for more bytes kept of a message in progress; false when the engine's budget is spent. */
    boolean reserve(long bytes) {
        if (!budget.tryAdd(bytes)) {
            stats.limitHit("max_buffer", "the memory budget of the process is spent: framing stops, the bytes pass as tcp");
            return false;
        }
        held += bytes;
        return true;
    }

    /** A direction stopped being read because the engine's budget is spent. */
    void spent() {
        stats.limitHit("max_buffer", "the memory budget of the process is spent: the clients that add to it stop being read");
    }

    /** The connection closed: all it held goes back. */
    void releaseAll() {
        budget.release(held);
        held = 0;
    }
}
