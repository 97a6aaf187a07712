package org.vaurien.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Scenario 18: Redis GET and HTTP keep-alive through a 10 % {@code error} plus 10 % {@code delay}
 * (50 ms) mix, against the same at 100 % {@code dummy}: what the exchanges that pass get, their
 * rate (the connections' rate if every exchange took what a passing one took: one over their
 * mean time, per connection) and their latency. 4 connections, each a thread making one
 * request at a time.
 */
final class MixedFaults {
    /** Few enough that the client, the server and the proxy do not saturate the two cores. */
    static final int CONNECTIONS = 4;
    static final double DELAY_SECONDS = 0.05;
    private static final byte[] GET = "*2\r\n$3\r\nGET\r\n$14\r\nbench:no-value\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_GET = "GET /small HTTP/1.1\r\nHost: bench\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private MixedFaults() {
    }

    /** What one connection saw: nanoseconds of each passing exchange, and how many were errors and delays. */
    private static final class Tally {
        long[] passing = new long[1 << 16];
        int passed;
        int errors;
        int delayed;

        void pass(long nanos) {
            if (passed == passing.length) {
                passing = Arrays.copyOf(passing, passed * 2);
            }
            passing[passed++] = nanos;
        }
    }

    static String run(Setup setup, boolean quick) throws IOException, InterruptedException {
        int seconds = quick ? 8 : 30;
        StringBuilder rows = new StringBuilder();
        for (String protocol : List.of("redis", "http")) {
            int backend = protocol.equals("redis") ? setup.redis : setup.nginx;
            for (String mix : List.of("100:dummy", "10:error,10:delay,80:dummy")) {
                System.err.printf("bench: mixed faults, %s, %s%n", protocol, mix);
                int port = setup.vaurien("vaurien-mixed", backend, protocol, "--behavior", mix, "--behavior-delay-sleep",
                        Double.toString(DELAY_SECONDS));
                Procs.waitForPort(port, 30_000);
                rows.append(row(protocol, mix, measure(protocol, port, seconds), seconds));
            }
        }
        return String.format("%d connections, one request at a time each, %d s a run; an exchange slower than %.0f ms counts"
                + " as delayed; the passing exchanges' rate is the connections' rate had every exchange taken their mean time."
                + "%n%n| protocol | mix | passing | passing exchanges/s | errors | delayed | passing p50 | passing p99 |%n"
                + "|---|---|---:|---:|---:|---:|---:|---:|%n%s", CONNECTIONS, seconds, DELAY_SECONDS * 900, rows);
    }

    private static String row(String protocol, String mix, List<Tally> tallies, int seconds) {
        long[] all = new long[tallies.stream().mapToInt(t -> t.passed).sum()];
        int n = 0;
        int errors = 0;
        int delayed = 0;
        for (Tally t : tallies) {
            System.arraycopy(t.passing, 0, all, n, t.passed);
            n += t.passed;
            errors += t.errors;
            delayed += t.delayed;
        }
        Arrays.sort(all);
        double mean = Arrays.stream(all).average().orElse(Double.NaN);
        return String.format("| %s | `%s` | %,d | %,.0f | %,d | %,d | %.3f ms | %.3f ms |%n", protocol, mix, n,
                CONNECTIONS * 1e9 / mean, errors, delayed, all[n / 2] / 1e6, all[Math.min(n - 1, (int) (n * 0.99))] / 1e6);
    }

    private static List<Tally> measure(String protocol, int port, int seconds) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<Tally> tallies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            Tally t = new Tally();
            tallies.add(t);
            Thread thread = new Thread(() -> loop(protocol, port, t, stop), "mixed-" + i);
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
        return tallies;
    }

    /** Requests on one connection until told to stop; a new connection when the proxy closed one (HTTP's error does). */
    private static void loop(String protocol, int port, Tally t, AtomicBoolean stop) {
        while (!stop.get()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setTcpNoDelay(true);
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                InputStream in = new BufferedInputStream(s.getInputStream());
                while (!stop.get()) {
                    long start = System.nanoTime();
                    boolean ok = protocol.equals("redis") ? redis(out, in) : http(out, in);
                    long took = System.nanoTime() - start;
                    if (!ok) {
                        t.errors++;
                        if (protocol.equals("http")) {
                            break;
                        }
                    } else if (took >= DELAY_SECONDS * 0.9e9) {
                        t.delayed++;
                    } else {
                        t.pass(took);
                    }
                }
            } catch (IOException e) {
                // the connection ended under a fault: the next one goes on
            }
        }
    }

    /** A GET of a missing key: true for its nil, false for an error reply. */
    private static boolean redis(OutputStream out, InputStream in) throws IOException {
        out.write(GET);
        int first = in.read();
        for (int b = first; b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("closed");
            }
        }
        return first == '$';
    }

    /** One keep-alive request: true for a 200 (its body read), false for any other status. */
    private static boolean http(OutputStream out, InputStream in) throws IOException {
        out.write(HTTP_GET);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int at = text.toLowerCase().indexOf("content-length:");
        int length = at < 0 ? 0 : Integer.parseInt(text.substring(at + 15, text.indexOf('\r', at)).strip());
        in.readNBytes(length);
        return text.startsWith("HTTP/1.1 200");
    }
}
