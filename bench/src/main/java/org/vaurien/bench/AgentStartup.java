package org.vaurien.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 10: what the agent adds to a JVM's start: a main that does nothing, run to its exit
 * without the agent, with one target and with ten, in rotating order, 7 runs each.
 */
final class AgentStartup {
    private static final String AGENT = "agent/target/vaurien-agent.jar";
    private static final int RUNS = 7;

    private AgentStartup() {
    }

    static String run(Setup setup) throws IOException, InterruptedException {
        Path ten = setup.work.resolve("ten-targets.ini");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            lines.addAll(List.of("[target:t" + i + "]", "match = 127.0.0.1:" + i, "behavior = 100:error"));
        }
        Files.writeString(ten, String.join("\n", lines) + "\n");
        String[] agents = {null, "match=127.0.0.1:1;behavior=100:error", ten.toString()};
        List<List<Double>> seconds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int run = 0; run < RUNS; run++) {
            for (int k = 0; k < 3; k++) {
                int which = (run + k) % 3;
                seconds.get(which).add(start(setup, agents[which]));
            }
        }
        double without = Result.median(seconds.get(0));
        double one = Result.median(seconds.get(1));
        double many = Result.median(seconds.get(2));
        return String.format("- a main that does nothing: %.3f s without the agent, %.3f s with one target (+%.3f s),"
                + " %.3f s with ten (+%.3f s); medians of %d runs each. Goals: +0.3 s with one target (%s),"
                + " +0.4 s with ten (%s)%n", without, one, one - without, many, many - without, RUNS,
                one - without <= 0.3 ? "met" : "NOT met", many - without <= 0.4 ? "met" : "NOT met");
    }

    private static double start(Setup setup, String agentArg) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(setup.java, "-Xmx256m"));
        if (agentArg != null) {
            cmd.add("-javaagent:" + AGENT + "=" + agentArg);
        }
        cmd.addAll(List.of("-cp", "bench/target/classes", NoopMain.class.getName()));
        long begin = System.nanoTime();
        Procs.run(cmd, 60);
        return (System.nanoTime() - begin) / 1e9;
    }
}
