package org.vaurien.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What each scenario runs against one target port, and how its figure is read off the tool. */
final class Scenarios {
    private static final Pattern IPERF = Pattern.compile("\"sum_received\"\\s*:\\s*\\{[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)");
    private static final Pattern WRK = Pattern.compile("Requests/sec:\\s*([0-9.]+)");
    private static final Pattern PGBENCH = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    final boolean quick;

    Scenarios(boolean quick) {
        this.quick = quick;
    }

    /** Gbit/s received in one TCP stream. */
    double bulk(int port) throws IOException, InterruptedException {
        String out = Procs.run(List.of("iperf3", "-c", "127.0.0.1", "-p", Integer.toString(port), "-t",
                quick ? "2" : "5", "-J"), 60);
        return number(IPERF, out, "iperf3") / 1e9;
    }

    /** redis-benchmark's CSV line: test, rps, avg, min, p50, p95, p99, max. */
    double[] redis(int port, int clients, int pipeline, int requests) throws IOException, InterruptedException {
        String out = Procs.run(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(port), "-c",
                Integer.toString(clients), "-P", Integer.toString(pipeline), "-n",
                Integer.toString(sent(requests)), "-t", "get", "--csv"), 300);
        String[] lines = out.trim().split("\n");
        String[] cells = lines[lines.length - 1].replace("\"", "").split(",");
        if (cells.length < 7 || !cells[0].equals("GET")) {
            throw new IOException("redis-benchmark printed: " + out);
        }
        double[] values = new double[cells.length - 1];
        for (int i = 1; i < cells.length; i++) {
            values[i - 1] = Double.parseDouble(cells[i]);
        }
        return values;
    }

    /** How many requests {@link #redis} sends when asked for {@code requests}. */
    int sent(int requests) {
        return quick ? requests / 4 : requests;
    }

    /** p50 and p99 in ms of one connection's GETs, one at a time. */
    double[] latency(int port) throws IOException {
        return LatencyProbe.run(port, quick ? 10_000 : 40_000);
    }

    /** Requests per second of wrk, 50 keep-alive connections. */
    double http(int port) throws IOException, InterruptedException {
        return wrk("http://127.0.0.1:" + port + "/small");
    }

    /** The same over HTTPS: each connection's handshake, then its requests in TLS records. */
    double https(int port) throws IOException, InterruptedException {
        return wrk("https://localhost:" + port + "/small");
    }

    /** pgbench's select-only transactions per second, 10 clients. */
    double pgbench(Path bin, int port) throws IOException, InterruptedException {
        String out = Procs.run(List.of(bin.resolve("pgbench").toString(), "-S", "-n", "-c", "10", "-j", "2", "-T",
                quick ? "3" : "8", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "postgres"), 120);
        return number(PGBENCH, out, "pgbench");
    }

    private double wrk(String url) throws IOException, InterruptedException {
        String out = Procs.run(List.of("wrk", "-t", "2", "-c", "50", "-d", quick ? "2s" : "5s", url), 60);
        return number(WRK, out, "wrk");
    }

    private static double number(Pattern p, String out, String tool) throws IOException {
        Matcher m = p.matcher(out);
        if (!m.find()) {
            throw new IOException(tool + " printed: " + out);
        }
        return Double.parseDouble(m.group(1));
    }
}
