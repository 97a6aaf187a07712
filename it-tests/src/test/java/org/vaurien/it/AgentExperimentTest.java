package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vaurien.Client;
import org.vaurien.config.Registry;
import org.vaurien.experiments.ExperimentFile;
import org.vaurien.experiments.Run;
import org.vaurien.experiments.Runner;

/** An experiment drives an agent's target through the agent's control API, as it drives a standalone proxy. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentExperimentTest {
    private static final Registry REGISTRY = Registry.load();
    private static ServerProcess redis;

    @BeforeAll
    static void start() throws IOException {
        redis = ServerProcess.redis();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void aTimelineStepOnAnAgentsTargetReachesTheApplicationAndEnds(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("chaos.ini");
        Files.writeString(config, String.join("\n", "[vaurien]", "http = true", "http_port = 0",
                "[target:cache]", "match = 127.0.0.1:" + redis.port(), "protocol = redis", ""));
        try (AppProcess app = AppProcess.start(AppProcess.javaHome(), config.toString())) {
            String url = "http://127.0.0.1:" + app.controlPort();
            String target = "jedis 127.0.0.1 " + redis.port();
            assertTrue(app.call(target).startsWith("OK"));
            String yaml = String.join("\n",
                    "name: the application's cache fails",
                    "report: " + dir,
                    "control: {url: '" + url + "'}",
                    "timeline:",
                    "  - {at: 0s, for: 1500ms, proxy: cache, behavior: error}",
                    "");
            Runner runner = Runner.prepare(ExperimentFile.parse("agent.yaml", yaml, REGISTRY), REGISTRY, "test");
            Run run = runner.start();
            boolean failed = false;
            for (int i = 0; i < 200 && !failed && run.phase() != Run.Phase.ENDED; i++) {
                failed = app.call(target).startsWith("FAIL");
            }
            assertTrue(failed, "the application saw the step's errors");
            assertTrue(run.await(Duration.ofSeconds(20)));
            assertEquals(Run.Outcome.HELD, run.outcome(), run.reason());
            assertEquals("100:dummy", new Client(url).proxy("cache").behavior(), "the target's plan is back");
            assertTrue(app.call(target).startsWith("OK"), "and the application's calls pass again");
            assertTrue(run.faultsSeen() > 0, "the agent's faults came through its event stream");
        }
    }
}
