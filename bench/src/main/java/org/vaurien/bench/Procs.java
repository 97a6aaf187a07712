package org.vaurien.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The processes a benchmark run starts, all stopped at the end, whatever happens. */
final class Procs implements AutoCloseable {
    private final List<Process> started = new ArrayList<>();
    private final Path logs;

    Procs(Path logs) throws IOException {
        this.logs = Files.createDirectories(logs);
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    /** Starts a long-running process, its output to a log file. */
    Process start(String name, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile()).start();
        synchronized (started) {
            started.add(p);
        }
        return p;
    }

    /** Runs a command to its end and returns what it printed. */
    /** Sends a JSON body to a control API on loopback; its answer, or an exception naming what was refused. */
    static String send(String method, int port, String path, String body, int expectedStatus)
            throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expectedStatus) {
            throw new IOException(method + " " + path + " " + body + " was refused: " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = new byte[0];
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not end within " + timeoutSeconds + " s");
        }
        reader.join();
        return new String(out[0], StandardCharsets.UTF_8);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until something accepts on the port; the time waited, in nanoseconds. */
    static long waitForPort(int port, long timeoutMillis) throws IOException {
        long start = System.nanoTime();
        long end = start + timeoutMillis * 1_000_000;
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return System.nanoTime() - start;
            } catch (IOException notYet) {
                // a millisecond apart, not spinning: on two cores a spinning poller takes one from
                // the JVM it waits for (start-up measured 0.315 s with it, 0.19 s without)
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for port " + port, e);
                }
            }
        }
        throw new IOException("nothing accepted on port " + port + " within " + timeoutMillis + " ms");
    }

    /** The resident memory of the process, or of its largest descendant (./vaurien's first run keeps its shell). */
    static long rssKb(long pid) {
        long largest = ownRssKb(pid);
        for (ProcessHandle d : ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of())) {
            largest = Math.max(largest, ownRssKb(d.pid()));
        }
        return largest;
    }

    /** CPU time the process and its descendants have used, in ms. */
    static long cpuMillis(long pid) {
        long ms = 0;
        for (ProcessHandle h : ProcessHandle.of(pid).map(p -> Stream.concat(Stream.of(p), p.descendants()).toList())
                .orElse(List.of())) {
            ms += h.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
        }
        return ms;
    }

    private static long ownRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    void stop(Process p) {
        // ./vaurien's first run stays a shell around its JVM: both get the signal
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (started) {
            started.remove(p);
        }
    }

    @Override
    public void close() {
        List<Process> all;
        synchronized (started) {
            all = new ArrayList<>(started);
        }
        for (Process p : all) {
            stop(p);
        }
    }
}
