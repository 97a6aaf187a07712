package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vaurien.Client;
import org.vaurien.FaultRecord;
import org.vaurien.cli.Main;
import org.vaurien.config.Registry;
import org.vaurien.experiments.ExperimentFile;
import org.vaurien.experiments.Run;
import org.vaurien.experiments.Runner;

/**
 * Experiments driving a separate {@code vaurien --http} in front of nginx, as a team drives a
 * shared proxy: abort and restore, a run killed with SIGKILL, the control API's experiments.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ExperimentHttpTest {
    private static final Registry REGISTRY = Registry.load();
    private static ServerProcess nginx;
    private static VaurienProcess vaurien;
    private static Client control;
    private static String controlUrl;

    @BeforeAll
    static void start() throws IOException {
        Path root = Files.createTempDirectory("www");
        Files.writeString(root.resolve("index.html"), "<p>steady</p>\n");
        nginx = ServerProcess.nginx(root);
        vaurien = VaurienProcess.start("--proxy", "127.0.0.1:0", "--backend", "127.0.0.1:" + nginx.port(),
                "--protocol", "http", "--http", "--http-port", "0");
        controlUrl = "http://127.0.0.1:" + vaurien.port("control");
        control = new Client(controlUrl);
    }

    @AfterAll
    static void stop() {
        vaurien.close();
        nginx.close();
    }

    @AfterEach
    void planIsBack() {
        assertEquals("100:dummy", control.proxy("default").behavior(), "every test leaves the proxy as it found it");
    }

    private static String slowdown(Path dir, String abort) {
        return String.join("\n",
                "name: web slowdown",
                "report: " + dir,
                "control: {url: '" + controlUrl + "'}",
                "probes:",
                "  page:",
                "    http: http://127.0.0.1:" + vaurien.port() + "/index.html",
                "    status: 200",
                "    every: 500ms",
                "    timeout: 2s",
                "    window: 2s",
                "    tolerance: {p95: 150ms, errors: 0%}",
                "steady_state: {before: 1s, after: 1s}",
                "timeline:",
                "  - at: 500ms",
                "    for: 20s",
                "    proxy: default",
                "    behavior: 100:delay",
                "    options: {delay: {sleep: 0.5}}",
                abort,
                "");
    }

    @Test
    void aProbeBreakingItsToleranceAbortsAndRestoresWithinOneProbeInterval(@TempDir Path dir) throws Exception {
        Client proxy = control.proxy("default");
        assertEquals("100:dummy", proxy.behavior(), "the plan before");
        Runner runner = Runner.prepare(ExperimentFile.parse("slow.yaml", slowdown(dir, "abort: [{probe: page}]"), REGISTRY),
                REGISTRY, "test");
        Run run = runner.start();
        assertTrue(waitFor(() -> proxy.behavior().equals("100:delay") || run.phase() == Run.Phase.ENDED),
                "the plan during: " + run.events());
        assertEquals("100:delay", proxy.behavior(), "the plan during");
        assertTrue(run.await(Duration.ofSeconds(30)));
        assertEquals("100:dummy", proxy.behavior(), "the plan after");
        assertEquals(Run.Outcome.ABORTED, run.outcome(), run.reason());
        assertEquals(1, run.exitStatus());
        assertTrue(run.reason().contains("probe 'page' broke its tolerance"), run.reason());
        // the first slow answer, seen when it came back, and the restore: within one probe interval
        Run.Result slow = run.results().stream().filter(r -> r.phase() == Run.Phase.TIMELINE && r.latencyMs() > 150)
                .findFirst().orElseThrow();
        long seen = slow.atMs() + Math.round(slow.latencyMs());
        long restored = run.events().stream().filter(e -> e.text().startsWith("restored")).findFirst().orElseThrow().atMs();
        assertTrue(restored - seen <= 500, "restored " + (restored - seen) + " ms after the breach was seen, within the probe's 500 ms");
        assertTrue(millis("/index.html") < 400, "the proxy answers without the 500 ms delay again");
        assertTrue(Files.readString(dir.resolve("report.md")).contains("NOT HELD (aborted)"));
    }

    @Test
    void aRunKilledWithSigkillLeavesProxiesThatPutThemselvesBackAfterTheLease(@TempDir Path dir) throws Exception {
        Process run = runInAnotherProcess(dir, "1s");
        Client proxy = control.proxy("default");
        run.destroyForcibly();
        assertTrue(run.waitFor(10, TimeUnit.SECONDS));
        long killed = System.nanoTime();
        assertEquals(137, run.exitValue(), "killed by SIGKILL: no hook ran");
        assertEquals("100:error", proxy.behavior(), "nothing put it back yet");
        assertTrue(waitFor(() -> proxy.behavior().equals("100:dummy")), "the lease expired and put the plan back");
        long ms = (System.nanoTime() - killed) / 1_000_000;
        assertTrue(ms <= 4000, "back " + ms + " ms after the kill, with a lease of 1 s (the step lasted 60 s)");
    }

    @Test
    void ctrlCAbortsPutsTheProxiesBackAndWritesTheReport(@TempDir Path dir) throws Exception {
        Process run = runInAnotherProcess(dir, "60s");
        Client proxy = control.proxy("default");
        // SIGTERM, as Ctrl-C's SIGINT, runs the shutdown hooks
        run.toHandle().destroy();
        assertTrue(run.waitFor(20, TimeUnit.SECONDS));
        assertEquals("100:dummy", proxy.behavior(), "put back by the run itself, not by its 60 s lease");
        String out = Files.readString(dir.resolve("out.txt"));
        assertTrue(out.contains("abort: interrupted (Ctrl-C, or a signal)"), out);
        assertTrue(Files.readString(dir.resolve("report.md")).contains("NOT HELD (aborted)"));
    }

    @Test
    void theControlApiStreamsEveryFaultAsItIsInjected() throws Exception {
        List<FaultRecord> seen = new CopyOnWriteArrayList<>();
        Client proxy = control.proxy("default");
        try (AutoCloseable stream = control.followFaults(seen::add)) {
            try (var b = proxy.withBehavior("error")) {
                // the stream may open after the first requests: ask until it has told three faults
                for (int i = 0; i < 200 && seen.size() < 3; i++) {
                    status("/index.html");
                }
            }
        }
        assertTrue(seen.size() >= 3, seen.toString());
        FaultRecord f = seen.get(0);
        assertEquals("default", f.proxy());
        assertEquals("error", f.behavior());
        assertEquals(1, f.exchange());
        assertTrue(f.client().startsWith("127.0.0.1:") && f.connection() > 0, f.toString());
    }

    @Test
    void theControlApiRunsFollowsAndAbortsAnExperiment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("api.yaml");
        Files.writeString(file, slowdown(dir, ""));
        String id = ctl("experiment", "run", file.toString()).trim();
        Client proxy = control.proxy("default");
        assertTrue(waitFor(() -> proxy.behavior().equals("100:delay")), "the server's run set its step");
        assertTrue(ctl("experiment", "status", id).contains(" timeline"), "the run is in its timeline");
        assertTrue(ctl("experiment", "abort", id).contains(id));
        assertEquals("100:dummy", proxy.behavior(), "the abort put the plan back at once");
        assertTrue(waitFor(() -> !control.experiment(id).get("outcome").isJsonNull()));
        assertEquals("aborted", control.experiment(id).get("outcome").getAsString());
        assertTrue(control.experiment(id).getAsJsonObject("probes").getAsJsonObject("page")
                .getAsJsonArray("results").size() >= 2, "the run's probe results are there to read");
    }

    @Test
    void aMalformedFileStartsNothingAndExitsWithTwo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, slowdown(dir, "abort: [{probe: page, for: -1s}]"));
        StringWriter err = new StringWriter();
        int status = Main.run(new String[] {"run", file.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertEquals(2, status);
        assertEquals("vaurien: " + file + ":19: for: '-1s' is not a time (500ms, 10s, 2m, 1h); times are never negative",
                err.toString().trim());
        Files.writeString(file, slowdown(dir, "").replace("proxy: default", "proxy: nginx"));
        err.getBuffer().setLength(0);
        assertEquals(2, Main.run(new String[] {"run", file.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err, true)));
        assertTrue(err.toString().startsWith("vaurien: " + file + ":14: proxy 'nginx' is neither started by the experiment nor on"),
                err.toString());
        assertEquals("[]", leases(), "no lease was taken");
        StringWriter apiErr = new StringWriter();
        assertEquals(2, Main.run(new String[] {"ctl", "--host", controlUrl, "experiment", "run", file.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(apiErr, true)));
        assertTrue(apiErr.toString().contains(":14: proxy 'nginx'"), apiErr.toString());
    }

    @Test
    void theExampleExperimentRunsAgainstTheDemoServerWithNothingInstalled(@TempDir Path dir) throws Exception {
        VaurienProcess.Result r = VaurienProcess.run("run", "../examples/experiments/demo.yaml", "--report", dir.toString());
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("step of line 32 on 'web': 20:error for 4s"), r.output());
        assertTrue(r.output().contains("HYPOTHESIS NOT HELD: probe 'page' broke its tolerance (p95 "), r.output());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("web: delay") && html.contains(">aborted<"), html);
    }

    /** {@code vaurien run} in a process of its own, its step (error for 60 s) in place on the proxy. */
    private static Process runInAnotherProcess(Path dir, String lease) throws Exception {
        Path file = dir.resolve("run.yaml");
        Files.writeString(file, String.join("\n",
                "name: in another process",
                "report: " + dir,
                "lease: " + lease,
                "control: {url: '" + controlUrl + "'}",
                "timeline:",
                "  - {at: 0s, for: 60s, proxy: default, behavior: error}",
                ""));
        Process run = new ProcessBuilder(VaurienProcess.command(List.of(), "run", file.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        if (!waitFor(() -> control.proxy("default").behavior().equals("100:error"))) {
            run.destroyForcibly();
            throw new AssertionError("the run did not set its step: " + Files.readString(dir.resolve("out.txt")));
        }
        return run;
    }

    private static String ctl(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "ctl";
        all[1] = "--host";
        all[2] = controlUrl;
        System.arraycopy(args, 0, all, 3, args.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        assertTrue(status == 0 || args[1].equals("status"), String.join(" ", args) + ": " + err);
        return out.toString();
    }

    private static String leases() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(controlUrl + "/leases")).build(),
                HttpResponse.BodyHandlers.ofString()).body().trim();
    }

    private static int status(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vaurien.port() + path))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static long millis(String path) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + vaurien.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Polls until true, for at most 20 s. */
    private static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
