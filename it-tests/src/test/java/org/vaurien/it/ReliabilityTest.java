package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vaurien.testkit.TestBackend;
import org.vaurien.testkit.Wire;

/**
 * The command in front of hostile clients and broken servers: bytes unchanged, memory bounded,
 * the proxy still serving the others. Short here, for ./test; {@code -Dreliability.long=true}
 * (bench/reliability) runs the sizes of the adversarial run that found the failures and writes
 * what it measured to target/reliability.md.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class ReliabilityTest {
    static final boolean LONG = Boolean.getBoolean("reliability.long");
    private static final Figures FIGURES = new Figures();

    @AfterAll
    static void write() throws IOException {
        FIGURES.write();
    }

    /** Redis arrays nested millions deep: past max_depth the bytes pass as tcp, and nothing grows with the depth. */
    @Test
    void aValueNestedMillionsDeepPassesUnchangedAndCostsNoMemory() throws Exception {
        int levels = LONG ? 41_000_000 : 4_000_000;
        try (TestBackend echo = TestBackend.echo(); VaurienProcess v = VaurienProcess.proxy(echo.port(), "redis")) {
            byte[] ping = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
            assertEquals(Wire.Outcome.ECHOED, Wire.once(v.port(), ping));
            Figures.Before before = Figures.before(v);
            byte[] open = "*1\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] last = ":1\r\n".getBytes(StandardCharsets.US_ASCII);
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), v.port())) {
                long expected = (long) levels * open.length + last.length;
                CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> Wire.digest(s, expected));
                OutputStream out = s.getOutputStream();
                byte[] chunk = new byte[open.length * 16_384];
                for (int i = 0; i < chunk.length; i += open.length) {
                    System.arraycopy(open, 0, chunk, i, open.length);
                }
                for (long left = levels; left > 0; left -= 16_384) {
                    int n = (int) Math.min(16_384, left) * open.length;
                    out.write(chunk, 0, n);
                    sent.update(chunk, 0, n);
                }
                out.write(last);
                sent.update(last);
                assertEquals(Wire.Outcome.ECHOED, Wire.once(v.port(), ping), "another client is served meanwhile");
                assertArrayEquals(sent.digest(), received.get(300, TimeUnit.SECONDS), "the bytes came back unchanged");
            }
            FIGURES.add("Redis value nested " + levels + " deep (" + ((long) levels * 4 >> 20) + " MB), echoed", v, before);
            assertTrue(before.growthMb(v) < 32, "peak memory grew by " + before.growthMb(v) + " MB");
            assertTrue(v.output().contains("limit max_depth reached"), v.output());
        }
    }

    /** memcache requests pipelined to a backend that reads them and never answers: the client is pushed back. */
    @Test
    void aPipelinedFloodToASilentBackendPushesTheClientBack() throws Exception {
        long requests = LONG ? 20_000_000 : 5_000_000;
        byte[] get = "get k\r\n".getBytes(StandardCharsets.US_ASCII);
        try (TestBackend silent = TestBackend.timedSink(); VaurienProcess v = VaurienProcess.proxy(silent.port(), "memcache")) {
            Figures.Before before = Figures.before(v);
            AtomicLong written = new AtomicLong();
            Socket s = new Socket(InetAddress.getLoopbackAddress(), v.port());
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[get.length * 8192];
                for (int i = 0; i < chunk.length; i += get.length) {
                    System.arraycopy(get, 0, chunk, i, get.length);
                }
                try {
                    OutputStream out = s.getOutputStream();
                    for (long left = requests; left > 0; left -= 8192) {
                        int n = (int) Math.min(8192, left) * get.length;
                        out.write(chunk, 0, n);
                        written.addAndGet(n);
                    }
                } catch (IOException closed) {
                    // the test closes it once it has seen the push back
                }
            });
            long total = requests * get.length;
            assertTrue(Wire.eventually(60_000, () -> written.get() == total || stalled(written, 1000)),
                    "the flood neither ended nor stalled");
            assertTrue(written.get() < total, "the client was never pushed back: " + written.get() + " bytes taken");
            long received = silent.bytesReceived.get();
            try (Socket other = new Socket(InetAddress.getLoopbackAddress(), v.port())) {
                other.getOutputStream().write("get other\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(Wire.eventually(5000, () -> silent.bytesReceived.get() > received), "another client is served");
            }
            FIGURES.add("memcache flood of " + requests + " requests (" + (total >> 20) + " MB) to a silent backend", v, before);
            s.close();
            flood.get(30, TimeUnit.SECONDS);
            assertTrue(before.growthMb(v) < 32, "peak memory grew by " + before.growthMb(v) + " MB");
            assertTrue(v.output().contains("limit max_pending reached"), v.output());
        }
    }

    /** Whether a count has stopped moving for {@code millis}. */
    private static boolean stalled(AtomicLong count, long millis) {
        long seen = count.get();
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return count.get() == seen;
    }

    /** A client that reads slowly is not idle: its stream goes on, however slowly, past the idle timeout. */
    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http"})
    void aSlowReaderIsNotCutOffAsIdle(String protocol) throws Exception {
        int size = LONG ? 256 << 20 : 16 << 20;
        byte[] data = new byte[size];
        new Random(5).nextBytes(data);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        TestBackend.Handler serve = (socket, b) -> {
            if (protocol.equals("http")) {
                InputStream in = socket.getInputStream();
                for (int crlf = 0; crlf < 4;) {
                    int c = in.read();
                    crlf = c < 0 ? 4 : c == '\r' || c == '\n' ? crlf + 1 : 0;
                }
                socket.getOutputStream().write(head);
            }
            socket.getOutputStream().write(data);
            socket.shutdownOutput();
            socket.getInputStream().transferTo(OutputStream.nullOutputStream());
        };
        try (TestBackend source = TestBackend.serving(serve);
             VaurienProcess v = VaurienProcess.start("--proxy", "127.0.0.1:0", "--backend", "127.0.0.1:" + source.port(),
                     "--protocol", protocol, "--timeout", "1", "--log-level", "debug")) {
            try (Socket s = new Socket()) {
                s.setReceiveBufferSize(16 << 10);
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), v.port()));
                s.setSoTimeout(10_000);
                if (protocol.equals("http")) {
                    s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                InputStream in = s.getInputStream();
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                byte[] buf = new byte[16 << 10];
                long slowUntil = System.nanoTime() + (LONG ? 40 : 4) * 1_000_000_000L;
                while (System.nanoTime() < slowUntil) {
                    int n = in.read(buf);
                    assertTrue(n > 0, "the stream was cut while it moved, after " + got.size() + " bytes");
                    got.write(buf, 0, n);
                    Thread.sleep(100); // a slow reader: about 160 KB/s, for four idle timeouts and more
                }
                in.transferTo(got);
                byte[] all = got.toByteArray();
                int skip = protocol.equals("http") ? head.length : 0;
                assertEquals(size + skip, all.length, () -> "every byte, after reading slowly\n" + v.output());
                assertTrue(Arrays.equals(data, 0, size, all, skip, all.length), "unchanged");
            }
        }
    }

    /**
     * Short connections by the thousand, peers that vanish mid-stream with a reset, and a
     * backend that dies and comes back on its port: afterwards the proxy holds no more
     * descriptors or threads than before, and serves again without a restart.
     */
    @Test
    void shortConnectionsVanishingPeersAndADeadBackendLeakNothing() throws Exception {
        int connections = LONG ? 100_000 : 3_000;
        byte[] ping = "ping\n".getBytes(StandardCharsets.US_ASCII);
        TestBackend echo = TestBackend.echo();
        int port = echo.port();
        try (VaurienProcess v = VaurienProcess.proxy(port, "tcp")) {
            assertEquals(Wire.Outcome.ECHOED, Wire.once(v.port(), ping));
            Figures.Before before = Figures.before(v);
            CompletableFuture<?>[] clients = new CompletableFuture<?>[4];
            AtomicLong failed = new AtomicLong();
            for (int c = 0; c < clients.length; c++) {
                clients[c] = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < connections / 4; i++) {
                        try {
                            if (Wire.once(v.port(), ping) != Wire.Outcome.ECHOED) {
                                failed.incrementAndGet();
                            }
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        }
                    }
                });
            }
            CompletableFuture.allOf(clients).get(600, TimeUnit.SECONDS);
            assertEquals(0, failed.get(), "every short connection echoed");
            for (int i = 0; i < 50; i++) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), v.port())) {
                    s.getOutputStream().write(new byte[100_000]);
                    s.setSoLinger(true, 0); // the client vanishes: a reset, mid-stream
                }
            }
            echo.close();
            assertEquals(Wire.Outcome.CLOSED, Wire.once(v.port(), ping), "a dead backend: the client's connection is closed");
            try (TestBackend again = TestBackend.echoOn(port)) {
                assertEquals(Wire.Outcome.ECHOED, Wire.once(v.port(), ping), "the backend is back on its port: served again");
            }
            assertTrue(Wire.eventually(10_000, () -> v.descriptors() <= before.descriptors()),
                    "descriptors: " + before.descriptors() + " before, " + v.descriptors() + " after");
            assertTrue(v.threads() <= before.threads(), "threads: " + before.threads() + " before, " + v.threads() + " after");
            FIGURES.add(connections + " short connections, 50 clients reset mid-stream, a backend down and back", v, before);
        } finally {
            echo.close();
        }
    }

    /**
     * Garbage after an absurd length, through every protocol at 100 % dummy, in writes of any
     * size: the echo gives back every byte unchanged, and the proxy's memory does not follow the
     * length it was told.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http", "redis", "memcache", "mysql", "smtp"})
    void garbageAfterAnAbsurdLengthComesBackUnchanged(String protocol) throws Exception {
        String absurd = switch (protocol) {
            case "http" -> "POST / HTTP/1.1\r\nContent-Length: 999999999999\r\n\r\n";
            case "redis" -> "*1\r\n$99999999999\r\n";
            case "memcache" -> "set k 0 0 99999999999\r\n";
            case "smtp" -> "BDAT 99999999999\r\n";
            default -> "";
        };
        byte[] garbage = new byte[LONG ? 50 << 20 : 4 << 20];
        Random random = new Random(protocol.hashCode());
        random.nextBytes(garbage);
        byte[] bytes = concat(ascii(absurd), garbage);
        try (TestBackend echo = TestBackend.echo();
             VaurienProcess v = VaurienProcess.proxy(echo.port(), protocol, "--protocol-http-overwrite-host-header", "false");
             Socket s = new Socket(InetAddress.getLoopbackAddress(), v.port())) {
            Figures.Before before = Figures.before(v);
            CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> Wire.digest(s, bytes.length));
            OutputStream out = s.getOutputStream();
            for (int at = 0; at < bytes.length;) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(70_000));
                out.write(bytes, at, n);
                at += n;
            }
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(bytes), back.get(120, TimeUnit.SECONDS), protocol);
            FIGURES.add((garbage.length >> 20) + " MB of garbage after an absurd length, --protocol " + protocol, v, before);
            assertTrue(before.growthMb(v) < 32, "peak memory grew by " + before.growthMb(v) + " MB");
        }
    }

    /**
     * Bytes that are not HTTP, or not yet, through --protocol http with its Host rewriting on:
     * every byte reaches the backend as it was sent, whether the client then shuts its side
     * (half-close) or waits with the connection open.
     */
    @ParameterizedTest
    @ValueSource(strings = {"nul", "ff", "http09", "truncated", "badlength", "nul-in-head", "blank-then-garbage"})
    void bytesThatAreNotHttpReachTheBackendUnchanged(String kind) throws Exception {
        byte[] bytes = switch (kind) {
            case "nul" -> new byte[64 << 10];
            case "ff" -> filled(64 << 10, (byte) 0xff);
            case "http09" -> ascii("GET /\r\n");
            case "truncated" -> ascii("GET /x HTTP/1.1\r\nHost: client.example\r\nAccept: */*\r\nX-Half: ");
            case "badlength" -> concat(ascii("POST /x HTTP/1.1\r\nHost: client.example\r\nContent-Length: 12abc\r\n\r\n"),
                    filled(100, (byte) 'b'));
            case "nul-in-head" -> concat(ascii("GET /x HTTP/1.1\r\nHost: a\r\n"), new byte[300], ascii("\r\n\r\n"));
            default -> concat(ascii("\r\n\r\n"), filled(5000, (byte) 0x80));
        };
        for (boolean halfClose : new boolean[] {true, false}) {
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try (TestBackend sink = TestBackend.serving((socket, b) -> {
                InputStream in = socket.getInputStream();
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) > 0;) {
                    synchronized (received) {
                        received.write(buf, 0, n);
                    }
                }
            });
                 VaurienProcess v = VaurienProcess.proxy(sink.port(), "http");
                 Socket s = new Socket(InetAddress.getLoopbackAddress(), v.port())) {
                s.getOutputStream().write(bytes);
                if (halfClose) {
                    s.shutdownOutput();
                }
                String how = kind + (halfClose ? ", then a half-close" : ", then the client waits");
                assertTrue(Wire.eventually(5000, () -> size(received) >= bytes.length), how + ": " + size(received)
                        + " of " + bytes.length + " bytes reached the backend");
                synchronized (received) {
                    assertArrayEquals(bytes, received.toByteArray(), how);
                }
            }
        }
    }

    private static int size(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.size();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] filled(int n, byte b) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, b);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
