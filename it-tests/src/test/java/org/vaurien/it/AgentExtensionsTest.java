package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A user's own behavior and protocol in agent mode: the examples' jar named by the agent's
 * config ({@code extensions}), its slow_start behavior and line protocol faulting an application
 * that has neither on its class path.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentExtensionsTest {
    private static ServerProcess echo;

    @BeforeAll
    static void server() throws Exception {
        echo = ServerProcess.socatEcho();
    }

    @AfterAll
    static void stop() {
        if (echo != null) {
            echo.close();
        }
    }

    private static Path config(boolean withExtensions) throws Exception {
        Path examples = Path.of(System.getProperty("vaurien.examples.jar"));
        assertTrue(Files.isRegularFile(examples), "the examples jar is built first: " + examples);
        Path config = Files.createTempFile("chaos", ".ini");
        Files.writeString(config, String.join("\n",
                "[vaurien]", withExtensions ? "extensions = " + examples : "",
                "[target:echo]", "match = 127.0.0.1:" + echo.port(), "protocol = line", "behavior = 100:slow_start",
                "[behavior:slow_start]", "slow_exchanges = 1", "sleep = 0.6", ""));
        return config;
    }

    @Test
    void theExtensionsBehaviorAndProtocolFaultTheApplication() throws Exception {
        try (AppProcess app = AppProcess.start(AppProcess.javaHome(), config(true).toString())) {
            assertTrue(app.stderrShows("vaurien agent: active", 10), app.stderr());
            long start = System.nanoTime();
            String first = app.call("socket 127.0.0.1 " + echo.port());
            long firstMs = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            String second = app.call("socket 127.0.0.1 " + echo.port());
            long secondMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(first.startsWith("OK hello") && second.startsWith("OK hello"), first + " / " + second);
            // slow_start holds the first line of each connection (one line: one exchange of the line protocol)
            assertTrue(firstMs >= 600 && secondMs >= 600, firstMs + " ms, then " + secondMs + " ms");
            assertEquals(0, app.exit(), app.stderr());
        }
    }

    @Test
    void withoutTheExtensionsTheConfigIsRefusedAndTheApplicationRunsUntouched() throws Exception {
        try (AppProcess app = AppProcess.start(AppProcess.javaHome(), config(false).toString())) {
            assertTrue(app.stderrShows("the agent stays inactive", 10) && app.stderr().contains("unknown behavior 'slow_start'"),
                    app.stderr());
            long start = System.nanoTime();
            assertTrue(app.call("socket 127.0.0.1 " + echo.port()).startsWith("OK hello"));
            assertTrue((System.nanoTime() - start) / 1_000_000 < 600);
            assertEquals(0, app.exit(), app.stderr());
        }
    }
}
