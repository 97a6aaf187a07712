package org.vaurien.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 11: the agent's redirected path. The same application (Redis GETs one at a time on
 * one connection) talks to redis-server directly, through the standalone Vaurien
 * ({@code --protocol redis}, 100 % dummy), and through the agent's embedded proxy (a target
 * with the same protocol and mix) with no change to its address: the latency each adds, and the
 * CPU time the application's own process spends, embedded proxy included.
 */
final class AgentPath {
    private static final String AGENT = "agent/target/vaurien-agent.jar";
    private static final List<String> MODES = List.of("direct", "standalone", "agent");

    private AgentPath() {
    }

    static String run(Setup setup, boolean quick) throws IOException, InterruptedException {
        int requests = quick ? 10_000 : 40_000;
        int runs = quick ? 3 : 7;
        Map<String, List<double[]>> figures = new LinkedHashMap<>();
        MODES.forEach(m -> figures.put(m, new ArrayList<>()));
        for (int run = 0; run < runs; run++) {
            for (int i = 0; i < MODES.size(); i++) {
                String mode = MODES.get((run + i) % MODES.size());
                figures.get(mode).add(loop(setup, mode, requests));
            }
        }
        double[] direct = medians(figures.get("direct"));
        StringBuilder s = new StringBuilder();
        for (String mode : MODES) {
            double[] m = medians(figures.get(mode));
            s.append(String.format("- %s: p50 %.3f ms, p99 %.3f ms", label(mode), m[0], m[1]));
            if (!mode.equals("direct")) {
                s.append(String.format(" (added: %+.3f ms, %+.3f ms)", m[0] - direct[0], m[1] - direct[1]));
            }
            s.append(String.format("; the application's CPU: %.0f ms per 10,000 GETs%n", m[2] * 10_000 / (requests + 2_000)));
        }
        s.append(String.format("%nMedians of %d runs, each a new JVM, in rotating order; each run measures its second"
                + " round of %,d GETs (after 2,000 to warm up), the first one having let the JIT compile.%n", runs, requests));
        return s.toString();
    }

    private static String label(String mode) {
        return switch (mode) {
            case "direct" -> "direct, no agent";
            case "standalone" -> "through the standalone Vaurien, no agent";
            default -> "through the agent (its address unchanged)";
        };
    }

    private static double[] loop(Setup setup, String mode, int requests) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(setup.java, "-Xmx256m"));
        int port = mode.equals("standalone") ? setup.vRedisProtocol : setup.redis;
        if (mode.equals("agent")) {
            cmd.add("-javaagent:" + AGENT + "=match=127.0.0.1:" + setup.redis + ";protocol=redis;behavior=100:dummy");
        }
        cmd.addAll(List.of("-cp", "bench/target/classes", RedirectedLoop.class.getName(), Integer.toString(port),
                Integer.toString(requests)));
        String out = Procs.run(cmd, 120).strip();
        String last = out.lines().reduce((a, b) -> b).orElse("");
        String[] f = last.split(" ");
        try {
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        } catch (RuntimeException e) {
            throw new IOException("the GET loop printed no figures (" + mode + "):\n" + out);
        }
    }

    private static double[] medians(List<double[]> runs) {
        double[] m = new double[3];
        for (int k = 0; k < 3; k++) {
            List<Double> column = new ArrayList<>();
            for (double[] r : runs) {
                column.add(r[k]);
            }
            m[k] = Result.median(column);
        }
        return m;
    }
}
