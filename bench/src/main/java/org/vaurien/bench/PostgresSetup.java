package org.vaurien.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL for the pgbench scenario, started only when it is asked for: Debian's newest
 * server in a fresh data directory (as the {@code postgres} user when the bench runs as root),
 * pgbench's tables at scale 1, HAProxy in TCP mode and Vaurien with {@code --protocol postgres}
 * in front of it.
 */
final class PostgresSetup {
    int direct;
    int haproxy;
    int vaurien;
    final Path bin;

    private PostgresSetup(Path bin) {
        this.bin = bin;
    }

    static PostgresSetup start(Setup setup) throws IOException, InterruptedException {
        PostgresSetup pg = new PostgresSetup(binaries());
        boolean root = "root".equals(System.getProperty("user.name"));
        // its own directory under /tmp: the postgres user cannot enter the bench's, which is root's alone
        Path dir = Files.createTempDirectory("vaurien-bench-pg");
        if (root) {
            Procs.run(List.of("chown", "postgres:postgres", dir.toString()), 30);
        }
        Procs.run(as(root, pg.bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--no-sync"), 120);
        pg.direct = Procs.freePort();
        setup.procs.start("postgres", as(root, pg.bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(),
                "-p", Integer.toString(pg.direct), "-h", "127.0.0.1", "-k", dir.toString(), "-c", "fsync=off",
                "-c", "max_connections=200"));
        Procs.waitForPort(pg.direct, 60_000);
        Procs.run(List.of(pg.bin.resolve("pgbench").toString(), "-i", "-s", "1", "-q", "-h", "127.0.0.1", "-p",
                Integer.toString(pg.direct), "-U", "postgres", "postgres"), 300);
        pg.haproxy = Procs.freePort();
        Path cfg = setup.work.resolve("haproxy-pg.cfg");
        Files.writeString(cfg, String.join("\n", "global", "  maxconn 1000", "  nbthread " + Runtime.getRuntime().availableProcessors(),
                "defaults", "  mode tcp", "  timeout connect 5s", "  timeout client 1h", "  timeout server 1h",
                "frontend f_pg", "  bind 127.0.0.1:" + pg.haproxy, "  default_backend b_pg",
                "backend b_pg", "  server s 127.0.0.1:" + pg.direct, ""));
        setup.procs.start("haproxy-pg", List.of("haproxy", "-f", cfg.toString(), "-db"));
        pg.vaurien = setup.vaurien("vaurien-postgres", pg.direct, "postgres");
        Procs.waitForPort(pg.haproxy, 30_000);
        Procs.waitForPort(pg.vaurien, 30_000);
        return pg;
    }

    private static List<String> as(boolean root, String... command) {
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        return cmd;
    }

    /** {@code /usr/lib/postgresql/VERSION/bin}, the newest installed. */
    private static Path binaries() throws IOException {
        List<Path> versions = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/usr/lib/postgresql"))) {
            dirs.forEach(versions::add);
        }
        return versions.stream().filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
                .max((a, b) -> Integer.compare(number(a), number(b)))
                .orElseThrow(() -> new IOException("no PostgreSQL under /usr/lib/postgresql")).resolve("bin");
    }

    private static int number(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
