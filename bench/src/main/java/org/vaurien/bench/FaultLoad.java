package org.vaurien.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final String[] RUN_BY = {"`./vaurien` (its JVM settings)", "`java -jar` (the JVM's defaults)",
        "`java -XX:AutoBoxCacheMax=65536 -jar` (the defaults, descriptors' boxes cached)"};

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
            for (int run = 0; run < RUN_BY.length; run++) {
                boolean launcher = run == 0;
                System.err.printf("bench: faults under load, %s, %d s%n", RUN_BY[run], seconds);
                int port = Procs.freePort();
                List<String> command = new ArrayList<>(launcher ? setup.vaurienCommand(port, echo.port(), "tcp")
                        : List.of(setup.java, "-jar", "cli/target/vaurien.jar", "--proxy", "127.0.0.1:" + port, "--backend",
                                "127.0.0.1:" + echo.port(), "--protocol", "tcp", "--behavior", "100:dummy", "--log-level", "warning"));
                if (run == 2) {
                    // the JDK's selector boxes every ready descriptor above 127; with the box cache that far, it allocates nothing
                    command.add(1, "-XX:AutoBoxCacheMax=65536");
                }
                int mix = command.indexOf("100:dummy");
                command.set(mix, "100:latency");
                command.addAll(mix + 1, List.of("--behavior-latency-latency", Integer.toString(LATENCY_MS)));
                Process vaurien = setup.procs.start("vaurien-load-" + run, command);
                Procs.waitForPort(port, 30_000);
                Outcome o = measure(port, seconds, vaurien.pid());
                setup.procs.stop(vaurien);
                rows.add(String.format("| %s | %,.0f | %.3f | %.1f MB | %.1f MB | %+.1f MB | %+.1f MB |",
                        RUN_BY[run], o.roundTripsPerSecond(),
                        o.roundTripsPerSecond() / allowed, o.idleKb() / 1024.0, o.peakKb() / 1024.0,
                        (o.peakKb() - o.idleKb()) / 1024.0, (o.lastKb() - o.thirdKb()) / 1024.0));
            }
            if (setup.toxiproxy != null) {
                System.err.printf("bench: faults under load, Toxiproxy, %d s%n", seconds);
                int port = setup.toxiproxy.proxyWithToxic("load", echo.port(), "latency", "{\"latency\": " + LATENCY_MS + "}");
                Outcome o = measure(port, seconds, setup.toxiproxy.pid);
                rows.add(String.format("| Toxiproxy 2.12 | %,.0f | %.3f | %.1f MB | %.1f MB | %+.1f MB | %+.1f MB |",
                        o.roundTripsPerSecond(), o.roundTripsPerSecond() / allowed, o.idleKb() / 1024.0, o.peakKb() / 1024.0,
                        (o.peakKb() - o.idleKb()) / 1024.0, (o.lastKb() - o.thirdKb()) / 1024.0));
            }
            return String.format("%,d connections each sending %d bytes and waiting for their echo, for %d s; one connection"
                    + " direct: %,.0f round trips/s; what a %d ms latency allows: %,.0f/s.%n%n", CONNECTIONS, MESSAGE, seconds, rest,
                    LATENCY_MS, allowed)
                    + "| run by | round trips/s | of what the latency allows | RSS idle | RSS peak | peak - idle"
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

    static final int RATE_KB = 100;

    /**
     * Scenario 17: 1,000 connections streaming to the echo server through {@code bandwidth} at 100
     * KB/s each (downstream): every connection's rate, and the total, against 100 KB/s each.
     */
    static String bandwidth(Setup setup, boolean quick) throws IOException, InterruptedException {
        int seconds = quick ? 20 : 60;
        try (EchoServer echo = new EchoServer()) {
            int port = Procs.freePort();
            List<String> command = new ArrayList<>(setup.vaurienCommand(port, echo.port(), "tcp"));
            int mix = command.indexOf("100:dummy");
            command.set(mix, "100:bandwidth");
            command.addAll(mix + 1, List.of("--behavior-bandwidth-rate", Integer.toString(RATE_KB)));
            Process vaurien = setup.procs.start("vaurien-bandwidth", command);
            Procs.waitForPort(port, 30_000);
            // the same at 200 connections: what the pacing does when the two cores are not saturated
            String rows = rateRow("Vaurien", port, vaurien.pid(), CONNECTIONS, seconds) + rateRow("Vaurien", port, vaurien.pid(), 200, seconds);
            setup.procs.stop(vaurien);
            if (setup.toxiproxy != null) {
                int tp = setup.toxiproxy.proxyWithToxic("bandwidth", echo.port(), "bandwidth", "{\"rate\": " + RATE_KB + "}");
                rows += rateRow("Toxiproxy 2.12", tp, setup.toxiproxy.pid, CONNECTIONS, seconds)
                        + rateRow("Toxiproxy 2.12", tp, setup.toxiproxy.pid, 200, seconds);
            }
            return String.format("%,d connections each streaming to the echo server through `bandwidth` at %d KB/s (downstream),"
                    + " measured over %d s after 3 s of start.%n%n| | connections | slowest | median | fastest | total | of n x %d KB/s"
                    + " | connections within 5 %% | RSS before | RSS peak |%n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n%s%n"
                    + "Goals: every connection within 5 %% of %d KB/s, the total exact.", CONNECTIONS, RATE_KB, seconds,
                    RATE_KB, rows, RATE_KB);
        }
    }

    private static String rateRow(String proxy, int port, long pid, int connections, int seconds) throws IOException {
        long idle = Procs.rssKb(pid);
        long[] peak = {idle};
        double[] rates = stream(port, connections, seconds, () -> peak[0] = Math.max(peak[0], Procs.rssKb(pid)));
        Arrays.sort(rates);
        double total = 0;
        int within = 0;
        for (double r : rates) {
            total += r;
            within += Math.abs(r / (RATE_KB * 1000.0) - 1) <= 0.05 ? 1 : 0;
        }
        return String.format("| %s | %,d | %.1f KB/s | %.1f KB/s | %.1f KB/s | %.2f MB/s | %.3f | %d | %.1f MB | %.1f MB |%n", proxy,
                connections, rates[0] / 1000, rates[rates.length / 2] / 1000, rates[rates.length - 1] / 1000, total / 1e6,
                total / (connections * RATE_KB * 1000.0), within, idle / 1024.0, peak[0] / 1024.0);
    }

    /** Each connection writes as fast as it may and counts what comes back; each one's rate over {@code seconds} after 3 s. */
    static double[] stream(int port, int connections, int seconds, Runnable sample) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(16 * 1024);
        List<SocketChannel> channels = new ArrayList<>();
        long[][] counts = new long[connections][];
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                c.configureBlocking(false);
                channels.add(c);
                counts[i] = new long[2];
                c.register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE, counts[i]);
            }
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            long start = System.nanoTime();
            long from = start + 3_000_000_000L;
            long end = from + seconds * 1_000_000_000L;
            boolean counting = false;
            long nextSample = start;
            while (System.nanoTime() < end) {
                selector.select(50);
                long now = System.nanoTime();
                if (!counting && now >= from) {
                    counting = true;
                    for (long[] c : counts) {
                        c[1] = c[0];
                    }
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel c = (SocketChannel) key.channel();
                    long[] count = (long[]) key.attachment();
                    if (key.isReadable()) {
                        in.clear();
                        if (c.read(in) < 0) {
                            throw new IOException("a connection closed during the run");
                        }
                        count[0] += in.position();
                    }
                    if (key.isValid() && key.isWritable()) {
                        c.write(out.clear());
                    }
                }
                selector.selectedKeys().clear();
                if (now >= nextSample) {
                    sample.run();
                    nextSample += 1_000_000_000L;
                }
            }
            double elapsed = (System.nanoTime() - from) / 1e9;
            double[] rates = new double[connections];
            for (int i = 0; i < connections; i++) {
                rates[i] = (counts[i][0] - counts[i][1]) / elapsed;
            }
            return rates;
        } finally {
            for (SocketChannel c : channels) {
                c.close();
            }
        }
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
