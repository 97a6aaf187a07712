package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vaurien.Probe;
import org.vaurien.Timeline;
import org.vaurien.Tolerance;
import org.vaurien.Vaurien;
import org.vaurien.VaurienProxy;
import org.vaurien.Window;
import org.vaurien.config.Registry;
import org.vaurien.experiments.ExperimentFile;
import org.vaurien.experiments.Run;
import org.vaurien.experiments.Runner;
import org.vaurien.junit.ChaosProxy;
import org.vaurien.junit.Probes;
import org.vaurien.junit.VaurienExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** Timelines on a Redis proxy, seen by Jedis: the errors fall in the step's window, all of them and no others. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExperimentRedisTest {
    private static final Registry REGISTRY = Registry.load();
    private static ServerProcess redis;

    @BeforeAll
    static void start() throws IOException {
        redis = ServerProcess.redis();
        System.setProperty("vaurien.test.redis", Integer.toString(redis.port()));
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    /** One GET: when it started and ended (ms on the run's clock) and whether Redis answered it. */
    private record Call(long startMs, long endMs, boolean ok) {
    }

    @Test
    void anExperimentsTimelineGivesJedisTheErrorsOfItsWindowAndReportsThem(@TempDir Path dir) throws Exception {
        String yaml = String.join("\n",
                "name: cache errors",
                "report: " + dir,
                "fault_log: " + dir.resolve("faults.jsonl"),
                "proxies:",
                "  cache:",
                "    backend: 127.0.0.1:" + redis.port(),
                "    protocol: redis",
                "timeline:",
                "  - at: 1s",
                "    for: 1500ms",
                "    behavior: error",
                "");
        Runner runner = Runner.prepare(ExperimentFile.parse("redis.yaml", yaml, REGISTRY), REGISTRY, "test");
        HostAndPort at = HostAndPort.from(runner.address("cache"));
        Run run = runner.start();
        List<Call> calls = new ArrayList<>();
        try (Jedis jedis = new Jedis(at)) {
            jedis.set("k", "v");
            while (run.phase() != Run.Phase.ENDED && calls.size() < 100_000) {
                long t0 = ms(run);
                boolean ok;
                try {
                    ok = "v".equals(jedis.get("k"));
                } catch (JedisDataException refused) {
                    ok = false;
                }
                calls.add(new Call(t0, ms(run), ok));
            }
        }
        assertTrue(run.await(Duration.ofSeconds(30)));
        assertEquals(Run.Outcome.HELD, run.outcome(), run.reason());
        Run.Played step = run.steps().get(0);
        int inside = 0;
        int errors = 0;
        for (Call c : calls) {
            boolean touches = c.endMs() >= step.startMs() && c.startMs() <= step.endMs();
            boolean within = c.startMs() >= step.appliedMs() && c.endMs() <= step.endingMs();
            if (!c.ok()) {
                errors++;
                assertTrue(touches, "an error outside the step's window: " + c + ", step " + step.startMs() + "-" + step.endMs());
            }
            if (within) {
                inside++;
                assertTrue(!c.ok(), "a call inside the step's window passed: " + c);
            }
        }
        assertTrue(inside > 10, "calls inside the window: " + inside);
        assertTrue(calls.size() - errors > 10, "calls outside the window passed: " + (calls.size() - errors));
        // the run saw the faults the client saw, in its report and in its fault log
        assertEquals(errors, run.faults().stream().filter(f -> f.behavior().equals("error")).count());
        JsonObject report = JsonParser.parseString(Files.readString(dir.resolve("report.json"))).getAsJsonObject();
        assertEquals(errors, report.getAsJsonArray("faults").size());
        assertEquals("held", report.get("outcome").getAsString());
        assertEquals(errors, Files.readAllLines(dir.resolve("faults.jsonl")).size());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("cache: error") && html.contains("Hypothesis held"), html);
        assertTrue(Files.readString(dir.resolve("report.md")).contains("| cache | error (error) | " + errors + " |"));
    }

    @Test
    void aStepAfterACountOfExchangesWaitsForThem(@TempDir Path dir) throws Exception {
        String yaml = String.join("\n",
                "report: " + dir,
                "proxies:",
                "  cache: {backend: '127.0.0.1:" + redis.port() + "', protocol: redis}",
                "timeline:",
                "  - {after: 200 exchanges, for: 300ms, behavior: error}",
                "");
        Runner runner = Runner.prepare(ExperimentFile.parse("count.yaml", yaml, REGISTRY), REGISTRY, "test");
        Run run = runner.start();
        int firstError = -1;
        int errors = 0;
        try (Jedis jedis = new Jedis(HostAndPort.from(runner.address("cache")))) {
            // slowly, so that the count is seen well before the run's own polls could miss it
            for (int i = 0; run.phase() != Run.Phase.ENDED && i < 20_000; i++) {
                try {
                    jedis.ping();
                } catch (JedisDataException refused) {
                    errors++;
                    firstError = firstError < 0 ? i : firstError;
                }
                if (i < 190) {
                    Thread.sleep(1);
                }
            }
        }
        assertTrue(run.await(Duration.ofSeconds(30)));
        assertEquals(Run.Outcome.HELD, run.outcome(), run.reason());
        assertTrue(firstError >= 200, "the first error came at exchange " + firstError);
        assertTrue(errors > 10, errors + " errors");
    }

    @Test
    void theJavaTimelineGivesJedisItsErrorsStepByStep() throws Exception {
        try (VaurienProxy proxy = Vaurien.proxy().backend("127.0.0.1:" + redis.port()).protocol("redis").start();
             Jedis jedis = new Jedis("127.0.0.1", proxy.port())) {
            jedis.set("k", "v");
            int duringError = 0;
            int passed = 0;
            try (Timeline.Running run = proxy.timeline().pass(Duration.ofMillis(500)).then("error", Duration.ofMillis(800))
                    .pass(Duration.ofMillis(500)).start()) {
                for (int i = 0; i < 100_000 && run.step() < 3; i++) {
                    int before = run.step();
                    boolean ok;
                    try {
                        ok = "v".equals(jedis.get("k"));
                    } catch (JedisDataException refused) {
                        ok = false;
                    }
                    int after = run.step();
                    if (before == 1 && after == 1) {
                        duringError++;
                        assertTrue(!ok, "a call during the error step passed");
                    } else if (before == after && before >= 0) {
                        passed += ok ? 1 : 0;
                        assertTrue(ok, "a call during step " + before + " failed");
                    }
                }
                assertTrue(run.await(Duration.ofSeconds(10)));
            }
            assertTrue(duringError > 10 && passed > 10, duringError + " calls in the error step, " + passed + " passed");
            assertEquals("100:dummy", proxy.behavior(), "the end of the timeline puts back what was there");
        }
    }

    @Test
    @ExtendWith(VaurienExtension.class)
    void aTestHoldsItsAssertionsAgainstAProbesWindow(
            @ChaosProxy(backend = "127.0.0.1:${vaurien.test.redis}", protocol = "redis") VaurienProxy cache, Probes probes)
            throws Exception {
        Jedis jedis = new Jedis("127.0.0.1", cache.port());
        Probe ping = probes.every(Duration.ofMillis(20), () -> {
            synchronized (jedis) {
                return jedis.ping();
            }
        });
        try (Timeline.Running run = cache.timeline().pass(Duration.ofMillis(300)).then("error", Duration.ofMillis(400)).start()) {
            assertTrue(run.await(Duration.ofSeconds(10)));
        }
        Window all = ping.window(Duration.ofSeconds(10));
        AssertionError broken = assertThrows(AssertionError.class, () -> all.assertHolds(Tolerance.NO_ERRORS));
        assertTrue(broken.getMessage().startsWith("probe 'probe 1': ") && broken.getMessage().contains("% errors"),
                broken.getMessage());
        assertTrue(all.errors() >= 5 && all.errors() < all.count(), all.toString());
        // once the timeline put the plan back, the steady state is back: fresh results hold
        long seen = ping.results().size();
        for (int i = 0; i < 500 && ping.results().size() < seen + 10; i++) {
            Thread.sleep(10);
        }
        Window after = ping.window(Duration.ofMillis(150));
        after.assertHolds(Tolerance.NO_ERRORS);
        assertTrue(after.count() > 0);
        jedis.close();
    }

    private static long ms(Run run) {
        return (System.nanoTime() - run.startNanos()) / 1_000_000;
    }
}
