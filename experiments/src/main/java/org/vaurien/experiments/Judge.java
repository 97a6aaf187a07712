package org.vaurien.experiments;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vaurien.Probe;
import org.vaurien.Tolerance;
import org.vaurien.Window;
import org.vaurien.experiments.Experiment.Abort;
import org.vaurien.experiments.Experiment.ProbeSpec;
import org.vaurien.experiments.Experiment.Tolerances;

/**
 * Holds each probe's window against its tolerance: before the faults (the steady state must be
 * there to begin with), during them (deviations, and the abort conditions), after them (it must
 * come back). The first deviation found is the run's verdict.
 */
final class Judge {
    private final Run run;
    private final Consumer<String> abort;
    private final Map<String, Run.Deviation> open = new HashMap<>();
    private List<Abort> aborts = List.of();
    private String first;

    Judge(Run run, Consumer<String> abort) {
        this.run = run;
        this.abort = abort;
    }

    void aborts(List<Abort> conditions) {
        this.aborts = List.copyOf(conditions);
    }

    static Tolerance tolerance(Tolerances t) {
        Tolerance tol = Tolerance.errorsUnder(t.errors());
        if (t.p50() >= 0) {
            tol = tol.withP50(ms(t.p50()));
        }
        if (t.p95() >= 0) {
            tol = tol.withP95(ms(t.p95()));
        }
        return t.p99() >= 0 ? tol.withP99(ms(t.p99())) : tol;
    }

    private static Duration ms(double ms) {
        return Duration.ofNanos(Math.round(ms * 1e6));
    }

    /** One result of a probe, judged while the timeline plays. */
    void result(ProbeSpec spec, Probe probe, Probe.Result r, long offsetMs) {
        long at = offsetMs + r.atMillis();
        Run.Phase phase = run.phase();
        run.result(new Run.Result(spec.name(), at, r.latencyMillis(), r.error(), phase));
        if (phase != Run.Phase.TIMELINE) {
            return;
        }
        String why = probe.window(spec.window()).breaks(tolerance(spec.tolerance()));
        long since;
        synchronized (this) {
            Run.Deviation d = open.get(spec.name());
            if (why == null) {
                if (d != null) {
                    d.toMs = at;
                    open.remove(spec.name());
                    run.event("probe '" + spec.name() + "' is back within its tolerance");
                }
                return;
            }
            if (d == null) {
                d = new Run.Deviation(spec.name(), at, phase, why);
                open.put(spec.name(), d);
                run.deviation(d);
                run.event("probe '" + spec.name() + "' deviates: " + why);
                noteFirst("probe '" + spec.name() + "' deviated at " + seconds(at) + " during the timeline: " + why);
            }
            since = d.fromMs;
        }
        for (Abort a : aborts) {
            if (a.probe().equals(spec.name()) && at - since >= a.lasting().toMillis()) {
                abort.accept("probe '" + spec.name() + "' broke its tolerance (" + why + ")"
                        + (a.lasting().isZero() ? "" : " for " + Durations.text(a.lasting())));
            }
        }
    }

    /** Ends the deviations still under way when the timeline ends. */
    synchronized void closeOpen() {
        long now = run.now();
        open.values().forEach(d -> d.toMs = now);
        open.clear();
    }

    /** The steady state before any fault; false (and the run's verdict) when a probe's window breaks it. */
    boolean before(Map<String, Probe> probes, Duration span) {
        String why = check(probes, span, Run.Phase.BEFORE);
        if (why != null) {
            run.end(Run.Outcome.DEVIATED, "the steady state did not hold before any fault (" + why
                    + "): the timeline did not run");
        }
        return why == null;
    }

    /** The steady state once every proxy was put back. */
    void after(Map<String, Probe> probes, Duration span) {
        String why = check(probes, span, Run.Phase.AFTER);
        if (why != null) {
            noteFirst("the steady state did not come back after the faults (" + why + ")");
        }
    }

    private String check(Map<String, Probe> probes, Duration span, Run.Phase phase) {
        long now = run.now();
        for (Map.Entry<String, Probe> e : probes.entrySet()) {
            ProbeSpec spec = run.experiment.probes().get(e.getKey());
            Window w = e.getValue().window(span);
            String why = w.breaks(tolerance(spec.tolerance()));
            if (why != null) {
                Run.Deviation d = new Run.Deviation(spec.name(), now - span.toMillis(), phase, why);
                d.toMs = now;
                run.deviation(d);
                return "probe '" + spec.name() + "': " + why + " over " + w.count() + " results";
            }
        }
        return null;
    }

    private synchronized void noteFirst(String why) {
        if (first == null) {
            first = why;
        }
    }

    /** The first deviation, as the verdict says it; null when none. */
    synchronized String firstDeviation() {
        return first;
    }

    static String seconds(long ms) {
        return String.format("%.1fs", ms / 1000.0);
    }
}
