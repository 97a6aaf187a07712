package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vaurien.config.Registry;
import org.vaurien.experiments.ExperimentFile;
import org.vaurien.experiments.Run;
import org.vaurien.experiments.Runner;

/**
 * Every kind of probe against real servers (a SQL query through MariaDB Connector/J, a TCP
 * connect, a Redis PING, a shell command) and every kind of step (a mix, a toxic, a disabled
 * proxy): each probe fails only while a step breaks what it checks, and the verdict says so.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExperimentProbesTest {
    private static final Registry REGISTRY = Registry.load();
    private static ServerProcess mariadb;
    private static ServerProcess redis;

    @BeforeAll
    static void start() throws IOException {
        mariadb = ServerProcess.mariadb();
        redis = ServerProcess.redis();
    }

    @AfterAll
    static void stop() {
        mariadb.close();
        redis.close();
    }

    @Test
    void eachProbeFailsOnlyWhileAStepBreaksWhatItChecks(@TempDir Path dir) throws Exception {
        String yaml = String.join("\n",
                "name: every probe",
                "report: " + dir,
                "proxies:",
                "  db: {backend: '127.0.0.1:" + mariadb.port() + "', protocol: mysql}",
                "  cache: {backend: '127.0.0.1:" + redis.port() + "', protocol: redis}",
                "probes:",
                "  query: {sql: 'jdbc:mariadb://{db}/?connectTimeout=1000', user: root, query: SELECT 1, every: 100ms}",
                "  connect: {tcp: '{cache}', every: 100ms}",
                "  ping: {redis: '{cache}', every: 100ms, tolerance: {p95: 250ms}}",
                "  shell: {command: 'test -d " + dir + "', every: 200ms}",
                "steady_state: {before: 1s, after: 1s}",
                "timeline:",
                "  - {at: 500ms, for: 1s, proxy: db, behavior: error}",
                "  - {at: 500ms, for: 1s, proxy: cache, toxics: [{type: latency, attributes: {latency: 300}}]}",
                "  - {at: 2s, for: 1s, proxy: cache, enabled: false}",
                "");
        Runner runner = Runner.prepare(ExperimentFile.parse("probes.yaml", yaml, REGISTRY), REGISTRY, "test");
        Run run = runner.start();
        assertTrue(run.await(Duration.ofSeconds(60)));
        assertEquals(Run.Outcome.DEVIATED, run.outcome(), run.reason());
        assertEquals(1, run.exitStatus());
        assertTrue(run.reason().contains("during the timeline"), run.reason());
        List<Run.Result> results = run.results();
        for (String probe : List.of("query", "connect", "ping", "shell")) {
            assertTrue(results.stream().filter(r -> r.probe().equals(probe) && r.phase() == Run.Phase.BEFORE).allMatch(r -> r.error() == null),
                    probe + " held before: " + results);
            assertTrue(results.stream().filter(r -> r.probe().equals(probe) && r.phase() == Run.Phase.AFTER).allMatch(r -> r.error() == null),
                    probe + " held after: " + results);
            assertTrue(results.stream().anyMatch(r -> r.probe().equals(probe) && r.phase() == Run.Phase.AFTER), probe + " ran after");
        }
        assertTrue(errors(results, "query") > 0, "the sql probe saw the mix's errors");
        assertTrue(errors(results, "connect") > 0, "the tcp probe saw the disabled proxy");
        assertEquals(0, errors(results, "shell"), "the command probe checks what no step touched");
        assertTrue(results.stream().anyMatch(r -> r.probe().equals("ping") && r.latencyMs() >= 300),
                "the redis probe saw the latency toxic");
        assertTrue(run.steps().stream().allMatch(p -> p.startMs() >= 0 && p.endMs() > p.startMs()), "every step played");
        assertTrue(run.deviations().size() >= 3, "the sql, tcp and redis probes deviated");
    }

    @Test
    void theMaxDurationEndsARunWhoseStepNeverCame(@TempDir Path dir) throws Exception {
        String yaml = String.join("\n",
                "report: " + dir,
                "max_duration: 1500ms",
                "proxies:",
                "  cache: {backend: '127.0.0.1:" + redis.port() + "', protocol: redis}",
                "timeline:",
                "  - {after: 1000000 exchanges, for: 1s, behavior: error}",
                "");
        long t0 = System.nanoTime();
        Run run = Runner.prepare(ExperimentFile.parse("max.yaml", yaml, REGISTRY), REGISTRY, "test").start();
        assertTrue(run.await(Duration.ofSeconds(20)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Run.Outcome.ABORTED, run.outcome());
        assertEquals("its max_duration of 1.5s was reached", run.reason());
        assertTrue(ms >= 1500 && ms < 5000, ms + " ms");
        assertEquals(-1, run.steps().get(0).startMs(), "the step never started");
    }

    private static long errors(List<Run.Result> results, String probe) {
        return results.stream().filter(r -> r.probe().equals(probe) && r.error() != null).count();
    }
}
