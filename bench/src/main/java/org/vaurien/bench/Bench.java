package org.vaurien.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code bench/run}: every scenario three ways (direct, HAProxy in TCP mode, Vaurien with 100 %
 * dummy), run after run in rotating order, then one table of medians and ratios.
 */
public final class Bench {
    private static final List<String> ALL = List.of("bulk", "get50", "pipeline", "latency", "http", "scale", "startup", "agent", "page",
            "agentstart", "agentpath", "https", "match", "pgbench", "kafka", "faultload", "bandwidth", "mixed");

    private Bench() {
    }

    /** The JDK 25 that bench/run found (-Djdk25.home); without one, --jdk25 cannot run. */
    private static String jdk25() {
        String home = System.getProperty("jdk25.home", "");
        if (home.isBlank() || !Files.isExecutable(Path.of(home, "bin", "java"))) {
            System.err.println("bench: no JDK 25 found: give its home with JDK25_HOME=DIR bench/run --jdk25");
            System.exit(2);
        }
        return Path.of(home, "bin", "java").toString();
    }

    public static void main(String[] args) throws Exception {
        int runs = 3;
        boolean quick = false;
        String java = "java";
        Path toxiproxy = null;
        Set<String> only = new HashSet<>(ALL);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jdk25": java = jdk25(); break;
                case "--runs": runs = Integer.parseInt(args[++i]); break;
                case "--quick": quick = true; break;
                case "--only": only = new HashSet<>(Arrays.asList(args[++i].split(","))); break;
                case "--with-toxiproxy": toxiproxy = Path.of(args[++i]); break;
                default:
                    System.err.println("bench: unknown argument " + args[i] + " (--jdk25, --runs N, --quick, --with-toxiproxy PATH, --only "
                            + String.join(",", ALL) + ")");
                    System.exit(2);
            }
        }
        Path work = Files.createTempDirectory("vaurien-bench");
        List<Result> results = new ArrayList<>();
        List<String> sections = new ArrayList<>();
        try (Procs procs = new Procs(Path.of("bench", "results", "logs"))) {
            Setup setup = new Setup(procs, java, work);
            setup.start();
            if (only.contains("pgbench")) {
                setup.postgres = PostgresSetup.start(setup);
            }
            if (only.contains("kafka")) {
                setup.kafka = KafkaSetup.start(setup);
            }
            if (toxiproxy != null) {
                setup.toxiproxy = ToxiproxySetup.start(setup, toxiproxy);
            }
            Scenarios s = new Scenarios(quick);
            warmUp(setup, s);
            for (int run = 0; run < runs; run++) {
                System.err.printf("bench: run %d of %d%n", run + 1, runs);
                measure(setup, s, only, run, results);
            }
            if (only.contains("scale")) {
                sections.add("6. Scale\n\n" + Scale.run(setup, quick));
            }
            if (only.contains("startup")) {
                sections.add("7. Startup: " + Startup.run(setup));
            }
            if (only.contains("agent")) {
                sections.add("8. The agent's cost on connects it does not redirect\n\n" + AgentCost.run(setup, quick));
            }
            if (only.contains("agentstart")) {
                sections.add("10. The agent's cost to a JVM's start\n\n" + AgentStartup.run(setup));
            }
            if (only.contains("agentpath")) {
                sections.add("11. The agent's redirected path: Redis GET, 1 connection, --protocol redis, 100 % dummy\n\n"
                        + AgentPath.run(setup, quick));
            }
            if (only.contains("faultload")) {
                sections.add("16. Faults under load: 1,000 connections through a 100 ms latency\n\n" + FaultLoad.run(setup, quick));
            }
            if (only.contains("bandwidth")) {
                sections.add("17. Faults under load: 1,000 connections through bandwidth\n\n" + FaultLoad.bandwidth(setup, quick));
            }
            if (only.contains("mixed")) {
                sections.add("18. A 10 % error and 10 % delay mix against 100 % dummy\n\n" + MixedFaults.run(setup, quick));
            }
            if (only.contains("page")) {
                sections.add("9. The web page's cost: Redis GET, 50 connections, --protocol redis --http\n\n"
                        + PageCost.run(setup, s, quick));
            }
        }
        Report.print(results, sections, java, runs);
    }

    private static void warmUp(Setup setup, Scenarios s) throws IOException, InterruptedException {
        System.err.println("bench: warming Vaurien's JIT up");
        s.redis(setup.vRedisTcp, 50, 1, 200_000);
        s.redis(setup.vRedisProtocol, 50, 16, 2_000_000);
        LatencyProbe.run(setup.vRedisProtocol, 20_000);
        s.bulk(setup.vIperf);
        s.http(setup.vNginx);
        s.http(setup.vNginxMatch);
        s.https(setup.vNginxTls);
        if (setup.postgres != null) {
            s.pgbench(setup.postgres.bin, setup.postgres.vaurien);
        }
        if (setup.kafka != null) {
            setup.kafka.produce(setup.kafka.vaurien, 300_000);
        }
    }

    /** One run of each scenario, the three targets in an order that rotates with the run. */
    private static void measure(Setup st, Scenarios s, Set<String> only, int run, List<Result> results)
            throws IOException, InterruptedException {
        ToxiproxySetup tp = st.toxiproxy;
        int n = tp == null ? 3 : 4;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (run + i) % n;
        }
        if (only.contains("bulk")) {
            Result r = find(results, "1. bulk, one TCP stream (iperf3), --protocol tcp", "throughput", "Gbit/s")
                    .goal(">= 1.0 x HAProxy", Result.Basis.TO_HAPROXY, v -> v >= 1.0);
            three(order, r, st.iperf, st.haIperf, st.vIperf, tp == null ? 0 : tp.iperf, port -> s.bulk(port));
        }
        if (only.contains("get50")) {
            Result r = find(results, "2. Redis GET, 50 connections, --protocol tcp", "requests/s", "")
                    .goal(">= 0.9 x HAProxy", Result.Basis.TO_HAPROXY, v -> v >= 0.9);
            three(order, r, st.redis, st.haRedis, st.vRedisTcp, tp == null ? 0 : tp.redis, port -> s.redis(port, 50, 1, 200_000)[0]);
        }
        if (only.contains("pipeline")) {
            Result r = find(results, "3. Redis GET, 50 connections, -P 16, --protocol redis", "requests/s", "")
                    .goal(">= 0.75 x direct", Result.Basis.TO_DIRECT, v -> v >= 0.75);
            three(order, r, st.redis, st.haRedis, st.vRedisProtocol, tp == null ? 0 : tp.redis,
                    port -> s.redis(port, 50, 16, 2_000_000)[0]);
        }
        if (only.contains("latency")) {
            Result p50 = find(results, "4. Redis GET, 1 connection (timed by the bench): p50", "p50", "ms")
                    .goal("added <= 1.2 x HAProxy's", Result.Basis.ADDED_VS_HAPROXY, v -> v <= 1.2);
            Result p99 = find(results, "4. Redis GET, 1 connection (timed by the bench): p99", "p99", "ms")
                    .goal("added <= 1.2 x HAProxy's", Result.Basis.ADDED_VS_HAPROXY, v -> v <= 1.2);
            int[] ports = {st.redis, st.haRedis, st.vRedisProtocol, tp == null ? 0 : tp.redis};
            // a p99 on a shared 2-core machine is mostly its neighbours' noise: three rounds a run, orders rotated
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < n; i++) {
                    int target = order[(i + round) % n];
                    double[] p = s.latency(ports[target]);
                    list(p50, target).add(p[0]);
                    list(p99, target).add(p[1]);
                }
            }
        }
        if (only.contains("http")) {
            Result r = find(results, "5. HTTP keep-alive (wrk, 50 connections), --protocol http", "requests/s", "")
                    .goal(">= 0.8 x HAProxy", Result.Basis.TO_HAPROXY, v -> v >= 0.8);
            three(order, r, st.nginx, st.haNginx, st.vNginx, tp == null ? 0 : tp.nginx, port -> s.http(port));
        }
        if (only.contains("https")) {
            Result r = find(results, "12. HTTPS keep-alive (wrk, 50 connections), TLS terminated and opened again to nginx,"
                    + " --protocol http", "requests/s", "").goal(">= 0.8 x HAProxy", Result.Basis.TO_HAPROXY, v -> v >= 0.8);
            three(order, r, st.nginxTls, st.haNginxTls, st.vNginxTls, 0, port -> s.https(port));
        }
        if (only.contains("pgbench")) {
            PostgresSetup pg = st.postgres;
            Result r = find(results, "14. pgbench -S (select only, 10 clients), --protocol postgres", "transactions/s", "")
                    .goal(">= 0.8 x HAProxy", Result.Basis.TO_HAPROXY, v -> v >= 0.8);
            three(order, r, pg.direct, pg.haproxy, pg.vaurien, 0, port -> s.pgbench(pg.bin, port));
        }
        if (only.contains("kafka")) {
            KafkaSetup k = st.kafka;
            int records = s.quick ? 500_000 : 2_000_000;
            Result r = find(results, "15. Kafka producer (kafka-producer-perf-test, 100-byte records, acks=1), --protocol kafka",
                    "records/s", "").goal(">= 0.8 x HAProxy", Result.Basis.TO_HAPROXY, v -> v >= 0.8);
            three(order, r, k.direct, k.haproxy, k.vaurien, 0, port -> k.produce(port, records));
        }
        if (only.contains("match")) {
            // the same as scenario 5, with a matcher every request is tested against: its cost is the ratio of the two Vaurien columns
            Result r = find(results, "13. HTTP keep-alive as 5, Vaurien testing a matcher on every request (none meets it)",
                    "requests/s", "").goal(">= 0.8 x HAProxy", Result.Basis.TO_HAPROXY, v -> v >= 0.8);
            three(order, r, st.nginx, st.haNginx, st.vNginxMatch, 0, port -> s.http(port));
        }
    }

    @FunctionalInterface
    interface Measure {
        double at(int port) throws IOException, InterruptedException;
    }

    /** The scenario direct, through HAProxy, through Vaurien, and through Toxiproxy when it has a port (0: not run). */
    private static void three(int[] order, Result r, int direct, int haproxy, int vaurien, int toxiproxy, Measure m)
            throws IOException, InterruptedException {
        int[] ports = {direct, haproxy, vaurien, toxiproxy};
        for (int target : order) {
            if (ports[target] != 0) {
                list(r, target).add(m.at(ports[target]));
            }
        }
    }

    private static List<Double> list(Result r, int target) {
        return target == 0 ? r.direct : target == 1 ? r.haproxy : target == 2 ? r.vaurien : r.toxiproxy;
    }

    private static Result find(List<Result> results, String scenario, String metric, String unit) {
        for (Result r : results) {
            if (r.scenario.equals(scenario)) {
                return r;
            }
        }
        Result r = new Result(scenario, metric, unit);
        results.add(r);
        return r;
    }

    /** The open-files limit of this process (the script raised it to the hard limit). */
    static long descriptorLimit() {
        try {
            String out = Procs.run(List.of("sh", "-c", "ulimit -n"), 10).trim();
            return out.equals("unlimited") ? 1_000_000 : Long.parseLong(out);
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return 1024;
        }
    }
}
