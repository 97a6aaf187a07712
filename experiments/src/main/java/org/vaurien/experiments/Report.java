package org.vaurien.experiments;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.vaurien.FaultRecord;
import org.vaurien.Probe;
import org.vaurien.Window;
import org.vaurien.experiments.Experiment.ProbeSpec;
import org.vaurien.faults.FaultJson;

/**
 * A run's reports: {@code report.md} (the verdict, which probe deviated when, the faults by
 * proxy and behavior), {@code report.json} (every probe result and every fault) and
 * {@code report.html} (one self-contained page with the timeline chart).
 */
public final class Report {
    private Report() {
    }

    /** Writes the three files into {@code dir}, made if missing; returns the HTML page's path. */
    public static Path write(Run run, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.md"), markdown(run), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.json"), new GsonBuilder().setPrettyPrinting().create()
                    .toJson(json(run, true)), StandardCharsets.UTF_8);
            Path html = dir.resolve("report.html");
            Files.writeString(html, HtmlReport.render(run), StandardCharsets.UTF_8);
            return html;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The run as JSON; without {@code details}, its state and verdict only (for a list). */
    public static JsonObject json(Run run, boolean details) {
        Experiment e = run.experiment();
        JsonObject o = new JsonObject();
        o.addProperty("id", run.id());
        o.addProperty("experiment", e.name());
        o.addProperty("file", e.file());
        o.addProperty("hypothesis", e.hypothesis());
        o.addProperty("started", run.startTime.toString());
        o.addProperty("phase", run.phase().name().toLowerCase(Locale.ROOT));
        o.addProperty("outcome", run.outcome() == null ? null : run.outcome().name().toLowerCase(Locale.ROOT));
        o.addProperty("reason", run.reason());
        if (e.seed() != null) {
            o.addProperty("seed", e.seed());
        }
        JsonObject phases = new JsonObject();
        run.phaseStarts().forEach(phases::addProperty);
        o.add("phase_starts_ms", phases);
        o.add("steps", steps(run));
        o.addProperty("faults_injected", run.faultsSeen());
        if (!details) {
            return o;
        }
        o.add("probes", probes(run));
        JsonArray deviations = new JsonArray();
        for (Run.Deviation d : run.deviations()) {
            JsonObject j = new JsonObject();
            j.addProperty("probe", d.probe);
            j.addProperty("phase", d.phase.name().toLowerCase(Locale.ROOT));
            j.addProperty("from_ms", d.fromMs);
            j.addProperty("to_ms", d.toMs);
            j.addProperty("why", d.why);
            deviations.add(j);
        }
        o.add("deviations", deviations);
        JsonArray events = new JsonArray();
        run.events().forEach(ev -> {
            JsonObject j = new JsonObject();
            j.addProperty("at_ms", ev.atMs());
            j.addProperty("text", ev.text());
            events.add(j);
        });
        o.add("events", events);
        JsonArray faults = new JsonArray();
        for (FaultRecord f : run.faults()) {
            JsonObject j = FaultJson.toJson(f);
            j.addProperty("at_ms", run.atMs(f));
            faults.add(j);
        }
        o.add("faults", faults);
        return o;
    }

    /**
     * The run as a page watching it needs it twice a second: its state, its timeline, and each
     * probe's readings so far counted, with the last one, rather than every reading.
     */
    public static JsonObject live(Run run) {
        JsonObject o = json(run, false);
        o.addProperty("elapsed_ms", (System.nanoTime() - run.startNanos()) / 1_000_000);
        o.addProperty("max_duration_ms", run.experiment().maxDuration().toMillis());
        o.addProperty("deviations", run.deviations().size());
        JsonObject probes = new JsonObject();
        List<Run.Result> results = run.results();
        for (ProbeSpec spec : run.experiment().probes().values()) {
            JsonObject p = new JsonObject();
            p.addProperty("kind", spec.kind().name().toLowerCase(Locale.ROOT));
            p.addProperty("target", spec.target());
            p.addProperty("tolerance", Judge.tolerance(spec.tolerance()).toString());
            int readings = 0;
            int errors = 0;
            Run.Result last = null;
            for (Run.Result r : results) {
                if (r.probe().equals(spec.name())) {
                    readings++;
                    errors += r.error() == null ? 0 : 1;
                    last = r;
                }
            }
            p.addProperty("readings", readings);
            p.addProperty("errors", errors);
            if (last != null) {
                p.addProperty("last_latency_ms", Math.round(last.latencyMs() * 100) / 100.0);
                p.addProperty("last_error", last.error());
            }
            probes.add(spec.name(), p);
        }
        o.add("probes", probes);
        return o;
    }

    private static JsonArray steps(Run run) {
        JsonArray steps = new JsonArray();
        for (Run.Played p : run.steps) {
            JsonObject j = new JsonObject();
            j.addProperty("line", p.step().line());
            j.addProperty("proxy", p.step().proxy());
            j.addProperty("trigger", p.step().trigger().toString());
            j.addProperty("change", p.step().describe());
            j.addProperty("for_ms", p.step().duration().toMillis());
            j.addProperty("started_ms", p.startMs);
            j.addProperty("ended_ms", p.endMs);
            if (p.error != null) {
                j.addProperty("error", p.error);
            }
            steps.add(j);
        }
        return steps;
    }

    private static JsonObject probes(Run run) {
        JsonObject probes = new JsonObject();
        for (ProbeSpec spec : run.experiment().probes().values()) {
            JsonObject p = new JsonObject();
            p.addProperty("kind", spec.kind().name().toLowerCase(Locale.ROOT));
            p.addProperty("target", spec.target());
            p.addProperty("every_ms", spec.every().toMillis());
            p.addProperty("window_ms", spec.window().toMillis());
            p.addProperty("tolerance", Judge.tolerance(spec.tolerance()).toString());
            JsonArray results = new JsonArray();
            for (Run.Result r : run.results()) {
                if (r.probe().equals(spec.name())) {
                    JsonObject j = new JsonObject();
                    j.addProperty("at_ms", r.atMs());
                    j.addProperty("latency_ms", Math.round(r.latencyMs() * 100) / 100.0);
                    j.addProperty("phase", r.phase().name().toLowerCase(Locale.ROOT));
                    if (r.error() != null) {
                        j.addProperty("error", r.error());
                    }
                    results.add(j);
                }
            }
            p.add("results", results);
            probes.add(spec.name(), p);
        }
        return probes;
    }

    /** Faults counted by proxy, then behavior and effect. */
    static Map<String, Map<String, Integer>> faultCounts(Run run) {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (FaultRecord f : run.faults()) {
            counts.computeIfAbsent(f.proxy(), p -> new TreeMap<>()).merge(f.behavior() + " (" + f.effect() + ")", 1, Integer::sum);
        }
        return counts;
    }

    static String markdown(Run run) {
        Experiment e = run.experiment();
        StringBuilder s = new StringBuilder();
        s.append("# Experiment: ").append(e.name()).append("\n\n");
        s.append("**Hypothesis:** ").append(e.hypothesis()).append("\n\n");
        String verdict = run.outcome() == null ? "RUNNING" : switch (run.outcome()) {
            case HELD -> "HELD";
            case DEVIATED -> "NOT HELD (deviated)";
            case ABORTED -> "NOT HELD (aborted)";
        };
        s.append("**Verdict:** ").append(verdict).append(": ").append(run.reason()).append("\n\n");
        s.append("Started ").append(run.startTime).append(", file `").append(e.file()).append('`');
        if (e.seed() != null) {
            s.append(", seed ").append(e.seed());
        }
        s.append(".\n\n## Timeline\n\n| line | proxy | starts | change | for | played |\n|---|---|---|---|---|---|\n");
        for (Run.Played p : run.steps) {
            s.append("| ").append(p.step().line()).append(" | ").append(p.step().proxy()).append(" | ")
                    .append(p.step().trigger()).append(" | `").append(p.step().describe()).append("` | ")
                    .append(Durations.text(p.step().duration())).append(" | ").append(played(p)).append(" |\n");
        }
        s.append("\n## Probes\n\n| probe | target | tolerance | phase | results | errors | p50 | p95 | p99 |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (ProbeSpec spec : e.probes().values()) {
            for (Run.Phase phase : List.of(Run.Phase.BEFORE, Run.Phase.TIMELINE, Run.Phase.AFTER)) {
                Window w = phase(run.results(), spec.name(), phase);
                s.append("| ").append(spec.name()).append(" | ").append(spec.target()).append(" | ")
                        .append(Judge.tolerance(spec.tolerance())).append(" | ").append(phase.name().toLowerCase(Locale.ROOT))
                        .append(" | ").append(w.count()).append(" | ").append(w.errors()).append(" | ")
                        .append(ms(w, 50)).append(" | ").append(ms(w, 95)).append(" | ").append(ms(w, 99)).append(" |\n");
            }
        }
        s.append("\n## Deviations\n\n");
        List<Run.Deviation> deviations = run.deviations();
        if (deviations.isEmpty()) {
            s.append("None: every probe held its tolerance.\n");
        }
        for (Run.Deviation d : deviations) {
            s.append("- probe `").append(d.probe).append("` during ").append(d.phase.name().toLowerCase(Locale.ROOT))
                    .append(", from ").append(Judge.seconds(d.fromMs)).append(" to ")
                    .append(d.toMs < 0 ? "the end" : Judge.seconds(d.toMs)).append(": ").append(d.why).append('\n');
        }
        s.append("\n## Faults injected\n\n").append(run.faultsSeen()).append(" in all.\n\n");
        if (run.faultsSeen() > 0) {
            s.append("| proxy | behavior (effect) | count |\n|---|---|---|\n");
            faultCounts(run).forEach((proxy, byBehavior) -> byBehavior.forEach((b, n) ->
                    s.append("| ").append(proxy).append(" | ").append(b).append(" | ").append(n).append(" |\n")));
        }
        s.append("\n## Events\n\n");
        run.events().forEach(ev -> s.append("- ").append(Judge.seconds(ev.atMs())).append(": ").append(ev.text()).append('\n'));
        return s.toString();
    }

    static String played(Run.Played p) {
        if (p.startMs < 0) {
            return p.error != null ? "refused: " + p.error : "never started";
        }
        return Judge.seconds(p.startMs) + " to " + (p.endMs < 0 ? "…" : Judge.seconds(p.endMs));
    }

    /** A probe's results in one phase, as a window: how many, how many failed, latency percentiles. */
    static Window phase(List<Run.Result> all, String probe, Run.Phase phase) {
        List<Probe.Result> mine = new ArrayList<>();
        for (Run.Result r : all) {
            if (r.probe().equals(probe) && r.phase() == phase) {
                mine.add(new Probe.Result(r.atMs(), r.latencyMs(), r.error()));
            }
        }
        return Window.of(probe, mine);
    }

    private static String ms(Window w, double percent) {
        return w.count() == 0 ? "-" : String.format("%.1f ms", w.percentile(percent));
    }
}
