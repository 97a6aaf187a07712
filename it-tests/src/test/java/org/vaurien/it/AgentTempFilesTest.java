package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's extracted jars are reused across starts: JVMs killed with SIGKILL, which run no
 * clean-up, leave the temporary directory as the first start left it.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AgentTempFilesTest {
    private static long bytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted().toList();
        }
    }

    @Test
    void tenJvmsKilledWithSigkillLeaveNothingThatGrows(@TempDir Path tmp) throws Exception {
        Path config = Files.writeString(Files.createTempFile("agent", ".ini"),
                String.join("\n", "[target:any]", "match = 127.0.0.1:1", "behavior = 100:error", ""));
        long afterFirst = -1;
        List<String> firstNames = null;
        for (int i = 0; i < 10; i++) {
            AppProcess app = AppProcess.start(AppProcess.javaHome(), config.toString(), "-Djava.io.tmpdir=" + tmp);
            assertTrue(app.stderr().contains("vaurien agent: active"), app.stderr());
            app.kill();
            if (i == 0) {
                afterFirst = bytes(tmp);
                firstNames = names(tmp);
            } else {
                assertTrue(bytes(tmp) <= afterFirst, "start " + (i + 1) + ": " + names(tmp) + " against " + firstNames);
            }
        }
        assertEquals(2, firstNames.size(), "the bridge and the implementation, once: " + firstNames);
        assertTrue(firstNames.stream().allMatch(n -> n.matches("vaurien-agent-[^/]+/(bridge|agent-impl)-[0-9a-f]+-\\d+\\.jar")),
                firstNames.toString());
        assertTrue(afterFirst > 1 << 19, "the extracted jars are there: " + afterFirst + " bytes");
        Path dir = tmp.resolve(Path.of(firstNames.get(0)).getParent());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), "the user's own directory");
    }

    @Test
    void aDirectoryOthersMayWriteInIsNotTrusted(@TempDir Path tmp) throws Exception {
        Path planted = Files.createDirectory(tmp.resolve("vaurien-agent-" + System.getProperty("user.name")));
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path config = Files.writeString(Files.createTempFile("agent", ".ini"),
                String.join("\n", "[target:any]", "match = 127.0.0.1:1", "behavior = 100:error", ""));
        try (AppProcess app = AppProcess.start(AppProcess.javaHome(), config.toString(), "-Djava.io.tmpdir=" + tmp)) {
            assertTrue(app.stderr().contains("vaurien agent: active"), app.stderr());
            assertEquals(List.of(), names(planted), "nothing is put in, nor taken from, a directory others can write");
        }
    }
}
