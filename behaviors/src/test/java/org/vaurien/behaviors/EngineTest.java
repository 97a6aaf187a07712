package org.vaurien.behaviors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.testkit.Wire;
import org.vaurien.testkit.Wire.Outcome;
import org.vaurien.config.HostPort;
import org.vaurien.config.ProxyConfig;
import org.vaurien.engine.Engine;
import org.vaurien.engine.Plan;
import org.vaurien.engine.ProxyServer;
import org.vaurien.testkit.TestBackend;

/** The engine's plumbing with real sockets: bulk data, half-close, backpressure, failures. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EngineTest {
    private static final byte[] PING = "ping\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void dummyPassesBulkDataByteExactBothWays() throws Exception {
        byte[] chunk = new byte[1 << 20];
        new Random(7).nextBytes(chunk);
        int chunks = 32;
        try (TestBackend backend = TestBackend.echo();
             TestProxy proxy = TestProxy.start(backend.port(), "100:dummy");
             Socket s = proxy.connect()) {
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> Wire.digest(s, (long) chunks * chunk.length));
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < chunks; i++) {
                out.write(chunk);
                sent.update(chunk);
            }
            assertTrue(Arrays.equals(sent.digest(), received.get(60, TimeUnit.SECONDS)));
        }
    }

    @Test
    void aHalfClosedClientStillGetsTheReply() throws IOException {
        try (TestBackend backend = TestBackend.countThenAnswer();
             TestProxy proxy = TestProxy.start(backend.port(), "100:dummy");
             Socket s = proxy.connect()) {
            s.getOutputStream().write(new byte[100_000]);
            s.shutdownOutput();
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertEquals("received 100000\n", reply);
        }
    }

    @Test
    void aBackendThatDoesNotReadStopsTheProxyReadingInsteadOfBuffering() throws Exception {
        try (TestBackend backend = TestBackend.neverReads();
             TestProxy proxy = TestProxy.start(backend.port(), "100:dummy");
             Socket s = proxy.connect()) {
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[65536];
                try {
                    for (int i = 0; i < 4096; i++) {
                        s.getOutputStream().write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException ignored) {
                    // closed at the end of the test
                }
            });
            writer.setDaemon(true);
            writer.start();
            long[] last = {-1};
            long[] stableSince = {System.nanoTime()};
            assertTrue(Wire.eventually(30_000, () -> {
                long now = written.get();
                if (now != last[0]) {
                    last[0] = now;
                    stableSince[0] = System.nanoTime();
                }
                return System.nanoTime() - stableSince[0] > 1_000_000_000L;
            }), "the client's writes stall");
            assertTrue(written.get() < 64L << 20, "only socket buffers fill up: " + written.get() + " bytes");
            assertTrue(writer.isAlive());
        }
    }

    @Test
    void aBackendThatIsDownClosesTheClientAndLeaksNoThreadOrDescriptor() throws IOException {
        int deadPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = probe.getLocalPort();
        }
        try (TestProxy proxy = TestProxy.start(deadPort, "100:dummy")) {
            Wire.once(proxy.server.port(), PING);
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            long fds = openDescriptors();
            for (int i = 0; i < 1000; i++) {
                assertEquals(Outcome.CLOSED, Wire.once(proxy.server.port(), PING));
            }
            assertTrue(Wire.eventually(5000, () -> proxy.server.openConnections() == 0));
            assertEquals(threads, ManagementFactory.getThreadMXBean().getThreadCount());
            long after = openDescriptors();
            assertTrue(after <= fds + 2, fds + " descriptors before, " + after + " after");
            assertEquals(1001, proxy.server.stats().backendFailures());
        }
    }

    private static long openDescriptors() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    @Test
    void aNewPlanAppliesToTheNextExchangeOfAnOpenConnection() throws IOException {
        try (TestBackend backend = TestBackend.echo();
             TestProxy proxy = TestProxy.start(backend.port(), "");
             Socket s = proxy.connect()) {
            s.getOutputStream().write(PING);
            assertEquals(Outcome.ECHOED, Wire.read(s, PING));
            ProxyConfig changed = ProxyConfig.builder().listen(new HostPort("127.0.0.1", 0))
                    .backend(new HostPort("127.0.0.1", backend.port())).behavior("100:error").build();
            proxy.server.plan(Plan.of(changed, TestProxy.registry()));
            s.getOutputStream().write(PING);
            assertEquals(Outcome.OTHER_BYTES, Wire.read(s, PING));
        }
    }

    @Test
    void reuseSocketServesLaterClientsOnTheSameBackendConnection() throws IOException {
        try (TestBackend backend = TestBackend.echo();
             TestProxy proxy = TestProxy.start(backend.port(), b -> b.protocolOption("tcp", "reuse_socket", "true"))) {
            for (int i = 0; i < 5; i++) {
                try (Socket s = proxy.connect()) {
                    s.getOutputStream().write(PING);
                    assertEquals(Outcome.ECHOED, Wire.read(s, PING));
                    s.shutdownOutput();
                    assertEquals(-1, s.getInputStream().read());
                }
                assertTrue(Wire.eventually(2000, () -> proxy.server.openConnections() == 0));
            }
            assertEquals(1, backend.connections.get());
        }
        try (TestBackend backend = TestBackend.echo();
             TestProxy proxy = TestProxy.start(backend.port(), "100:dummy")) {
            for (int i = 0; i < 3; i++) {
                assertEquals(Outcome.ECHOED, Wire.once(proxy.server.port(), PING));
            }
            assertTrue(Wire.eventually(2000, () -> backend.connections.get() == 3), "without it, one each");
        }
    }

    @Test
    void aPortInUseIsAUserMistakeWithAClearMessage() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ProxyConfig config = ProxyConfig.builder().listen(new HostPort("127.0.0.1", taken.getLocalPort()))
                    .backend(new HostPort("127.0.0.1", 9)).build();
            org.vaurien.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.vaurien.BadInputException.class,
                    () -> new Engine(1, true).start(config, TestProxy.registry()));
            assertEquals("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": address already in use", e.getMessage());
        }
    }

    @Test
    void backendConnectTimesOutAndClosesTheClient() throws IOException {
        // a listener that never accepts, with its queue full, leaves further connects hanging
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket[] fillers = new Socket[4];
            for (int i = 0; i < fillers.length; i++) {
                fillers[i] = new Socket();
                try {
                    fillers[i].connect(full.getLocalSocketAddress(), 200);
                } catch (IOException queueAlreadyFull) {
                    break;
                }
            }
            ProxyConfig config = ProxyConfig.builder().listen(new HostPort("127.0.0.1", 0))
                    .backend(new HostPort("127.0.0.1", full.getLocalPort())).timeoutSeconds(0.5).build();
            try (ProxyServer server = new Engine(1, true).start(config, TestProxy.registry());
                 Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                s.setSoTimeout(5000);
                long start = System.nanoTime();
                assertEquals(-1, s.getInputStream().read());
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis >= 400 && millis < 4000, "closed after " + millis + " ms");
            } finally {
                for (Socket f : fillers) {
                    if (f != null) {
                        f.close();
                    }
                }
            }
        }
    }
}
