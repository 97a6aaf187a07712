package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent records the faults a seeded mix gave a JDBC client (MariaDB Connector/J against
 * MariaDB) and plays them back in another run of the same application: the application sees
 * the same thing, query by query.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AgentReplayTest {
    private static final int QUERIES = 30;
    private static ServerProcess mariadb;

    @BeforeAll
    static void start() throws IOException {
        mariadb = ServerProcess.mariadb();
    }

    @AfterAll
    static void stop() {
        mariadb.close();
    }

    @Test
    void aFaultLogOfTheAgentReplaysToTheSameJdbcTranscript(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("faults.jsonl");
        Path record = dir.resolve("record.ini");
        Files.writeString(record, String.join("\n", "[vaurien]", "fault_log = " + log,
                "[target:db]", "match = 127.0.0.1:" + mariadb.port(), "protocol = mysql",
                "behavior = 30:error,10:delay", "seed = 7", "[behavior:delay]", "sleep = 0.05", ""));
        List<String> recorded = transcript(record, null);
        List<String> faults = Files.readAllLines(log);
        assertTrue(recorded.stream().anyMatch(l -> l.startsWith("OK 42")) && recorded.stream().anyMatch(l -> l.startsWith("FAIL")),
                String.join("\n", recorded));
        assertTrue(faults.size() >= 5 && faults.get(0).contains("\"proxy\":\"db\"") && faults.get(0).contains("\"seed\":7"),
                String.join("\n", faults));

        Path replay = dir.resolve("replay.ini");
        Files.writeString(replay, String.join("\n", "[vaurien]", "replay = " + log,
                "[target:db]", "match = 127.0.0.1:" + mariadb.port(), "protocol = mysql", ""));
        List<String> summary = new ArrayList<>();
        List<String> replayed = transcript(replay, summary);
        assertEquals(recorded, replayed);
        assertTrue(summary.get(0).contains(faults.size() + " of " + faults.size() + " recorded faults found their place"),
                summary.get(0));
    }

    /** The application's answers to {@link #QUERIES} queries, each on a connection of its own; the server's connection ids masked. */
    private static List<String> transcript(Path config, List<String> stderr) throws Exception {
        List<String> lines = new ArrayList<>();
        try (AppProcess app = AppProcess.start(AppProcess.javaHome(), config.toString())) {
            for (int i = 0; i < QUERIES; i++) {
                lines.add(app.call("jdbc 127.0.0.1 " + mariadb.port()).replaceAll("conn=\\d+", "conn=(masked)"));
            }
            assertEquals(0, app.exit());
            if (stderr != null) {
                assertTrue(app.stderrShows("replay of ", 10), app.stderr());
                stderr.add(app.stderr());
            }
        }
        return lines;
    }
}
