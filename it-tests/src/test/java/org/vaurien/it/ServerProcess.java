package org.vaurien.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A real server (nginx, socat, redis-server...) started by a test on a free loopback port and
 * stopped after it. The server must be installed: {@code .ci/run} installs them.
 */
class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code command(port)} on a probed free port and waits until the port answers;
     * tries a few ports in case another process took the probed one meanwhile.
     */
    static ServerProcess start(String name, IntFunction<List<String>> command) throws IOException {
        requireInstalled(command.apply(0).get(0));
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Path log = Files.createTempFile(name, ".log");
            Process p = new ProcessBuilder(command.apply(port)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (waitForPort(p, port)) {
                return new ServerProcess(p, port, log);
            }
            p.destroyForcibly();
            last = new IOException(name + " did not start on port " + port + ":\n" + Files.readString(log));
        }
        throw last;
    }

    static void requireInstalled(String binary) {
        if (!Files.isExecutable(Path.of(binary))) {
            throw new IllegalStateException(binary + " is not installed; .ci/run installs the test servers"
                    + " (apt-get install nginx-light socat redis-server memcached mariadb-server postgresql chromium chromium-driver)");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean waitForPort(Process p, int port) {
        return waitForPort(p, port, 20);
    }

    /** Whether {@code p}, still alive, answers on loopback's {@code port} within {@code seconds}. */
    static boolean waitForPort(Process p, int port, int seconds) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /** socat's echo: every connection gets back what it sends. */
    static ServerProcess socatEcho() throws IOException {
        return start("socat", port -> List.of("/usr/bin/socat",
                "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork,backlog=512", "PIPE"));
    }

    /** socat forwarding every connection to {@code port}: the same server, reached on another port. */
    static ServerProcess socatForward(int port) throws IOException {
        return start("socat", p -> List.of("/usr/bin/socat",
                "TCP-LISTEN:" + p + ",bind=127.0.0.1,reuseaddr,fork,backlog=512", "TCP:127.0.0.1:" + port));
    }

    /** nginx serving the files of {@code root}, with keep-alive. */
    static ServerProcess nginx(Path root) throws IOException {
        return nginx(root, null, null, "");
    }

    /**
     * The same over HTTPS only, with this certificate and key (PEM files; plain HTTP when they
     * are null), and more directives for its server block (a client certificate required...).
     */
    static ServerProcess nginx(Path root, Path certificate, Path key, String more) throws IOException {
        Path dir = Files.createTempDirectory("nginx");
        String tls = (certificate == null ? "" : " ssl; ssl_certificate " + certificate + "; ssl_certificate_key " + key) + more;
        return start("nginx", port -> {
            Path conf = dir.resolve("nginx-" + port + ".conf");
            String text = String.join("\n",
                    "daemon off;", "master_process off;", "worker_processes 1;", "error_log stderr warn;",
                    "pid " + dir.resolve("nginx.pid") + ";", "events { worker_connections 4096; }",
                    "http {", "  access_log off;", "  sendfile on;", "  keepalive_requests 100000;",
                    "  client_body_temp_path " + dir + "/body;", "  proxy_temp_path " + dir + "/proxy;",
                    "  fastcgi_temp_path " + dir + "/fastcgi;", "  uwsgi_temp_path " + dir + "/uwsgi;",
                    "  scgi_temp_path " + dir + "/scgi;",
                    "  server { listen 127.0.0.1:" + port + tls + "; root " + root + ";",
                    "    location = /host { default_type text/plain; return 200 \"$http_host\"; }",
                    "    location /gz/ { alias " + root + "/; gzip on; gzip_types *; gzip_min_length 0; }",
                    "  }", "}");
            try {
                Files.writeString(conf, text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new ArrayList<>(List.of("/usr/sbin/nginx", "-c", conf.toString(), "-p", dir.toString()));
        });
    }

    /** redis-server, in memory only. */
    static ServerProcess redis() throws IOException {
        return start("redis", port -> List.of("/usr/bin/redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no",
                "--maxclients", "4000"));
    }

    /** memcached, allowing items up to 16 MB. */
    static ServerProcess memcached() throws IOException {
        return start("memcached", port -> List.of("/usr/bin/memcached", "-l", "127.0.0.1", "-p",
                Integer.toString(port), "-U", "0", "-I", "16m", "-m", "256", "-u", "root"));
    }

    /** MariaDB in a fresh data directory; root@127.0.0.1 has no password. */
    static ServerProcess mariadb() throws IOException {
        requireInstalled("/usr/sbin/mariadbd");
        Path dir = Files.createTempDirectory("mariadb");
        Process install = new ProcessBuilder("/usr/bin/mariadb-install-db", "--no-defaults",
                "--datadir=" + dir.resolve("data"), "--user=root", "--auth-root-authentication-method=normal",
                "--skip-test-db").redirectErrorStream(true).redirectOutput(dir.resolve("install.log").toFile()).start();
        try {
            if (!install.waitFor(120, TimeUnit.SECONDS) || install.exitValue() != 0) {
                throw new IOException("mariadb-install-db failed:\n" + Files.readString(dir.resolve("install.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return start("mariadb", port -> List.of("/usr/sbin/mariadbd", "--no-defaults",
                "--datadir=" + dir.resolve("data"), "--port=" + port, "--bind-address=127.0.0.1",
                "--socket=" + dir.resolve("mysql-" + port + ".sock"), "--user=root", "--skip-log-bin",
                "--innodb-buffer-pool-size=32M", "--max-allowed-packet=64M", "--skip-name-resolve",
                "--pid-file=" + dir.resolve("mariadb.pid")));
    }

    /** What starts a server. */
    interface Start {
        ServerProcess start() throws IOException;
    }

    /**
     * Starts a server from a static initialiser and publishes its port as the system property
     * {@code property}, for a {@code @ChaosTarget}'s {@code ${property}}.
     */
    static ServerProcess withPortProperty(String property, Start start) {
        try {
            ServerProcess server = start.start();
            System.setProperty(property, Integer.toString(server.port()));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
