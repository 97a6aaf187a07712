package org.vaurien.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 8: what the agent costs an application's connects to targets it does not match
 * (Socket and SocketChannel connect + close to a listener of the loop's own), with and
 * without the agent, in alternating JVMs.
 */
final class AgentCost {
    private static final String AGENT = "agent/target/vaurien-agent.jar";

    private AgentCost() {
    }

    static String run(Setup setup, boolean quick) throws IOException, InterruptedException {
        StringBuilder s = new StringBuilder();
        for (String mode : List.of("socket", "channel")) {
            List<Double> without = new ArrayList<>();
            List<Double> with = new ArrayList<>();
            for (int i = 0; i < (quick ? 2 : 5); i++) {
                without.add(connects(setup, mode, null));
                with.add(connects(setup, mode, "match=127.0.0.1:1;behavior=100:error"));
            }
            double ratio = Result.pairedRatio(with, without);
            s.append(String.format("- %s connects to a non-matching target: %,.0f/s without the agent, %,.0f/s with it;"
                    + " ratio %.2f (median of %d paired runs)%n", mode.equals("socket") ? "java.net.Socket" : "SocketChannel",
                    Result.median(without), Result.median(with), ratio, with.size()));
        }
        return s.toString();
    }

    private static double connects(Setup setup, String mode, String agentArg) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(setup.java, "-Xmx256m"));
        if (agentArg != null) {
            cmd.add("-javaagent:" + AGENT + "=" + agentArg);
        }
        cmd.addAll(List.of("-cp", "bench/target/classes", ConnectLoop.class.getName(), "3000", mode));
        String out = Procs.run(cmd, 60).strip();
        String last = out.lines().reduce((a, b) -> b).orElse("");
        try {
            return Double.parseDouble(last);
        } catch (NumberFormatException e) {
            throw new IOException("the connect loop printed no figure:\n" + out);
        }
    }
}
