package org.vaurien.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.vaurien.FaultListener;
import org.vaurien.FaultRecord;
import org.vaurien.spi.Direction;
import org.vaurien.spi.Injection;

/**
 * What one proxy counts and tells: bytes, exchanges, backend failures, faults (counted, and told
 * to its listeners as fault records), limits reached and switches to raw tcp (each logged once).
 * Written by the event loops without a lock.
 */
public final class ProxyStats {
    private static final Logger LOG = Logger.getLogger("org.vaurien");

    private final String proxy;
    private final Supplier<Long> seed;
    private static final int UPSTREAM_BYTES = 0;
    private static final int DOWNSTREAM_BYTES = 1;
    private static final int EXCHANGES = 2;
    /** What is counted per read or per exchange, by each loop in slots of its own. */
    private final LoopCounters perLoop;
    private final LongAdder backendFailures = new LongAdder();
    private final Map<String, LongAdder> faults = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> limitsHit = new ConcurrentHashMap<>();
    private final Set<String> switchReasonsLogged = ConcurrentHashMap.newKeySet();
    private final CopyOnWriteArrayList<FaultListener> listeners = new CopyOnWriteArrayList<>();

    ProxyStats(String proxy, Supplier<Long> seed, int loops) {
        this.proxy = proxy;
        this.seed = seed;
        this.perLoop = new LoopCounters(loops, 3);
    }

    public long bytes(Direction direction) {
        return perLoop.sum(direction == Direction.UPSTREAM ? UPSTREAM_BYTES : DOWNSTREAM_BYTES);
    }

    /** Exchanges its connections started (requests, or reads for raw tcp). */
    public long exchanges() {
        return perLoop.sum(EXCHANGES);
    }

    public long backendFailures() {
        return backendFailures.sum();
    }

    /** How many times each behavior acted, by name. */
    public Map<String, Long> faultCounts() {
        return sums(faults);
    }

    /** How many times each limit was reached, by name (max_pending, max_buffer, max_depth...). */
    public Map<String, Long> limitCounts() {
        return sums(limitsHit);
    }

    private static Map<String, Long> sums(Map<String, LongAdder> adders) {
        Map<String, Long> counts = new TreeMap<>();
        adders.forEach((k, v) -> counts.put(k, v.sum()));
        return counts;
    }

    /** Told each time a behavior acts, as well as the listeners already there. */
    public void addListener(FaultListener l) {
        listeners.add(l);
    }

    public void removeListener(FaultListener l) {
        listeners.remove(l);
    }

    void countBytes(EventLoop loop, Direction direction, int n) {
        perLoop.add(loop.index, direction == Direction.UPSTREAM ? UPSTREAM_BYTES : DOWNSTREAM_BYTES, n);
    }

    void countExchange(EventLoop loop) {
        perLoop.add(loop.index, EXCHANGES, 1);
    }

    void countBackendFailure() {
        backendFailures.increment();
    }

    /**
     * A behavior acted on a connection: counted, and told to the listeners as one record. A
     * stream behavior's record carries its options, so that a replay can put the same stage back.
     */
    void record(ConfiguredBehavior b, Connection c, long exchange, String direction, String effect, Injection injection) {
        faults.computeIfAbsent(b.name(), k -> new LongAdder()).increment();
        if (listeners.isEmpty()) {
            return;
        }
        boolean stream = b.isStream();
        FaultRecord r = new FaultRecord(Instant.now(), proxy, c.id(), c.clientName(), exchange, direction, b.name(),
                effect, stream ? "stream" : injection.phase().wireName(),
                stream ? b.options().wireValues() : injection.parameters(), seed.get());
        for (FaultListener l : listeners) {
            try {
                l.onFault(r);
            } catch (RuntimeException e) {
                LOG.warning(() -> "a fault listener failed: " + e);
            }
        }
    }

    /** One of the proxy's limits was reached: counted each time, told in the log the first time. */
    void limitHit(String limit, String what) {
        LongAdder n = limitsHit.computeIfAbsent(limit, k -> new LongAdder());
        n.increment();
        if (n.sum() == 1) {
            LOG.warning(() -> "proxy '" + proxy + "': limit " + limit + " reached: " + what);
        }
    }

    void noteSwitch(long connectionId, String reason, boolean expected) {
        if (switchReasonsLogged.add(reason)) {
            String text = "proxy '" + proxy + "': connection #" + connectionId + " goes on as plain tcp: " + reason;
            if (expected) {
                LOG.info(text);
            } else {
                LOG.warning(text + " (the bytes are passed on untouched)");
            }
        }
    }
}
