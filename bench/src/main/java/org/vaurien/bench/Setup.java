package org.vaurien.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers of a run (redis-server, iperf3, nginx), HAProxy in TCP mode in front of each, and
 * Vaurien with 100 % dummy in front of each: tcp, plus redis and http for the protocol scenarios.
 */
final class Setup {
    final Procs procs;
    final String java;
    final Path work;
    int redis;
    int iperf;
    int nginx;
    int haRedis;
    int haIperf;
    int haNginx;
    int vRedisTcp;
    int vRedisProtocol;
    int vIperf;
    int vNginx;
    /** nginx over HTTPS, HAProxy and Vaurien terminating TLS in front of it with the same certificate. */
    int nginxTls;
    int haNginxTls;
    int vNginxTls;
    /** Toxiproxy in front of redis, iperf3 and nginx, with --with-toxiproxy; null otherwise. */
    ToxiproxySetup toxiproxy;
    /** A Kafka broker, HAProxy and Vaurien in front of it, when the kafka scenario runs; null otherwise. */
    KafkaSetup kafka;
    /** PostgreSQL, HAProxy and Vaurien in front of it, when the pgbench scenario runs; null otherwise. */
    PostgresSetup postgres;
    /** Vaurien's http proxy with a matcher that every request is tested against (and none meets). */
    int vNginxMatch;

    Setup(Procs procs, String java, Path work) {
        this.procs = procs;
        this.java = java;
        this.work = work;
    }

    void start() throws IOException {
        redis = Procs.freePort();
        procs.start("redis", List.of("redis-server", "--port", Integer.toString(redis), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--protected-mode", "no", "--maxclients", "20000"));
        iperf = Procs.freePort();
        procs.start("iperf3", List.of("iperf3", "-s", "-B", "127.0.0.1", "-p", Integer.toString(iperf)));
        nginx = Procs.freePort();
        Path www = Files.createDirectories(work.resolve("www"));
        Files.writeString(www.resolve("small"), "x".repeat(1024));
        nginxTls = Procs.freePort();
        certificate();
        Path conf = work.resolve("nginx.conf");
        Files.writeString(conf, String.join("\n", "daemon off;", "master_process off;", "worker_processes 1;",
                "error_log stderr warn;", "pid " + work.resolve("nginx.pid") + ";", "events { worker_connections 4096; }",
                "http { access_log off; keepalive_requests 1000000; client_body_temp_path " + work + "/body;",
                "  server { listen 127.0.0.1:" + nginx + "; root " + www + "; }",
                "  server { listen 127.0.0.1:" + nginxTls + " ssl; ssl_certificate " + work.resolve("cert.pem")
                        + "; ssl_certificate_key " + work.resolve("key.pem") + "; root " + www + "; } }"));
        procs.start("nginx", List.of("nginx", "-c", conf.toString(), "-p", work.toString()));
        haRedis = Procs.freePort();
        haIperf = Procs.freePort();
        haNginx = Procs.freePort();
        haNginxTls = Procs.freePort();
        Path ha = work.resolve("haproxy.cfg");
        Files.writeString(ha, haproxyConfig(haproxyMaxconn()));
        procs.start("haproxy", List.of("haproxy", "-f", ha.toString(), "-db"));
        vRedisTcp = vaurien("vaurien-redis-tcp", redis, "tcp");
        vRedisProtocol = vaurien("vaurien-redis-protocol", redis, "redis");
        vIperf = vaurien("vaurien-iperf", iperf, "tcp");
        vNginx = vaurien("vaurien-nginx", nginx, "http");
        vNginxMatch = vaurien("vaurien-nginx-match", nginx, "http", "--behavior", "100:error", "--behavior-error-match", "path=/never/*");
        vNginxTls = vaurien("vaurien-nginx-tls", nginxTls, "http", "--tls", "terminate", "--tls-keystore",
                work.resolve("cert.p12").toString(), "--tls-keystore-password", "bench", "--tls-backend-ca", work.resolve("cert.pem").toString());
        for (int port : new int[] {redis, iperf, nginx, haRedis, haIperf, haNginx, vRedisTcp, vRedisProtocol, vIperf, vNginx,
            nginxTls, haNginxTls, vNginxTls, vNginxMatch}) {
            Procs.waitForPort(port, 30_000);
        }
    }

    /** HAProxy needs two descriptors per connection, as a proxy does; it refuses more than the limit allows. */
    static int haproxyMaxconn() {
        return (int) Math.min(20_000, (Bench.descriptorLimit() - 200) / 2);
    }

    private String haproxyConfig(int maxconn) {
        List<String> lines = new ArrayList<>(List.of("global", "  maxconn " + maxconn, "  nbthread "
                + Runtime.getRuntime().availableProcessors(), "defaults", "  mode tcp", "  maxconn " + maxconn,
                "  timeout connect 5s", "  timeout client 1h", "  timeout server 1h"));
        String[][] fronts = {{"redis", "" + haRedis, "" + redis}, {"iperf", "" + haIperf, "" + iperf},
            {"nginx", "" + haNginx, "" + nginx}};
        for (String[] f : fronts) {
            lines.addAll(List.of("frontend f_" + f[0], "  bind 127.0.0.1:" + f[1], "  default_backend b_" + f[0],
                    "backend b_" + f[0], "  server s 127.0.0.1:" + f[2]));
        }
        // TLS terminated with nginx's own certificate, and TLS again to nginx, verified as Vaurien verifies it
        lines.addAll(List.of("frontend f_nginx_tls", "  bind 127.0.0.1:" + haNginxTls + " ssl crt " + work.resolve("combined.pem"),
                "  default_backend b_nginx_tls", "backend b_nginx_tls",
                "  server s 127.0.0.1:" + nginxTls + " ssl verify required ca-file " + work.resolve("cert.pem")));
        return String.join("\n", lines) + "\n";
    }

    /** Vaurien as users run it: the ./vaurien launcher, 100 % dummy unless {@code more} says otherwise. */
    int vaurien(String name, int backend, String protocol, String... more) throws IOException {
        int port = Procs.freePort();
        List<String> command = new ArrayList<>(vaurienCommand(port, backend, protocol));
        if (List.of(more).contains("--behavior")) {
            int i = command.indexOf("--behavior");
            command.subList(i, i + 2).clear();
        }
        command.addAll(List.of(more));
        procs.start(name, command);
        return port;
    }

    /** One certificate for localhost, as PEM files (nginx), one file with its key (HAProxy) and PKCS12 (Vaurien). */
    private void certificate() throws IOException {
        try {
            Procs.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", work.resolve("key.pem").toString(), "-out", work.resolve("cert.pem").toString(), "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"), 60);
            Procs.run(List.of("openssl", "pkcs12", "-export", "-in", work.resolve("cert.pem").toString(), "-inkey",
                    work.resolve("key.pem").toString(), "-out", work.resolve("cert.p12").toString(), "-passout", "pass:bench"), 60);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        Files.writeString(work.resolve("combined.pem"), Files.readString(work.resolve("cert.pem")) + Files.readString(work.resolve("key.pem")));
    }

    List<String> vaurienCommand(int port, int backend, String protocol) {
        return List.of("env", "JAVA=" + java, "./vaurien", "--proxy", "127.0.0.1:" + port,
                "--backend", "127.0.0.1:" + backend, "--protocol", protocol, "--behavior", "100:dummy",
                "--stay-connected", "--log-level", "warning");
    }
}
