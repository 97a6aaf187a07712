package org.vaurien.experiments;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.snakeyaml.engine.v2.nodes.Node;
import org.vaurien.experiments.Experiment.Kind;
import org.vaurien.experiments.Experiment.ProbeSpec;
import org.vaurien.experiments.Experiment.Tolerances;

/** Reads one probe of an experiment file: its one target, its timing, its tolerance. */
final class ProbeFile {
    private static final List<String> KINDS = List.of("http", "tcp", "redis", "sql", "command");

    private final Yaml yaml;

    ProbeFile(Yaml yaml) {
        this.yaml = yaml;
    }

    ProbeSpec probe(String name, Node node) {
        Yaml.Obj o = yaml.obj(node, "probe '" + name + "'");
        List<String> given = KINDS.stream().filter(o::has).toList();
        if (given.isEmpty()) {
            throw yaml.at(node, "probe '" + name + "' has no target: give one of " + String.join(", ", KINDS)
                    + " (http: http://127.0.0.1:8080/health)");
        }
        if (given.size() > 1) {
            throw yaml.at(node, "probe '" + name + "' has two targets (" + String.join(", ", given) + "): one probe checks one thing");
        }
        Kind kind = Kind.valueOf(given.get(0).toUpperCase(Locale.ROOT));
        Node targetNode = o.get(given.get(0));
        String target = yaml.scalar(targetNode, given.get(0)).trim();
        if (target.isEmpty()) {
            throw yaml.at(targetNode, "probe '" + name + "' has an empty target");
        }
        KINDS.forEach(o::get);
        int status = o.has("status") ? (int) yaml.count(o.get("status"), "status") : 0;
        if (o.has("status") && kind != Kind.HTTP) {
            throw yaml.at(o.get("status"), "status: only an http probe has a status");
        }
        String query = o.text("query", kind == Kind.SQL ? "SELECT 1" : null);
        if (o.has("query") && kind != Kind.SQL) {
            throw yaml.at(o.get("query"), "query: only a sql probe has a query");
        }
        String user = o.text("user", null);
        String password = o.text("password", null);
        Duration every = o.time("every", Duration.ofSeconds(1));
        Duration timeout = o.time("timeout", Duration.ofSeconds(2));
        Duration window = o.time("window", Duration.ofSeconds(10));
        for (String k : List.of("every", "timeout", "window")) {
            if (o.has(k) && o.time(k, null).isZero()) {
                throw yaml.at(o.get(k), k + ": must be more than 0");
            }
        }
        Tolerances tolerance = o.has("tolerance") ? tolerance(yaml.obj(o.get("tolerance"), "tolerance"))
                : new Tolerances(-1, -1, -1, 0);
        o.done();
        int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        return new ProbeSpec(name, line, kind, target, status, query, user, password, every, timeout, window, tolerance);
    }

    private Tolerances tolerance(Yaml.Obj o) {
        double p50 = o.has("p50") ? ms(yaml.duration(o.get("p50"), "p50")) : -1;
        double p95 = o.has("p95") ? ms(yaml.duration(o.get("p95"), "p95")) : -1;
        double p99 = o.has("p99") ? ms(yaml.duration(o.get("p99"), "p99")) : -1;
        double errors = o.has("errors") ? yaml.share(o.get("errors"), "errors") : 0;
        o.done();
        return new Tolerances(p50, p95, p99, errors);
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
