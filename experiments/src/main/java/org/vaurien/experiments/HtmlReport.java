package org.vaurien.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vaurien.FaultRecord;
import org.vaurien.experiments.Experiment.ProbeSpec;

/**
 * The report as one self-contained HTML page: the verdict, then a timeline chart drawn in SVG
 * (each probe's latency and error rate over time, a band for each step, the faults as marks, the
 * phases and the abort), then the tables of the Markdown report. No script, no file beside it.
 */
final class HtmlReport {
    private static final int WIDTH = 1000;
    private static final int LEFT = 110;
    private static final int PROBE_LANE = 150;
    private static final int FAULT_LANE = 34;
    private static final int GAP = 18;
    private static final int MAX_MARKS = 4000;
    private static final String[] COLOURS = {"#4e79a7", "#59a14f", "#b07aa1", "#9c755f", "#76b7b2", "#edc948"};

    private HtmlReport() {
    }

    static String render(Run run) {
        Experiment e = run.experiment();
        boolean held = run.outcome() == Run.Outcome.HELD;
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Experiment: ")
                .append(esc(e.name())).append("</title>\n<style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1040px;color:#222}")
                .append(".verdict{padding:10px 14px;border-radius:6px;color:#fff;font-weight:600}")
                .append(".held{background:#2e7d32}.failed{background:#c62828}")
                .append("table{border-collapse:collapse;margin:8px 0 18px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}")
                .append("th{background:#f3f3f3}svg text{font:11px system-ui,sans-serif}code{background:#f3f3f3;padding:0 3px}")
                .append("</style></head><body>\n");
        h.append("<h1>Experiment: ").append(esc(e.name())).append("</h1>\n<p><b>Hypothesis:</b> ")
                .append(esc(e.hypothesis())).append("</p>\n<p class=\"verdict ").append(held ? "held" : "failed").append("\">")
                .append(held ? "Hypothesis held" : "Hypothesis not held").append(": ").append(esc(run.reason())).append("</p>\n");
        h.append("<p>Started ").append(run.startTime).append(e.seed() == null ? "" : ", seed " + e.seed())
                .append(", ").append(run.faultsSeen()).append(" faults injected.</p>\n");
        h.append(chart(run));
        h.append(tables(run));
        return h.append("</body></html>\n").toString();
    }

    private static String chart(Run run) {
        Experiment e = run.experiment();
        List<Run.Result> results = run.results();
        List<FaultRecord> faults = run.faults();
        long end = Math.max(1, run.phaseStarts().getOrDefault("ended", run.now()));
        Map<String, List<FaultRecord>> faultsByProxy = new LinkedHashMap<>();
        run.steps.forEach(p -> faultsByProxy.putIfAbsent(p.step().proxy(), new ArrayList<>()));
        faults.forEach(f -> faultsByProxy.computeIfAbsent(f.proxy(), p -> new ArrayList<>()).add(f));
        int top = 26;
        int height = top + e.probes().size() * (PROBE_LANE + GAP) + faultsByProxy.size() * (FAULT_LANE + GAP) + 24;
        double scale = (WIDTH - LEFT - 10) / (double) end;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" role=\"img\" aria-label=\"timeline\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
        Map<String, String> colourOf = new LinkedHashMap<>();
        for (Run.Played p : run.steps) {
            colourOf.putIfAbsent(p.step().proxy(), COLOURS[colourOf.size() % COLOURS.length]);
            if (p.startMs < 0) {
                continue;
            }
            double x0 = LEFT + p.startMs * scale;
            double x1 = LEFT + (p.endMs < 0 ? end : p.endMs) * scale;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" opacity=\"0.16\"/>",
                    x0, top, Math.max(1, x1 - x0), height - top - 24, colourOf.get(p.step().proxy())));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>\n", x0 + 2, top - 4,
                    esc(p.step().proxy() + ": " + p.step().describe())));
        }
        run.phaseStarts().forEach((phase, at) -> {
            double x = LEFT + at * scale;
            boolean abort = phase.equals("ended") && run.outcome() == Run.Outcome.ABORTED;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"4 3\"/>",
                    x, 12, x, height - 20, abort ? "#c62828" : "#888"));
            boolean nearEnd = x > WIDTH - 80;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"10\" fill=\"%s\" text-anchor=\"%s\">%s</text>\n",
                    nearEnd ? x - 2 : x + 2, abort ? "#c62828" : "#555", nearEnd ? "end" : "start", abort ? "aborted" : phase));
        });
        int y = top;
        for (ProbeSpec spec : e.probes().values()) {
            probeLane(s, spec, results, y, scale);
            y += PROBE_LANE + GAP;
        }
        for (Map.Entry<String, List<FaultRecord>> lane : faultsByProxy.entrySet()) {
            faultLane(s, run, lane.getKey(), lane.getValue(), y, scale);
            y += FAULT_LANE + GAP;
        }
        for (long t = 0; t <= end; t += tick(end)) {
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    LEFT + t * scale, height - 6, Judge.seconds(t)));
        }
        return s.append("</svg>\n").toString();
    }

    private static void probeLane(StringBuilder s, ProbeSpec spec, List<Run.Result> all, int y, double scale) {
        List<Run.Result> mine = all.stream().filter(r -> r.probe().equals(spec.name())).toList();
        Experiment.Tolerances t = spec.tolerance();
        double bound = Math.max(t.p50(), Math.max(t.p95(), t.p99()));
        double max = Math.max(1, bound * 1.25);
        for (Run.Result r : mine) {
            max = Math.max(max, r.latencyMs());
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ccc\"/>",
                LEFT, y, WIDTH - LEFT - 10, PROBE_LANE));
        s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-weight=\"600\">%s</text><text x=\"4\" y=\"%d\">%.0f ms</text>"
                + "<text x=\"4\" y=\"%d\">0 ms</text>\n", y + 14, esc(spec.name()), y + 30, max, y + PROBE_LANE));
        if (bound > 0) {
            double by = y + PROBE_LANE - bound / max * PROBE_LANE;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c62828\" stroke-dasharray=\"6 4\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" fill=\"#c62828\">bound</text>\n", LEFT, by, WIDTH - 10, by, LEFT + 4, by - 3));
        }
        StringBuilder rate = new StringBuilder();
        long windowMs = spec.window().toMillis();
        for (int i = 0; i < mine.size(); i++) {
            Run.Result r = mine.get(i);
            double x = LEFT + r.atMs() * scale;
            if (r.error() == null) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"#1f4e79\"/>", x,
                        y + PROBE_LANE - r.latencyMs() / max * PROBE_LANE));
            } else {
                s.append(String.format(Locale.ROOT, "<path d=\"M%.1f %d l-3 -6 h6 z\" fill=\"#c62828\"><title>%s</title></path>",
                        x, y + 8, esc(r.error())));
            }
            int n = 0;
            int errors = 0;
            for (int j = i; j >= 0 && mine.get(j).atMs() >= r.atMs() - windowMs; j--) {
                n++;
                errors += mine.get(j).error() == null ? 0 : 1;
            }
            rate.append(i == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x,
                    y + PROBE_LANE - (double) errors / n * PROBE_LANE));
        }
        if (!mine.isEmpty()) {
            s.append("<path d=\"").append(rate).append("\" fill=\"none\" stroke=\"#e15759\" stroke-width=\"1.2\" opacity=\"0.8\"/>");
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#e15759\">error rate over %s (0-100%%)</text>\n",
                WIDTH - 230, y + 12, Durations.text(spec.window())));
    }

    private static void faultLane(StringBuilder s, Run run, String proxy, List<FaultRecord> faults, int y, double scale) {
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ccc\"/>"
                + "<text x=\"4\" y=\"%d\" font-weight=\"600\">faults</text><text x=\"4\" y=\"%d\">%s (%d)</text>\n",
                LEFT, y, WIDTH - LEFT - 10, FAULT_LANE, y + 14, y + 28, esc(proxy), faults.size()));
        StringBuilder marks = new StringBuilder();
        int stride = Math.max(1, faults.size() / MAX_MARKS);
        for (int i = 0; i < faults.size(); i += stride) {
            marks.append(String.format(Locale.ROOT, "M%.1f %d v%d ", LEFT + run.atMs(faults.get(i)) * scale, y + 4, FAULT_LANE - 8));
        }
        if (marks.length() > 0) {
            s.append("<path d=\"").append(marks).append("\" stroke=\"#f28e2b\" stroke-width=\"1\"/>\n");
        }
    }

    private static long tick(long end) {
        for (long t : new long[] {1000, 2000, 5000, 10_000, 30_000, 60_000, 120_000, 300_000}) {
            if (end / t <= 12) {
                return t;
            }
        }
        return 600_000;
    }

    private static String tables(Run run) {
        // the Markdown report's tables, turned into HTML line by line: one source for both
        StringBuilder h = new StringBuilder();
        boolean inTable = false;
        for (String line : Report.markdown(run).split("\n")) {
            if (line.startsWith("# ") || line.startsWith("**") || line.startsWith("Started ")) {
                continue;
            }
            if (line.startsWith("|")) {
                if (line.startsWith("|---")) {
                    continue;
                }
                String cell = inTable ? "td" : "th";
                h.append(inTable ? "" : "<table>").append("<tr>");
                for (String c : line.substring(1, line.length() - 1).split("\\|")) {
                    h.append('<').append(cell).append('>').append(inline(c.trim())).append("</").append(cell).append('>');
                }
                h.append("</tr>\n");
                inTable = true;
                continue;
            }
            if (inTable) {
                h.append("</table>\n");
                inTable = false;
            }
            if (line.startsWith("## ")) {
                h.append("<h2>").append(esc(line.substring(3))).append("</h2>\n");
            } else if (line.startsWith("- ")) {
                h.append("<div>").append(inline(line.substring(2))).append("</div>\n");
            } else if (!line.isBlank()) {
                h.append("<p>").append(inline(line)).append("</p>\n");
            }
        }
        return inTable ? h.append("</table>\n").toString() : h.toString();
    }

    private static String inline(String text) {
        return esc(text).replaceAll("`([^`]*)`", "<code>$1</code>");
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
