package org.vaurien.it;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL (Debian's, any version) in a fresh data directory, on loopback, user {@code postgres}
 * trusted. PostgreSQL refuses to run as root: as root (CI), it runs as the {@code postgres} user
 * the package made.
 */
final class PostgresServer {
    private PostgresServer() {
    }

    static ServerProcess start() throws IOException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("postgres");
        if (root) {
            run(List.of("/usr/bin/chown", "postgres:postgres", dir.toString()));
        }
        run(as(root, bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--no-sync"));
        return ServerProcess.start("postgres", port -> as(root, bin.resolve("postgres").toString(), "-D",
                dir.resolve("data").toString(), "-p", Integer.toString(port), "-h", "127.0.0.1", "-k", dir.toString(),
                "-c", "fsync=off", "-c", "max_connections=50"));
    }

    /** {@code /usr/lib/postgresql/VERSION/bin}, the newest installed. */
    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        ServerProcess.requireInstalled(root.toString());
        List<Path> versions = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            dirs.forEach(versions::add);
        }
        return versions.stream().filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
                .max((a, b) -> Integer.compare(version(a), version(b)))
                .orElseThrow(() -> new IllegalStateException("no PostgreSQL under " + root)).resolve("bin");
    }

    private static int version(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> as(boolean root, String... command) {
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        return cmd;
    }

    private static void run(List<String> command) throws IOException {
        Path log = Files.createTempFile("postgres-setup", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
