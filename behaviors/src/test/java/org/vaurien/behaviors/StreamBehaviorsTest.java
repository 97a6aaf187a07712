package org.vaurien.behaviors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.testkit.Wire;
import org.vaurien.testkit.Wire.Outcome;
import org.vaurien.engine.Plan;
import org.vaurien.testkit.TestBackend;

/** Toxiproxy's toxics and what its users asked for, through the engine with real sockets. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class StreamBehaviorsTest {

    @Test
    void limitDataPassesExactlyThatManyBytesEachWay() throws Exception {
        byte[] data = new byte[100_000];
        new Random(3).nextBytes(data);
        try (TestBackend source = TestBackend.source(data);
             TestProxy p = TestProxy.stacked(source.port(), List.of("limit_data"), Map.of("limit_data", Map.of("bytes", "12345")));
             Socket s = p.connect()) {
            byte[] got = s.getInputStream().readAllBytes();
            assertArrayEquals(Arrays.copyOf(data, 12345), got);
        }
        try (TestBackend sink = TestBackend.timedSink();
             TestProxy p = TestProxy.stacked(sink.port(), List.of("limit_data"), Map.of("limit_data", Map.of("bytes", "54321", "direction", "upstream")));
             Socket s = p.connect()) {
            try {
                s.getOutputStream().write(data);
            } catch (IOException closedUnderUs) {
                // the proxy closed the connection: the point of it
            }
            assertTrue(Wire.eventually(5000, () -> p.server.openConnections() == 0));
            assertTrue(Wire.eventually(5000, () -> sink.bytesReceived.get() == 54321), sink.bytesReceived.get() + " bytes");
        }
    }

    @Test
    void resetPeerResetsAtConnectTimeAndWhenAddedToALiveConnection() throws Exception {
        try (TestBackend echo = TestBackend.echo();
             TestProxy p = TestProxy.stacked(echo.port(), List.of("reset_peer"), Map.of("reset_peer", Map.of("timeout", "200")));
             Socket s = p.connect()) {
            long start = System.nanoTime();
            SocketException e = assertThrows(SocketException.class, () -> s.getInputStream().read());
            assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
            assertTrue(System.nanoTime() - start >= 150_000_000L);
        }
        try (TestBackend echo = TestBackend.echo();
             TestProxy p = TestProxy.stacked(echo.port(), List.of(), Map.of());
             Socket s = p.connect()) {
            assertTrue(TestProxy.roundTripNanos(s) > 0);
            p.server.plan(Plan.of(TestProxy.config(echo.port()).stack(List.of("reset_peer")).behaviorOption("reset_peer", "timeout", "100").build(),
                    TestProxy.registry()));
            SocketException e = assertThrows(SocketException.class, () -> s.getInputStream().read());
            assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
        }
    }

    @Test
    void downRefusesNewClientsClosesOpenOnesAndComesBack() throws Exception {
        try (TestBackend echo = TestBackend.echo(); TestProxy p = TestProxy.stacked(echo.port(), List.of(), Map.of())) {
            Socket open = p.connect();
            assertTrue(TestProxy.roundTripNanos(open) > 0);
            int port = p.server.port();
            p.server.plan(Plan.of(TestProxy.config(echo.port()).stack(List.of("down")).build(), TestProxy.registry()));
            assertEquals(-1, open.getInputStream().read(), "the open connection is closed");
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
            p.server.plan(Plan.of(TestProxy.config(echo.port()).build(), TestProxy.registry()));
            try (Socket again = p.connect()) {
                assertTrue(TestProxy.roundTripNanos(again) > 0, "listening again on the same port");
            }
        }
    }

    @Test
    void corruptFlipsBitsAtItsRateReproduciblyWithASeed() throws Exception {
        byte[] zeros = new byte[1 << 20];
        int[] first = flipped(zeros, 42);
        int expected = (int) (zeros.length * 0.01);
        double sd = Math.sqrt(zeros.length * 0.01 * 0.99);
        assertTrue(Math.abs(first[0] - expected) <= 4 * sd, first[0] + " bytes flipped, expected about " + expected);
        assertEquals(first[0], first[1], "each corrupted byte has exactly one bit flipped");
        assertArrayEquals(first, flipped(zeros, 42), "the same seed flips the same bytes");
    }

    /** {bytes changed, of which with one bit set, position hash} after a corrupt link. */
    private static int[] flipped(byte[] data, long seed) throws Exception {
        try (TestBackend source = TestBackend.source(data);
             TestProxy p = TestProxy.start(source.port(), b -> b.stack(List.of("corrupt")).behaviorOption("corrupt", "rate", "0.01").seed(seed));
             Socket s = p.connect()) {
            byte[] got = s.getInputStream().readAllBytes();
            assertEquals(data.length, got.length);
            int changed = 0;
            int oneBit = 0;
            int hash = 0;
            for (int i = 0; i < got.length; i++) {
                if (got[i] != data[i]) {
                    changed++;
                    oneBit += Integer.bitCount((got[i] ^ data[i]) & 0xff) == 1 ? 1 : 0;
                    hash = hash * 31 + i;
                }
            }
            return new int[] {changed, oneBit, hash};
        }
    }

    @Test
    void toxicityZeroDoesNothingAndOneAlwaysActs() throws Exception {
        try (TestBackend echo = TestBackend.echo()) {
            for (String toxicity : List.of("0", "1")) {
                try (TestProxy p = TestProxy.stacked(echo.port(), List.of("latency", "reset_peer"),
                        Map.of("latency", Map.of("latency", "100", "toxicity", toxicity),
                                "reset_peer", Map.of("timeout", "2000", "toxicity", toxicity)))) {
                    for (int i = 0; i < 20; i++) {
                        try (Socket s = p.connect()) {
                            long ms = TestProxy.roundTripNanos(s) / 1_000_000;
                            assertEquals(toxicity.equals("1"), ms >= 100, "toxicity " + toxicity + ": " + ms + " ms");
                        }
                    }
                }
            }
            try (TestProxy p = TestProxy.stacked(echo.port(), List.of("reset_peer"), Map.of("reset_peer", Map.of("timeout", "0", "toxicity", "0")));
                 Socket s = p.connect()) {
                assertTrue(TestProxy.roundTripNanos(s) > 0, "unlike Toxiproxy, reset_peer with toxicity 0 does not reset");
                s.setSoTimeout(300);
                assertEquals(Outcome.TIMED_OUT, Wire.read(s, TestProxy.PING));
            }
        }
    }

    @Test
    void slicerPassesTheDataWholeInSlicesSpacedByItsDelay() throws Exception {
        byte[] data = new byte[1000];
        new Random(8).nextBytes(data);
        try (TestBackend source = TestBackend.source(data);
             TestProxy p = TestProxy.stacked(source.port(), List.of("slicer"),
                     Map.of("slicer", Map.of("average_size", "10", "size_variation", "5", "delay", "2000")));
             Socket s = p.connect()) {
            long start = System.nanoTime();
            assertArrayEquals(data, s.getInputStream().readAllBytes());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 150, "about 100 slices 2 ms apart took " + ms + " ms");
        }
    }

    @Test
    void slowCloseHoldsTheCloseNotTheData() throws Exception {
        byte[] data = new byte[1000];
        new Random(8).nextBytes(data);
        try (TestBackend source = TestBackend.source(data);
             TestProxy p = TestProxy.stacked(source.port(), List.of("slow_close"), Map.of("slow_close", Map.of("delay", "400")))) {
            long start = System.nanoTime(); // the source may close before connect() returns here
            try (Socket s = p.connect()) {
                assertArrayEquals(data, s.getInputStream().readAllBytes());
                assertTrue(System.nanoTime() - start >= 400_000_000L, "the close came late");
            }
        }
    }

    @Test
    void timeoutStopsTheDataThenClosesOrStaysSilentAtZero() throws Exception {
        try (TestBackend echo = TestBackend.echo();
             TestProxy p = TestProxy.stacked(echo.port(), List.of("timeout"), Map.of("timeout", Map.of("timeout", "300")));
             Socket s = p.connect()) {
            long start = System.nanoTime();
            s.getOutputStream().write(TestProxy.PING);
            assertEquals(Outcome.CLOSED, Wire.read(s, TestProxy.PING), "no data, then closed");
            assertTrue(System.nanoTime() - start >= 250_000_000L);
        }
        try (TestBackend echo = TestBackend.echo();
             TestProxy p = TestProxy.stacked(echo.port(), List.of("timeout"), Map.of("timeout", Map.of("timeout", "0")));
             Socket s = p.connect()) {
            s.setSoTimeout(700);
            s.getOutputStream().write(TestProxy.PING);
            assertEquals(Outcome.TIMED_OUT, Wire.read(s, TestProxy.PING), "timeout 0: silent and open");
        }
    }

    @Test
    void limitTimeClosesAConnectionWhileItsDataFlows() throws Exception {
        try (TestBackend echo = TestBackend.echo();
             TestProxy p = TestProxy.stacked(echo.port(), List.of("limit_time"), Map.of("limit_time", Map.of("duration", "500")));
             Socket s = p.connect()) {
            long start = System.nanoTime();
            int exchanges = 0;
            try {
                while (System.nanoTime() - start < 5_000_000_000L && Wire.exchangeOn(s, TestProxy.PING) == Outcome.ECHOED) {
                    exchanges++;
                }
            } catch (IOException closed) {
                // closed while talking: expected
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(exchanges > 10 && ms >= 450 && ms < 3000, exchanges + " exchanges, closed after " + ms + " ms");
        }
    }

    @Test
    void slowOpenHoldsOnlyTheStartOfAConnection() throws Exception {
        try (TestBackend echo = TestBackend.echo();
             TestProxy p = TestProxy.stacked(echo.port(), List.of("slow_open"), Map.of("slow_open", Map.of("delay", "300")))) {
            // The hold starts when the proxy accepts, so the first answer is timed from before the connect.
            long start = System.nanoTime();
            try (Socket s = p.connect()) {
                s.getOutputStream().write(TestProxy.PING);
                assertEquals(Outcome.ECHOED, Wire.read(s, TestProxy.PING));
                long first = (System.nanoTime() - start) / 1_000_000;
                long second = TestProxy.roundTripNanos(s) / 1_000_000;
                assertTrue(first >= 300 && second < 150, "first " + first + " ms, then " + second + " ms");
            }
        }
    }

    @Test
    void aStackedChainGivesTheSumOfItsEffectsOnTenMegabytesByteExact() throws Exception {
        byte[] data = new byte[10 << 20];
        new Random(10).nextBytes(data);
        try (TestBackend source = TestBackend.source(data);
             TestProxy p = TestProxy.stacked(source.port(), List.of("latency", "bandwidth", "slicer"),
                     Map.of("latency", Map.of("latency", "200"), "bandwidth", Map.of("rate", "5000"),
                             "slicer", Map.of("average_size", "16384", "size_variation", "4096", "delay", "100")));
             Socket s = p.connect()) {
            long start = System.nanoTime();
            byte[] got = s.getInputStream().readAllBytes();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), MessageDigest.getInstance("SHA-256").digest(got));
            double expected = 0.2 + data.length / 5e6;
            assertTrue(seconds >= expected * 0.95 && seconds <= expected * 1.5 + 0.5, seconds + " s for about " + expected + " s");
        }
    }

    @Test
    void aChangeAppliesToOpenConnectionsWithoutDroppingThem() throws Exception {
        try (TestBackend echo = TestBackend.echo(); TestProxy p = TestProxy.stacked(echo.port(), List.of(), Map.of()); Socket s = p.connect()) {
            assertTrue(TestProxy.roundTripNanos(s) < 100_000_000L);
            p.server.plan(Plan.of(TestProxy.config(echo.port()).stack(List.of("latency")).behaviorOption("latency", "latency", "150").build(),
                    TestProxy.registry()));
            assertTrue(TestProxy.roundTripNanos(s) >= 150_000_000L, "the open connection now has latency");
            p.server.plan(Plan.of(TestProxy.config(echo.port()).build(), TestProxy.registry()));
            assertTrue(TestProxy.roundTripNanos(s) < 100_000_000L, "and now not");
        }
    }

    @Test
    void aStreamBehaviorInTheMixShapesTheExchangesItIsDrawnFor() throws Exception {
        try (TestBackend echo = TestBackend.echo();
             TestProxy p = TestProxy.start(echo.port(), "50:latency",
                     Map.of("latency", Map.of("latency", "50", "scope", "exchange")), 9L);
             Socket s = p.connect()) {
            List<Long> ms = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ms.add(TestProxy.roundTripNanos(s) / 1_000_000);
            }
            long slow = ms.stream().filter(x -> x >= 50).count();
            assertTrue(slow >= 30 && slow <= 70, slow + " of 100 exchanges delayed: " + ms);
        }
    }
}
