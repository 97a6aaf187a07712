package org.vaurien.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Scenario 7: from starting {@code vaurien} to its first accepted connection. */
final class Startup {
    private Startup() {
    }

    static String run(Setup setup) throws IOException, InterruptedException {
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            int port = Procs.freePort();
            long start = System.nanoTime();
            Process p = setup.procs.start("vaurien-startup", setup.vaurienCommand(port, setup.redis, "tcp"));
            Procs.waitForPort(port, 30_000);
            seconds.add((System.nanoTime() - start) / 1e9);
            setup.procs.stop(p);
        }
        double median = Result.median(seconds);
        return String.format("%.3f s (median of %d starts; from spawning ./vaurien to its first accepted connection)."
                + " Goal <= 0.3 s: %s.", median, seconds.size(), median <= 0.3 ? "met" : "NOT met");
    }
}
