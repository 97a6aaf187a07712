package org.vaurien;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A steady-state check made again and again while faults are injected: every {@code interval}
 * it calls its check, timing it; a check that throws is an error. What it saw is read as
 * {@link Window}s of recent results and held against a {@link Tolerance}. Close it to stop it.
 * <pre>{@code
 * try (Probe checkout = Probe.every(Duration.ofMillis(200), () -> http.send(request, discarding()))) {
 *     ...
 *     checkout.window(Duration.ofSeconds(10)).assertHolds(Tolerance.p95(Duration.ofMillis(300)).errors(0.01));
 * }
 * }</pre>
 */
public final class Probe implements AutoCloseable {
    /** One call of the check: when it started (ms since the probe started), how long it took, and what went wrong. */
    public record Result(long atMillis, double latencyMillis, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final String name;
    private final Callable<?> check;
    private final Duration interval;
    private final long start = System.nanoTime();
    private final List<Result> results = new ArrayList<>();
    private final List<Consumer<Result>> listeners = new ArrayList<>();
    private final ScheduledExecutorService clock;

    private Probe(String name, Duration interval, Callable<?> check) {
        this.name = name;
        this.check = check;
        this.interval = interval;
        this.clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vaurien-probe-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** A probe that calls {@code check} every {@code interval}, starting now. */
    public static Probe every(Duration interval, Callable<?> check) {
        return named("probe", interval, check);
    }

    /** The same, with a name for its thread and its reports. */
    public static Probe named(String name, Duration interval, Callable<?> check) {
        if (interval.isNegative() || interval.isZero()) {
            throw new BadInputException("probe '" + name + "': its interval must be more than 0");
        }
        Probe p = new Probe(name, interval, check);
        p.clock.scheduleWithFixedDelay(p::once, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        return p;
    }

    private void once() {
        long t0 = System.nanoTime();
        String error = null;
        try {
            check.call();
        } catch (Exception | Error e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        long t1 = System.nanoTime();
        Result r = new Result((t0 - start) / 1_000_000, (t1 - t0) / 1e6, error);
        List<Consumer<Result>> told;
        synchronized (this) {
            results.add(r);
            told = List.copyOf(listeners);
        }
        told.forEach(l -> l.accept(r));
    }

    /** Told of each result as it comes (on the probe's thread). */
    public synchronized void onResult(Consumer<Result> listener) {
        listeners.add(listener);
    }

    /** The results of the last {@code span}. */
    public Window window(Duration span) {
        long now = (System.nanoTime() - start) / 1_000_000;
        long from = now - span.toMillis();
        List<Result> in = new ArrayList<>();
        synchronized (this) {
            for (int i = results.size() - 1; i >= 0 && results.get(i).atMillis() >= from; i--) {
                in.add(0, results.get(i));
            }
        }
        return new Window(name, in);
    }

    /** Every result so far. */
    public synchronized List<Result> results() {
        return List.copyOf(results);
    }

    public String name() {
        return name;
    }

    public Duration interval() {
        return interval;
    }

    /** When the probe started, for the times of its results. */
    public long startNanos() {
        return start;
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
