package org.vaurien.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kafka broker in KRaft mode for the producer scenario, from Maven Central's artifacts (the
 * kafka-broker module's class path), started only when asked for. Each way in has a listener of
 * its own that advertises that way's address, as a client's later connections must come the same
 * way: DIRECT, one behind HAProxy and one behind Vaurien ({@code --protocol kafka}).
 */
final class KafkaSetup {
    private static final Pattern RATE = Pattern.compile("([0-9.]+) records/sec");
    int direct;
    int haproxy;
    int vaurien;
    private final String classPath;
    private final String javaBin;

    private KafkaSetup(String classPath, String java) {
        this.classPath = classPath;
        this.javaBin = java;
    }

    static KafkaSetup start(Setup setup) throws IOException, InterruptedException {
        Path file = Path.of("kafka-broker", "target", "broker.classpath");
        if (!Files.exists(file)) {
            throw new IOException("no " + file + ": bench/run builds it (mvn package -pl kafka-broker)");
        }
        KafkaSetup k = new KafkaSetup(Files.readString(file).strip(), Path.of(System.getProperty("java.home"), "bin", "java").toString());
        k.direct = Procs.freePort();
        int behindHaproxy = Procs.freePort();
        int behindVaurien = Procs.freePort();
        int controller = Procs.freePort();
        k.haproxy = Procs.freePort();
        // Vaurien's port is chosen first: the broker advertises it
        k.vaurien = setup.vaurien("vaurien-kafka", behindVaurien, "kafka");
        Path dir = Files.createTempDirectory(setup.work, "kafka");
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n", "process.roles=broker,controller", "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller, "controller.listener.names=CONTROLLER",
                "listeners=DIRECT://127.0.0.1:" + k.direct + ",HAPROXY://127.0.0.1:" + behindHaproxy
                        + ",VAURIEN://127.0.0.1:" + behindVaurien + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=DIRECT://127.0.0.1:" + k.direct + ",HAPROXY://127.0.0.1:" + k.haproxy
                        + ",VAURIEN://127.0.0.1:" + k.vaurien,
                "listener.security.protocol.map=DIRECT:PLAINTEXT,HAPROXY:PLAINTEXT,VAURIEN:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=DIRECT", "log.dirs=" + dir.resolve("logs"), "num.partitions=1",
                "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1", ""));
        Procs.run(List.of(k.javaBin, "-cp", k.classPath, "kafka.tools.StorageTool", "format", "-t", clusterId(), "-c",
                config.toString()), 120);
        setup.procs.start("kafka", List.of(k.javaBin, "-Xms1g", "-Xmx1g", "-cp", k.classPath, "kafka.Kafka", config.toString()));
        Path cfg = setup.work.resolve("haproxy-kafka.cfg");
        Files.writeString(cfg, String.join("\n", "global", "  maxconn 1000", "defaults", "  mode tcp", "  timeout connect 5s",
                "  timeout client 1h", "  timeout server 1h", "frontend f_kafka", "  bind 127.0.0.1:" + k.haproxy,
                "  default_backend b_kafka", "backend b_kafka", "  server s 127.0.0.1:" + behindHaproxy, ""));
        setup.procs.start("haproxy-kafka", List.of("haproxy", "-f", cfg.toString(), "-db"));
        Procs.waitForPort(k.direct, 90_000);
        Procs.waitForPort(k.haproxy, 30_000);
        Procs.waitForPort(k.vaurien, 30_000);
        Procs.run(List.of(k.javaBin, "-cp", k.classPath, "org.apache.kafka.tools.TopicCommand", "--bootstrap-server",
                "127.0.0.1:" + k.direct, "--create", "--topic", "bench", "--partitions", "1", "--replication-factor", "1"), 120);
        return k;
    }

    /** kafka-producer-perf-test's records per second: {@code records} of 100 bytes, acks=1, as fast as it can. */
    double produce(int port, int records) throws IOException, InterruptedException {
        String out = Procs.run(List.of(javaBin, "-cp", classPath, "org.apache.kafka.tools.ProducerPerformance", "--topic", "bench",
                "--num-records", Integer.toString(records), "--record-size", "100", "--throughput", "-1",
                "--producer-props", "bootstrap.servers=127.0.0.1:" + port, "acks=1", "linger.ms=5"), 300);
        Matcher m = RATE.matcher(out.substring(Math.max(0, out.lastIndexOf('\n', out.length() - 2))));
        if (!m.find()) {
            throw new IOException("kafka-producer-perf-test printed no rate:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    private static String clusterId() {
        UUID u = UUID.randomUUID();
        byte[] b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
