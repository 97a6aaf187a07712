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

    private final EventLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param threads event loops (selector threads); 0 for one per available processor
     * @param daemon whether the loops let the JVM exit (true for embedded use)
     */
    public Engine(int threads, boolean daemon) {
        this(threads, daemon, r -> r);
    }

    /**
     * @param wrap wraps each loop's work, e.g. to mark its thread as the agent's own so that its
     *             backend connects are never redirected
     */
    public Engine(int threads, boolean daemon, UnaryOperator<Runnable> wrap) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        loops = new EventLoop[n];
        for (int i = 0; i < n; i++) {
            loops[i] = new EventLoop("vaurien-io-" + i, daemon, wrap);
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
        return ProxyServer.start(this, config, registry);
    }

    EventLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
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
