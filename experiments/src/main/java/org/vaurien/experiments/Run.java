package org.vaurien.experiments;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import org.vaurien.FaultRecord;
import org.vaurien.experiments.Experiment.Step;

/**
 * What a run of an experiment did and does: its phase, the steps it played, every probe result,
 * every fault, the deviations and how it ended. Times are ms from the run's start. Read while it
 * runs (the control API follows it) and once it ended (the reports).
 */
public final class Run {
    /** Faults kept for the report; past this many, only counted. */
    static final int MAX_FAULTS = 200_000;

    public enum Phase { PREPARING, BEFORE, TIMELINE, AFTER, ENDED }

    /** How it ended: the steady state held, it deviated (the experiment ran to its end), or it was aborted. */
    public enum Outcome { HELD, DEVIATED, ABORTED }

    public record Event(long atMs, String text) {
    }

    /**
     * A step as played: when its change began and was in place, when its revert began and was
     * done (-1: not yet, or never), and what went wrong applying it.
     */
    public static final class Played {
        final Step step;
        volatile long startMs = -1;
        volatile long appliedMs = -1;
        volatile long endingMs = -1;
        volatile long endMs = -1;
        volatile String error;

        Played(Step step) {
            this.step = step;
        }

        public Step step() {
            return step;
        }

        public long startMs() {
            return startMs;
        }

        public long appliedMs() {
            return appliedMs;
        }

        public long endingMs() {
            return endingMs;
        }

        public long endMs() {
            return endMs;
        }

        public String error() {
            return error;
        }
    }

    public record Result(String probe, long atMs, double latencyMs, String error, Phase phase) {
    }

    /** A span when a probe's window broke its tolerance; {@code toMs} -1 while it lasts. */
    public static final class Deviation {
        final String probe;
        final long fromMs;
        final Phase phase;
        final String why;
        volatile long toMs = -1;

        Deviation(String probe, long fromMs, Phase phase, String why) {
            this.probe = probe;
            this.fromMs = fromMs;
            this.phase = phase;
            this.why = why;
        }
    }

    final String id = UUID.randomUUID().toString().substring(0, 8);
    final Experiment experiment;
    final long startNanos = System.nanoTime();
    final Instant startTime = Instant.now();
    final List<Played> steps = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final List<Result> results = new ArrayList<>();
    private final List<Deviation> deviations = new ArrayList<>();
    private final List<FaultRecord> faults = new ArrayList<>();
    private final Map<String, Long> phaseStarts = new LinkedHashMap<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private long faultsSeen;
    private volatile Phase phase = Phase.PREPARING;
    private volatile Outcome outcome;
    private volatile String reason = "";
    volatile Path report;

    Run(Experiment experiment) {
        this.experiment = experiment;
        experiment.timeline().forEach(s -> steps.add(new Played(s)));
    }

    public String id() {
        return id;
    }

    public Experiment experiment() {
        return experiment;
    }

    /** The steps as played so far. */
    public List<Played> steps() {
        return List.copyOf(steps);
    }

    /** The run's start on {@link System#nanoTime()}'s clock: its times are ms from it. */
    public long startNanos() {
        return startNanos;
    }

    public Phase phase() {
        return phase;
    }

    /** Null until it ended. */
    public Outcome outcome() {
        return outcome;
    }

    /** Why it ended as it did, in one sentence. */
    public String reason() {
        return reason;
    }

    /** The HTML report once written, or null. */
    public Path report() {
        return report;
    }

    /** Whether it ended and its reports were written. */
    public boolean finished() {
        return ended.getCount() == 0;
    }

    /** Waits for its end; false when {@code timeout} came first. */
    public boolean await(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** 0: the steady state held; 1: it deviated or the run was aborted. */
    public int exitStatus() {
        return outcome == Outcome.HELD ? 0 : 1;
    }

    long now() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    synchronized void enter(Phase next) {
        phase = next;
        phaseStarts.put(next.name().toLowerCase(), now());
        events.add(new Event(now(), "phase: " + next.name().toLowerCase()));
    }

    synchronized void event(String text) {
        events.add(new Event(now(), text));
    }

    synchronized void result(Result r) {
        results.add(r);
    }

    synchronized void deviation(Deviation d) {
        deviations.add(d);
    }

    synchronized void fault(FaultRecord f) {
        faultsSeen++;
        if (faults.size() < MAX_FAULTS) {
            faults.add(f);
        }
    }

    synchronized void end(Outcome how, String why) {
        if (outcome != null) {
            return;
        }
        outcome = how;
        reason = why;
        phase = Phase.ENDED;
        phaseStarts.put("ended", now());
        events.add(new Event(now(), "ended: " + how.name().toLowerCase() + ": " + why));
    }

    void released() {
        ended.countDown();
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    public synchronized List<Result> results() {
        return List.copyOf(results);
    }

    public synchronized List<Deviation> deviations() {
        return List.copyOf(deviations);
    }

    public synchronized List<FaultRecord> faults() {
        return List.copyOf(faults);
    }

    public synchronized long faultsSeen() {
        return faultsSeen;
    }

    /** When each phase started, in ms. */
    public synchronized Map<String, Long> phaseStarts() {
        return new LinkedHashMap<>(phaseStarts);
    }

    /** A fault's time in ms from the run's start. */
    long atMs(FaultRecord f) {
        return Duration.between(startTime, f.time()).toMillis();
    }
}
