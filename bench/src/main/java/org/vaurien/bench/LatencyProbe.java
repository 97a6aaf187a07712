package org.vaurien.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Scenario 4's client: one connection, one Redis GET at a time, each round trip timed with
 * {@code nanoTime}. redis-benchmark reports its percentiles in 8 µs steps, too coarse for
 * proxies that add 20 to 30 µs; this keeps the microseconds.
 */
final class LatencyProbe {
    private static final byte[] GET = "*2\r\n$3\r\nGET\r\n$14\r\nbench:no-value\r\n".getBytes(StandardCharsets.US_ASCII);
    /** The reply to a GET of a missing key. */
    private static final byte[] NIL = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int WARM_UP = 2_000;

    private LatencyProbe() {
    }

    /** p50 and p99 in ms of {@code requests} round trips. */
    static double[] run(int port, int requests) throws IOException {
        long[] nanos = new long[requests];
        byte[] reply = new byte[NIL.length];
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = -WARM_UP; i < requests; i++) {
                long start = System.nanoTime();
                out.write(GET);
                readFully(in, reply);
                long took = System.nanoTime() - start;
                if (!Arrays.equals(reply, NIL)) {
                    throw new IOException("unexpected reply: " + new String(reply, StandardCharsets.US_ASCII));
                }
                if (i >= 0) {
                    nanos[i] = took;
                }
            }
        }
        Arrays.sort(nanos);
        return new double[] {percentile(nanos, 0.50), percentile(nanos, 0.99)};
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }

    private static void readFully(InputStream in, byte[] into) throws IOException {
        int n = 0;
        while (n < into.length) {
            int r = in.read(into, n, into.length - n);
            if (r < 0) {
                throw new IOException("the connection closed mid-reply");
            }
            n += r;
        }
    }
}
