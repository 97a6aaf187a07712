package org.vaurien.experiments;

import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import org.vaurien.BadInputException;
import org.vaurien.Client;
import org.vaurien.experiments.Experiment.Step;
import org.vaurien.experiments.Experiment.ToxicSpec;

/**
 * Plays a timeline's steps: each at its time or after its count, for its time, then what its
 * proxy did before it. Once {@link #revertAll()} ran, no step starts any more.
 */
final class StepPlayer {
    private static final long POLL_MS = 50;

    /** What a proxy did before a step changed it. */
    private record Before(String behavior, Map<String, Map<String, String>> options, Boolean enabled) {
    }

    private final Run run;
    private final Map<String, Runner.Server> byProxy;
    private final ScheduledExecutorService clock;
    private final Consumer<String> abort;
    private final Map<Run.Played, Before> before = new HashMap<>();
    private boolean restored;

    StepPlayer(Run run, Map<String, Runner.Server> byProxy, ScheduledExecutorService clock, Consumer<String> abort) {
        this.run = run;
        this.byProxy = byProxy;
        this.clock = clock;
        this.abort = abort;
    }

    /** Starts every step and waits until each has ended, or {@code sleepUntil} says the run was aborted. */
    void play(LongPredicate sleepUntil) {
        CountDownLatch done = new CountDownLatch(run.steps.size());
        for (Run.Played p : run.steps) {
            Step s = p.step();
            if (s.trigger().timed()) {
                clock.schedule(() -> start(p, done), s.trigger().at().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                watchCount(p, done);
            }
        }
        while (done.getCount() > 0) {
            if (!sleepUntil.test(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(POLL_MS))) {
                return;
            }
        }
    }

    /** Starts a step once its proxy counted its exchanges or bytes since the timeline began. */
    private void watchCount(Run.Played p, CountDownLatch done) {
        Step s = p.step();
        Client c = byProxy.get(s.proxy()).client;
        boolean exchanges = s.trigger().exchanges() >= 0;
        String metric = exchanges ? "vaurien_proxy_exchanges_total" : "vaurien_proxy_bytes_total";
        long wanted = exchanges ? s.trigger().exchanges() : s.trigger().bytes();
        long base = c.counter(metric).getOrDefault(s.proxy(), 0L);
        AtomicReference<ScheduledFuture<?>> poll = new AtomicReference<>();
        poll.set(clock.scheduleWithFixedDelay(() -> {
            try {
                if (c.counter(metric).getOrDefault(s.proxy(), 0L) - base >= wanted) {
                    poll.get().cancel(false);
                    start(p, done);
                }
            } catch (RuntimeException failure) {
                poll.get().cancel(false);
                abort.accept("the count of proxy '" + s.proxy() + "' could not be read: " + failure.getMessage());
            }
        }, 0, POLL_MS, TimeUnit.MILLISECONDS));
    }

    /** Starts a step; a refusal aborts the run, outside this player's lock (the abort takes it to revert). */
    private void start(Run.Played p, CountDownLatch done) {
        String refused = tryStart(p, done);
        if (refused != null) {
            abort.accept("the step of line " + p.step().line() + " could not be applied: " + refused);
        }
    }

    private synchronized String tryStart(Run.Played p, CountDownLatch done) {
        if (restored) {
            return null;
        }
        Step s = p.step();
        Runner.Server server = byProxy.get(s.proxy());
        try {
            before.put(p, snapshot(server.client, s));
            p.startMs = run.now();
            apply(server.client, s);
        } catch (BadInputException | UncheckedIOException failure) {
            p.error = failure.getMessage();
            p.startMs = -1;
            run.event("step of line " + s.line() + " on '" + s.proxy() + "' refused: " + failure.getMessage());
            return failure.getMessage();
        }
        p.appliedMs = run.now();
        run.event("step of line " + s.line() + " on '" + s.proxy() + "': " + s.describe() + " for " + Durations.text(s.duration()));
        clock.schedule(() -> end(p, done), s.duration().toMillis(), TimeUnit.MILLISECONDS);
        return null;
    }

    private synchronized void end(Run.Played p, CountDownLatch done) {
        if (p.endMs >= 0 || p.startMs < 0) {
            return;
        }
        revert(p);
        run.event("step of line " + p.step().line() + " on '" + p.step().proxy() + "' ended");
        done.countDown();
    }

    synchronized boolean restored() {
        return restored;
    }

    /** Reverts the steps under way; no step starts after it. */
    synchronized void revertAll() {
        restored = true;
        for (Run.Played p : run.steps) {
            if (p.startMs >= 0 && p.endMs < 0) {
                revert(p);
            }
        }
    }

    private static Before snapshot(Client c, Step s) {
        Client proxy = c.proxy(s.proxy());
        Boolean enabled = null;
        if (s.enabled() != null) {
            enabled = c.proxies().stream().filter(p -> p.name().equals(s.proxy())).findFirst()
                    .map(Client.Proxy::enabled).orElse(true);
        }
        return s.behavior() == null ? new Before(null, null, enabled)
                : new Before(proxy.behavior(), proxy.behaviorOptions(), enabled);
    }

    private static void apply(Client c, Step s) {
        if (s.behavior() != null) {
            c.proxy(s.proxy()).setBehavior(s.behavior(), s.options());
        }
        for (ToxicSpec t : s.toxics()) {
            c.addToxic(s.proxy(), t.type(), t.name(), t.stream(), t.toxicity(), t.attributes());
        }
        if (s.enabled() != null) {
            c.setEnabled(s.proxy(), s.enabled());
        }
    }

    /** Puts back what the step changed; what cannot be put back is said (the lease's end puts it back). */
    private void revert(Run.Played p) {
        Step s = p.step();
        Client c = byProxy.get(s.proxy()).client;
        Before b = before.get(p);
        p.endingMs = run.now();
        try {
            if (b.enabled() != null) {
                c.setEnabled(s.proxy(), b.enabled());
            }
            for (ToxicSpec t : s.toxics()) {
                c.removeToxic(s.proxy(), t.name());
            }
            if (b.behavior() != null) {
                c.proxy(s.proxy()).setBehavior(b.behavior(), b.options());
            }
        } catch (RuntimeException failure) {
            run.event("step of line " + s.line() + ": could not put back what it changed: " + failure.getMessage());
        }
        p.endMs = run.now();
    }
}
