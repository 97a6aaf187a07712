package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.OperationTimeoutException;
import net.spy.memcached.internal.OperationFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** memcached behind {@code vaurien --protocol memcache}, with spymemcached (which pipelines everything). */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MemcacheTest {
    private static ServerProcess memcached;

    @BeforeAll
    static void start() throws IOException {
        memcached = ServerProcess.memcached();
    }

    @AfterAll
    static void stop() {
        memcached.close();
    }

    private static VaurienProcess proxy(String... more) throws IOException {
        return VaurienProcess.proxy(memcached.port(), "memcache", more);
    }

    private static String stack(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** Retry mode: with Cancel, spymemcached cancels what is queued before its connect completes. */
    private static MemcachedClient client(int port, long timeoutMillis) throws IOException {
        return new MemcachedClient(new ConnectionFactoryBuilder().setOpTimeout(timeoutMillis)
                .setFailureMode(FailureMode.Retry).setDaemon(true).build(),
                List.of(new InetSocketAddress("127.0.0.1", port)));
    }

    @Test
    void aMatcherAimsTheErrorAtKeysAndEachReplyKeepsItsPlace() throws Exception {
        try (VaurienProcess v = proxy("--behavior", "100:error", "--behavior-error-match", "get a*");
             Socket s = new Socket("127.0.0.1", v.port())) {
            s.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            // a get is decided at the end of its line, which is all of it: the error must not leave a
            // reply counted that the server never sends, or the replies after it would be misframed
            s.getOutputStream().write("get a1\r\nset x 0 0 1\r\nx\r\nget a2\r\nget x\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(in.readLine().startsWith("SERVER_ERROR"));
            assertEquals("STORED", in.readLine());
            assertTrue(in.readLine().startsWith("SERVER_ERROR"), "the second error in its place");
            assertEquals("VALUE x 0 1", in.readLine());
            assertEquals("x", in.readLine());
            assertEquals("END", in.readLine());
        }
    }

    @Test
    void dummyPassesAThousandPipelinedSetsAndGetsAndTenMegabyteValues() throws Exception {
        byte[] big = new byte[10 << 20];
        new Random(9).nextBytes(big);
        try (VaurienProcess v = proxy("--behavior", "100:dummy")) {
            MemcachedClient c = client(v.port(), 10_000);
            try {
                List<OperationFuture<Boolean>> sets = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    sets.add(c.set("d" + i, 0, "value-" + i));
                }
                for (OperationFuture<Boolean> f : sets) {
                    assertTrue(f.get());
                }
                List<Future<Object>> gets = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    gets.add(c.asyncGet("d" + i));
                }
                for (int i = 0; i < 1000; i++) {
                    assertEquals("value-" + i, gets.get(i).get());
                }
                Map<String, Object> bulk = c.getBulk(List.of("d1", "d2", "nope"));
                assertEquals(Map.of("d1", "value-1", "d2", "value-2"), bulk);
                assertTrue(c.set("big", 0, big).get());
                assertArrayEquals(big, (byte[]) c.get("big"));
                assertEquals(11L, c.incr("counter", 1, 10) + 1);
                assertTrue(c.delete("d1").get());
                assertNull(c.get("d1"));
                assertTrue(c.getVersions().values().iterator().next().startsWith("1."));
            } finally {
                c.shutdown();
            }
        }
    }

    @Test
    void errorRaisesTheClientsServerErrorAndTheClientCarriesOn() throws Exception {
        try (VaurienProcess v = proxy("--behavior", "100:transient", "--behavior-transient-agitate", "1")) {
            MemcachedClient c = client(v.port(), 5000);
            try {
                OperationFuture<Boolean> failed = c.set("e1", 0, "x");
                try {
                    assertEquals(false, failed.get());
                    assertEquals("SERVER_ERROR Vaurien injected this error", failed.getStatus().getMessage());
                } catch (ExecutionException e) {
                    net.spy.memcached.ops.OperationException cause = (net.spy.memcached.ops.OperationException) e.getCause();
                    assertEquals(net.spy.memcached.ops.OperationErrorType.SERVER, cause.getType(), stack(e));
                    assertEquals("SERVER_ERROR Vaurien injected this error", cause.getMessage());
                }
                // spymemcached treats a SERVER_ERROR as fatal for its connection and reconnects, as it
                // does for memcached's own "out of memory": the next command passes on the new one
                assertTrue(c.set("e2", 0, "y").get());
                assertEquals("y", c.get("e2"));
            } finally {
                c.shutdown();
            }
        }
    }

    /** The text protocol itself, pipelined on one connection: each reply in its place. */
    @Test
    void aThirtyPercentErrorMixOverAPipelineLandsEachReplyOnItsCommand() throws Exception {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            String value = "mix-" + i;
            batch.append("set m").append(i).append(" 0 0 ").append(value.length()).append("\r\n").append(value).append("\r\n");
        }
        try (VaurienProcess v = proxy("--behavior", "30:error", "--seed", "3");
             Socket s = new Socket("127.0.0.1", v.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(batch.toString().getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII));
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                replies.add(in.readLine());
            }
            MemcachedClient direct = client(memcached.port(), 10_000);
            try {
                int errors = 0;
                for (int i = 0; i < 1000; i++) {
                    Object onServer = direct.get("m" + i);
                    if (replies.get(i).equals("STORED")) {
                        assertEquals("mix-" + i, onServer, "reply " + i + " said stored");
                    } else {
                        assertEquals("SERVER_ERROR Vaurien injected this error", replies.get(i));
                        assertNull(onServer, "reply " + i + " was an error: the server never saw that set");
                        errors++;
                    }
                }
                assertTrue(errors >= 250 && errors <= 350, errors + " errors in 1000");
            } finally {
                direct.shutdown();
            }
        }
    }

    @Test
    void hangBlackoutAndDelayGiveTheFailuresOfProduction() throws Exception {
        try (VaurienProcess v = proxy("--behavior", "100:hang")) {
            MemcachedClient c = client(v.port(), 500);
            try {
                RuntimeException e = assertThrows(RuntimeException.class, () -> c.get("k"));
                assertTrue(e instanceof OperationTimeoutException, v.output() + "\n" + stack(e));
            } finally {
                c.shutdown();
            }
        }
        try (VaurienProcess v = proxy("--behavior", "100:blackout")) {
            MemcachedClient c = client(v.port(), 1000);
            try {
                assertThrows(RuntimeException.class, () -> c.get("k"), "connection lost: cancelled or timed out");
            } finally {
                c.shutdown();
            }
        }
        try (VaurienProcess v = proxy("--behavior", "100:delay", "--behavior-delay-sleep", "0.3", "--log-level", "debug")) {
            MemcachedClient c = client(v.port(), 5000);
            try {
                long start = System.nanoTime();
                try {
                    assertTrue(c.set("slow", 0, "x").get());
                } catch (ExecutionException e) {
                    throw new AssertionError(v.output(), e);
                }
                assertTrue(System.nanoTime() - start >= 300_000_000L);
            } finally {
                c.shutdown();
            }
        }
    }
}
