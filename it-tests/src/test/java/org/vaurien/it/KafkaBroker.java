package org.vaurien.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Kafka broker in KRaft mode (broker and controller in one process), from Maven Central's
 * artifacts only: the kafka-broker module wrote their class path. It runs in a JVM of its own,
 * with a fresh log directory, on loopback listeners each advertising the address given, so a
 * test can make the client discover a proxy's address, or an address only the agent catches.
 */
final class KafkaBroker implements AutoCloseable {
    /** A listener bound to {@code host:port} that tells clients to connect to {@code advertised}. */
    record Listener(String name, String host, int port, String advertised) {
        static Listener plain(String name, String host, int port) {
            return new Listener(name, host, port, host + ":" + port);
        }
    }

    private final Process process;
    private final Path log;
    private final Map<String, Listener> listeners;

    private KafkaBroker(Process process, Path log, Map<String, Listener> listeners) {
        this.process = process;
        this.log = log;
        this.listeners = listeners;
    }

    static KafkaBroker start(List<Listener> listeners) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("kafka");
        int controller = ServerProcess.freePort();
        List<Listener> all = new ArrayList<>(listeners);
        String names = all.stream().map(l -> l.name() + ":PLAINTEXT").collect(Collectors.joining(","));
        String properties = String.join("\n",
                "process.roles=broker,controller", "node.id=1", "controller.quorum.voters=1@127.0.0.1:" + controller,
                "controller.listener.names=CONTROLLER",
                "listeners=" + all.stream().map(l -> l.name() + "://" + l.host() + ":" + l.port()).collect(Collectors.joining(","))
                        + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=" + all.stream().map(l -> l.name() + "://" + l.advertised()).collect(Collectors.joining(",")),
                "listener.security.protocol.map=" + names + ",CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=" + all.get(0).name(),
                "log.dirs=" + dir.resolve("logs"), "num.partitions=1", "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1", "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0", "log.flush.interval.messages=1000000",
                "auto.create.topics.enable=false", "");
        Path config = dir.resolve("server.properties");
        Files.writeString(config, properties);
        Path log = dir.resolve("broker.log");
        run(List.of(java(), "-cp", classPath(), "kafka.tools.StorageTool", "format", "-t", clusterId(), "-c",
                config.toString()), dir.resolve("format.log"));
        Process p = new ProcessBuilder(java(), "-Xms256m", "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classPath(), "kafka.Kafka", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Map<String, Listener> byName = new LinkedHashMap<>();
        all.forEach(l -> byName.put(l.name(), l));
        KafkaBroker broker = new KafkaBroker(p, log, byName);
        // the first listener is the broker's own, on 127.0.0.1
        if (!ServerProcess.waitForPort(p, all.get(0).port(), 90)) {
            broker.close();
            throw new IOException("the Kafka broker did not start:\n" + Files.readString(log));
        }
        return broker;
    }

    /** {@code host:port} where {@code listener} listens. */
    String address(String listener) {
        Listener l = listeners.get(listener);
        return l.host() + ":" + l.port();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() throws IOException {
        Path file = Path.of(System.getProperty("vaurien.kafka.classpath", "../kafka-broker/target/broker.classpath"));
        if (!Files.exists(file)) {
            throw new IllegalStateException("the Kafka broker's class path is missing at " + file
                    + ": build the kafka-broker module first (mvn install)");
        }
        return Files.readString(file).strip();
    }

    /** A cluster id as Kafka writes them: 16 random bytes in URL-safe base64, unpadded. */
    private static String clusterId() {
        UUID u = UUID.randomUUID();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(command.get(3) + " failed:\n" + Files.readString(log));
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
