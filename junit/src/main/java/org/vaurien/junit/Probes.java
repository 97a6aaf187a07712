package org.vaurien.junit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vaurien.Probe;
import org.vaurien.Tolerance;

/**
 * Steady-state probes for one test, given by {@link VaurienExtension} as a parameter: each runs
 * while the test does and stops when it ends. A test holds its assertions against a probe's
 * window ({@code probe.window(ofSeconds(2)).assertHolds(Tolerance.p95(ofMillis(50)))}) or against
 * every probe's at once ({@link #assertAllHold}).
 * <pre>{@code
 * @Test
 * void checkoutSurvivesASlowCache(@ChaosProxy(backend = "127.0.0.1:6379", protocol = "redis") VaurienProxy cache, Probes probes) {
 *     Probe page = probes.every(Duration.ofMillis(100), () -> shop.checkout());
 *     try (var run = cache.timeline().then("delay", Map.of("sleep", 0.2), Duration.ofSeconds(2)).start()) { run.await(...); }
 *     page.window(Duration.ofSeconds(2)).assertHolds(Tolerance.p95(Duration.ofMillis(500)));
 * }
 * }</pre>
 */
public final class Probes implements AutoCloseable {
    private final List<Probe> started = new ArrayList<>();

    Probes() {
    }

    /** A probe calling {@code check} every {@code interval} from now until the test ends; a throw is an error. */
    public synchronized Probe every(Duration interval, Callable<?> check) {
        return named("probe " + (started.size() + 1), interval, check);
    }

    public synchronized Probe named(String name, Duration interval, Callable<?> check) {
        Probe p = Probe.named(name, interval, check);
        started.add(p);
        return p;
    }

    /** Every probe's window of the last {@code span} holds {@code tolerance}; an AssertionError names the first that does not. */
    public synchronized void assertAllHold(Duration span, Tolerance tolerance) {
        started.forEach(p -> p.window(span).assertHolds(tolerance));
    }

    @Override
    public synchronized void close() {
        started.forEach(Probe::close);
    }
}
