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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Scenario 18: Redis GET and HTTP keep-alive through a 10 % {@code error} plus 10 % {@code delay}
 * (50 ms) mix, against the same at 100 % {@code dummy}: what the exchanges that pass get, their
 * rate (the connections' rate if every exchange took what a passing one took: one over their
 * mean time, per connection) and their latency. 4 connections, each a thread making one
 * request at a time. Each proxy is warmed at 100 % dummy first, then given its mix through the
 * control API, so that no row measures a JIT still compiling. Rows to tell the causes apart:
 * 100 % dummy with a client that itself idles 50 ms after one exchange in ten (the mix's
 * idleness without any fault in the proxy), the delay alone, and for HTTP the error alone.
 */
final class MixedFaults {
    /** Few enough that the client, the server and the proxy do not saturate the two cores. */
    static final int CONNECTIONS = 4;
    static final double DELAY_SECONDS = 0.05;
    /** Not a mix: 100 % dummy, with a client that idles 50 ms after one exchange in ten. */
    private static final String CLIENT_IDLES = "100:dummy, client idles";
    private static final int WARM_SECONDS = 3;
    private static final byte[] GET = "*2\r\n$3\r\nGET\r\n$14\r\nbench:no-value\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_GET = "GET /small HTTP/1.1\r\nHost: bench\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private MixedFaults() {
    }

    /** What one connection saw: nanoseconds of each passing exchange, and how many were errors and delays. */
    private static final class Tally {
        final Samples passing = new Samples();
        /** Passing exchanges that were not the first on their connection (that one waits for the backend's dial). */
        final Samples later = new Samples();
        int errors;
        int delayed;

        void pass(long nanos, boolean first) {
            passing.add(nanos);
            if (!first) {
                later.add(nanos);
            }
        }
    }

    /** Nanoseconds, appended without boxing. */
    private static final class Samples {
        long[] values = new long[1 << 16];
        int size;

        void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        /** All of them from every tally, sorted. */
        static long[] sorted(List<Samples> each) {
            long[] all = new long[each.stream().mapToInt(s -> s.size).sum()];
            int n = 0;
            for (Samples s : each) {
                System.arraycopy(s.values, 0, all, n, s.size);
                n += s.size;
            }
            Arrays.sort(all);
            return all;
        }
    }

    static String run(Setup setup, boolean quick) throws IOException, InterruptedException {
        int seconds = quick ? 8 : 30;
        StringBuilder rows = new StringBuilder();
        for (String protocol : List.of("redis", "http")) {
            int backend = protocol.equals("redis") ? setup.redis : setup.nginx;
            // the delay alone, and for HTTP the error alone (a new connection each), tell the mix's parts apart
            List<String> mixes = protocol.equals("redis")
                    ? List.of("100:dummy", CLIENT_IDLES, "10:delay,90:dummy", "10:error,10:delay,80:dummy")
                    : List.of("100:dummy", CLIENT_IDLES, "10:delay,90:dummy", "10:error,90:dummy", "10:error,10:delay,80:dummy");
            for (String mix : mixes) {
                System.err.printf("bench: mixed faults, %s, %s%n", protocol, mix);
                int control = Procs.freePort();
                int port = setup.vaurien("vaurien-mixed", backend, protocol, "--behavior", "100:dummy", "--http",
                        "--http-port", Integer.toString(control));
                Procs.waitForPort(port, 30_000);
                Procs.waitForPort(control, 30_000);
                measure(protocol, port, WARM_SECONDS, false);
                if (!mix.startsWith("100:dummy")) {
                    setMix(control, mix);
                }
                rows.append(row(protocol, mix, measure(protocol, port, seconds, mix.equals(CLIENT_IDLES))));
            }
        }
        return String.format("%d connections, one request at a time each, %d s a run after %d s at 100 %% dummy (the mix is"
                + " set then, through the control API); an exchange slower than %.0f ms counts as delayed; the passing"
                + " exchanges' rate is the connections' rate had every exchange taken their mean time."
                + "%n%n| protocol | mix | passing | passing exchanges/s | errors | delayed | passing p50 | passing p99 | p99 but each connection's first |%n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|%n%s", CONNECTIONS, seconds, WARM_SECONDS, DELAY_SECONDS * 900, rows);
    }

    /** The proxy's mix, as a user would change it while the proxy runs. */
    private static void setMix(int control, String mix) throws IOException, InterruptedException {
        Procs.send("PUT", control, "/behavior", "{\"name\": \"" + mix + "\", \"delay\": {\"sleep\": " + DELAY_SECONDS + "}}", 200);
    }

    private static String row(String protocol, String mix, List<Tally> tallies) {
        long[] all = Samples.sorted(tallies.stream().map(t -> t.passing).toList());
        long[] later = Samples.sorted(tallies.stream().map(t -> t.later).toList());
        int n = all.length;
        int errors = tallies.stream().mapToInt(t -> t.errors).sum();
        int delayed = tallies.stream().mapToInt(t -> t.delayed).sum();
        double mean = Arrays.stream(all).average().orElse(Double.NaN);
        return String.format("| %s | `%s` | %,d | %,.0f | %,d | %,d | %.3f ms | %.3f ms | %.3f ms |%n", protocol, mix, n,
                CONNECTIONS * 1e9 / mean, errors, delayed, all[n / 2] / 1e6, p99(all) / 1e6, p99(later) / 1e6);
    }

    private static double p99(long[] sorted) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))];
    }

    private static List<Tally> measure(String protocol, int port, int seconds, boolean clientIdles)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<Tally> tallies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            Tally t = new Tally();
            tallies.add(t);
            Thread thread = new Thread(() -> loop(protocol, port, t, stop, clientIdles), "mixed-" + i);
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
    private static void loop(String protocol, int port, Tally t, AtomicBoolean stop, boolean clientIdles) {
        while (!stop.get()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setTcpNoDelay(true);
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                InputStream in = new BufferedInputStream(s.getInputStream());
                boolean first = true;
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
                        t.pass(took, first);
                    }
                    first = false;
                    if (clientIdles && ThreadLocalRandom.current().nextInt(10) == 0) {
                        Thread.sleep((long) (DELAY_SECONDS * 1000));
                    }
                }
            } catch (IOException e) {
                // the connection ended under a fault: the next one goes on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
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
