package org.vaurien.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The run's table: medians, ratios to direct and to HAProxy, and each goal's verdict. */
final class Report {
    private Report() {
    }

    static void print(List<Result> results, List<String> sections, String java, int runs)
            throws IOException, InterruptedException {
        StringBuilder s = new StringBuilder();
        s.append("Machine: ").append(machine()).append('\n');
        s.append("Vaurien's JVM: ").append(Procs.run(List.of(java, "-version"), 30).lines().findFirst().orElse("?"))
                .append("; medians of ").append(runs).append(" runs; direct, HAProxy, Vaurien (and Toxiproxy) in rotating order\n\n");
        boolean toxiproxy = results.stream().anyMatch(r -> !r.toxiproxy.isEmpty());
        s.append("| scenario | figure | direct | HAProxy | Vaurien | Vaurien / direct | Vaurien / HAProxy |")
                .append(toxiproxy ? " Toxiproxy 2.12 | Vaurien / Toxiproxy |" : "").append(" goal | result |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|").append(toxiproxy ? "---:|---:|" : "").append("---|---|\n");
        for (Result r : results) {
            String tp = !toxiproxy ? "" : r.toxiproxy.isEmpty() ? " | |"
                    : String.format(" %s | %.2f |", format(Result.median(r.toxiproxy)), r.toToxiproxy());
            s.append(String.format("| %s | %s | %s | %s | %s | %.2f | %.2f |%s %s | %s |%n", r.scenario,
                    r.metric + (r.unit.isEmpty() ? "" : " (" + r.unit + ")"), format(Result.median(r.direct)),
                    format(Result.median(r.haproxy)), format(Result.median(r.vaurien)), r.toDirect(), r.toHaproxy(),
                    tp, r.goal, r.verdict()));
        }
        for (String section : sections) {
            s.append('\n').append(section).append('\n');
        }
        System.out.println(s);
        Path latest = Path.of("bench", "results", "latest.md");
        Files.createDirectories(latest.getParent());
        Files.writeString(latest, s);
        System.err.println("bench: table written to " + latest);
    }

    private static String format(double v) {
        return v >= 1000 ? String.format("%,.0f", v) : String.format("%.3f", v);
    }

    private static String machine() throws IOException, InterruptedException {
        String cpu = Procs.run(List.of("sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"), 10).trim();
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), Linux "
                + Procs.run(List.of("uname", "-r"), 10).trim();
    }
}
