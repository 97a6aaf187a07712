package org.vaurien.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 9: what a web page watching costs the proxy. Redis GETs at 50 connections through a
 * Vaurien with {@code --protocol redis --http}, with and without Debian's headless Chromium
 * showing its page (its status stream twice a second, and the fault feed), alternately; with
 * 100 % dummy, then with 1 % delay of 1 ms so that the feed carries faults too. Vaurien's own
 * CPU per GET is measured apart from the throughput: on two cores, the browser's CPU is taken
 * from the same machine as the proxy's, the client's and the server's.
 */
final class PageCost {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final int REQUESTS = 200_000;
    /** A page is loaded and following its streams well within this; a benchmark may wait, a test may not. */
    private static final long PAGE_SETTLES_MS = 4000;

    private final Setup setup;
    private final Scenarios scenarios;
    private final int port;
    private final int control;
    private final Process vaurien;

    private PageCost(Setup setup, Scenarios scenarios, int port, int control, Process vaurien) {
        this.setup = setup;
        this.scenarios = scenarios;
        this.port = port;
        this.control = control;
        this.vaurien = vaurien;
    }

    static String run(Setup setup, Scenarios s, boolean quick) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(CHROMIUM))) {
            return "- not measured: " + CHROMIUM + " is not installed (apt-get install chromium)\n";
        }
        int port = Procs.freePort();
        int control = Procs.freePort();
        List<String> command = new ArrayList<>(setup.vaurienCommand(port, setup.redis, "redis"));
        command.addAll(List.of("--http", "--http-port", Integer.toString(control)));
        Process vaurien = setup.procs.start("vaurien-page-cost", command);
        Procs.waitForPort(port, 30_000);
        Procs.waitForPort(control, 30_000);
        try {
            return new PageCost(setup, s, port, control, vaurien).measure(quick ? 3 : 5);
        } finally {
            setup.procs.stop(vaurien);
        }
    }

    private String measure(int pairs) throws IOException, InterruptedException {
        StringBuilder out = new StringBuilder();
        gets(new ArrayList<>());
        // redis-benchmark stops at the first error reply: a short delay makes the faults of the feed
        for (String mix : List.of("100:dummy", "1:delay")) {
            behavior("{\"name\": \"" + mix + "\", \"delay\": {\"sleep\": 0.001}}");
            List<Double> without = new ArrayList<>();
            List<Double> with = new ArrayList<>();
            List<Double> cpuWithout = new ArrayList<>();
            List<Double> cpuWith = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                boolean pageFirst = i % 2 == 1;
                if (pageFirst) {
                    with.add(withPage(cpuWith));
                }
                without.add(gets(cpuWithout));
                if (!pageFirst) {
                    with.add(withPage(cpuWith));
                }
            }
            out.append(String.format("- %s: %,.0f GET/s without a page, %,.0f with Chromium showing it; ratio %.2f"
                    + " (median of %d paired runs); Vaurien's own CPU %.1f µs per GET without, %.1f with%n", mix,
                    Result.median(without), Result.median(with), Result.pairedRatio(with, without), with.size(),
                    Result.median(cpuWithout), Result.median(cpuWith)));
        }
        return out.toString();
    }

    /** One redis-benchmark run through the proxy: its GET/s; Vaurien's CPU µs per GET goes to {@code cpu}. */
    private double gets(List<Double> cpu) throws IOException, InterruptedException {
        long before = Procs.cpuMillis(vaurien.pid());
        double rps = scenarios.redis(port, 50, 1, REQUESTS)[0];
        cpu.add((Procs.cpuMillis(vaurien.pid()) - before) * 1000.0 / scenarios.sent(REQUESTS));
        return rps;
    }

    private void behavior(String body) throws IOException, InterruptedException {
        Procs.send("PUT", control, "/behavior", body, 200);
    }

    private double withPage(List<Double> cpu) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(setup.work, "chromium");
        Process chromium = setup.procs.start("chromium", List.of(CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "http://127.0.0.1:" + control + "/ui"));
        try {
            Thread.sleep(PAGE_SETTLES_MS);
            return gets(cpu);
        } finally {
            setup.procs.stop(chromium);
        }
    }
}
