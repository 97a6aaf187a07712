package org.vaurien.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 16: faults under load. 1,000 connections ping-pong 4 KB messages with an echo server
 * through {@code latency} (100 ms, downstream): the round trips made against what the latency
 * allows, and Vaurien's resident memory, idle, at its peak and over the run, once with the
 * launcher's JVM settings and once with the JVM's defaults ({@code java -jar}), the way the
 * agent runs inside an application.
 */
final class FaultLoad {
    static final int CONNECTIONS = 1000;
    static final int MESSAGE = 4096;
    static final int LATENCY_MS = 100;

    private FaultLoad() {
    }

    /** What one run measured. */
    record Outcome(double roundTripsPerSecond, long idleKb, long peakKb, long thirdKb, long lastKb) {
    }

    static String run(Setup setup, boolean quick) throws IOException, InterruptedException {
        int seconds = quick ? 20 : 300;
        try (EchoServer echo = new EchoServer()) {
            // what the latency allows: each connection's round trip takes the latency plus a round trip at rest
            double rest = pingPong(echo.port(), 1, 3, () -> { }).roundTripsPerSecond();
            double allowed = CONNECTIONS / (LATENCY_MS / 1000.0 + 1 / rest);
            List<String> rows = new ArrayList<>();
            for (boolean launcher : new boolean[] {true, false}) {
                System.err.printf("bench: faults under load, %s, %d s%n", launcher ? "./vaurien" : "java -jar", seconds);
                int port = Procs.freePort();
                List<String> command = new ArrayList<>(launcher ? setup.vaurienCommand(port, echo.port(), "tcp")
                        : List.of(setup.java, "-jar", "cli/target/vaurien.jar", "--proxy", "127.0.0.1:" + port, "--backend",
                                "127.0.0.1:" + echo.port(), "--protocol", "tcp", "--behavior", "100:dummy", "--log-level", "warning"));
                int mix = command.indexOf("100:dummy");
                command.set(mix, "100:latency");
                command.addAll(mix + 1, List.of("--behavior-latency-latency", Integer.toString(LATENCY_MS)));
                Process vaurien = setup.procs.start(launcher ? "vaurien-load" : "vaurien-load-defaults", command);
                Procs.waitForPort(port, 30_000);
                Outcome o = measure(port, seconds, vaurien.pid());
                setup.procs.stop(vaurien);
                rows.add(String.format("| %s | %,.0f | %.3f | %.1f MB | %.1f MB | %+.1f MB | %+.1f MB |",
                        launcher ? "`./vaurien` (its JVM settings)" : "`java -jar` (the JVM's defaults)", o.roundTripsPerSecond(),
                        o.roundTripsPerSecond() / allowed, o.idleKb() / 1024.0, o.peakKb() / 1024.0,
                        (o.peakKb() - o.idleKb()) / 1024.0, (o.lastKb() - o.thirdKb()) / 1024.0));
            }
            return String.format("%,d connections each sending %d bytes and waiting for their echo, for %d s; one connection"
                    + " direct: %,.0f round trips/s; what a %d ms latency allows: %,.0f/s.%n%n", CONNECTIONS, MESSAGE, seconds, rest,
                    LATENCY_MS, allowed)
                    + "| Vaurien run by | round trips/s | of what the latency allows | RSS idle | RSS peak | peak - idle"
                    + " | RSS change over the last two thirds |\n|---|---:|---:|---:|---:|---:|---:|\n" + String.join("\n", rows)
                    + "\n\nGoals: >= 0.95 of what the latency allows; peak - idle <= 30 MB; flat.";
        }
    }

    private static Outcome measure(int port, int seconds, long pid) throws IOException {
        long idle = Procs.rssKb(pid);
        long[] samples = new long[seconds + 1];
        int[] n = {0};
        long[] peak = {idle};
        Outcome o = pingPong(port, CONNECTIONS, seconds, () -> {
            long rss = Procs.rssKb(pid);
            peak[0] = Math.max(peak[0], rss);
            if (n[0] < samples.length) {
                samples[n[0]++] = rss;
            }
        });
        int third = Math.max(0, n[0] / 3);
        return new Outcome(o.roundTripsPerSecond(), idle, peak[0], samples[third], samples[Math.max(0, n[0] - 1)]);
    }

    /** {@code connections} ping-ponging for {@code seconds}; {@code sample} runs once a second. */
    static Outcome pingPong(int port, int connections, int seconds, Runnable sample) throws IOException {
        byte[] message = new byte[MESSAGE];
        List<SocketChannel> channels = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                c.configureBlocking(false);
                channels.add(c);
                long[] state = {0, 0};
                c.register(selector, SelectionKey.OP_READ, state);
                c.write(ByteBuffer.wrap(message));
            }
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            long roundTrips = 0;
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long nextSample = start;
            while (System.nanoTime() < end) {
                selector.select(50);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel c = (SocketChannel) key.channel();
                    long[] received = (long[]) key.attachment();
                    in.clear();
                    if (c.read(in) < 0) {
                        throw new IOException("a connection closed during the run");
                    }
                    received[0] += in.position();
                    while (received[0] >= MESSAGE) {
                        received[0] -= MESSAGE;
                        roundTrips++;
                        c.write(ByteBuffer.wrap(message));
                    }
                }
                selector.selectedKeys().clear();
                if (System.nanoTime() >= nextSample) {
                    sample.run();
                    nextSample += 1_000_000_000L;
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            return new Outcome(roundTrips / elapsed, 0, 0, 0, 0);
        } finally {
            for (SocketChannel c : channels) {
                c.close();
            }
        }
    }
}
