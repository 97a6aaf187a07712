package org.vaurien.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.Registry;

/**
 * The event loops shared by all proxies of a process: one per core by default. A connection
 * stays on the loop it was given, so both of its sockets are served by one thread.
 */
public final class Engine implements AutoCloseable {
    private static Engine shared;

    /** What the standalone proxy may hold at once, all connections together. */
    public static final long DEFAULT_BUDGET = 64L << 20;

    private final EventLoop[] loops;
    private final MemoryBudget budget;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param threads event loops (selector threads); 0 for one per available processor
     * @param daemon whether the loops let the JVM exit (true for embedded use)
     */
    public Engine(int threads, boolean daemon) {
        this(threads, daemon, r -> r, DEFAULT_BUDGET);
    }

    /**
     * @param wrap wraps each loop's work, e.g. to mark its thread as the agent's own so that its
     *             backend connects are never redirected
     * @param budgetBytes the bytes its proxies may hold at once, all connections together
     */
    public Engine(int threads, boolean daemon, UnaryOperator<Runnable> wrap, long budgetBytes) {
        this.budget = new MemoryBudget(budgetBytes);
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        loops = new EventLoop[n];
        for (int i = 0; i < n; i++) {
            loops[i] = new EventLoop(i, "vaurien-io-" + i, daemon, wrap);
            loops[i].start();
        }
    }

    /** The engine of embedded proxies (Java API, agent): daemon threads, one per core. */
    public static synchronized Engine shared() {
        if (shared == null) {
            shared = new Engine(0, true);
        }
        return shared;
    }

    /** Starts a proxy: checks its settings, binds its port, and serves until closed. */
    public ProxyServer start(ProxyConfig config, Registry registry) {
        ProxyServer proxy = bind(ProxyServer.check(config, registry));
        proxy.open();
        return proxy;
    }

    /**
     * Binds a checked proxy's port without accepting anybody yet ({@link ProxyServer#open()}):
     * so that several proxies start all together, or none does.
     */
    public ProxyServer bind(ProxyServer.Checked checked) {
        return ProxyServer.bind(this, checked);
    }

    EventLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    MemoryBudget budget() {
        return budget;
    }

    /** Bytes held now by every proxy of this engine (queued, held heads, lines being read). */
    public long heldBytes() {
        return budget.held();
    }

    EventLoop first() {
        return loops[0];
    }

    public int threads() {
        return loops.length;
    }

    @Override
    public void close() {
        for (EventLoop loop : loops) {
            loop.shutdown();
        }
    }
}
