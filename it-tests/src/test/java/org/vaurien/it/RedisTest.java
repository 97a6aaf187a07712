package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import org.vaurien.testkit.Wire;

/** redis-server behind {@code vaurien --protocol redis}, with Jedis (blocking) and Lettuce (Netty). */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RedisTest {
    private static ServerProcess redis;

    @BeforeAll
    static void start() throws IOException {
        redis = ServerProcess.redis();
        try (Jedis direct = new Jedis("127.0.0.1", redis.port())) {
            for (int i = 0; i < 1000; i++) {
                direct.set("k" + i, "v" + i);
            }
        }
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    private static VaurienProcess proxy(String... more) throws IOException {
        return VaurienProcess.proxy(redis.port(), "redis", more);
    }

    private static Jedis jedis(VaurienProcess v) {
        return jedis(v, 3000);
    }

    /** Jedis without its CLIENT SETINFO on connect, so the first command is the test's. */
    private static Jedis jedis(VaurienProcess v, int timeoutMillis) {
        return new Jedis(new HostAndPort("127.0.0.1", v.port()), DefaultJedisClientConfig.builder()
                .timeoutMillis(timeoutMillis).clientSetInfoConfig(ClientSetInfoConfig.DISABLED).build());
    }

    @Test
    void dummyPassesCommandsPipelinesOfAThousandTenMegabyteValuesAndPubSub() throws Exception {
        byte[] big = new byte[10 << 20];
        new Random(5).nextBytes(big);
        try (VaurienProcess v = proxy("--behavior", "100:dummy"); Jedis j = jedis(v)) {
            assertEquals("PONG", j.ping());
            Pipeline p = j.pipelined();
            List<Response<String>> replies = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                replies.add(p.get("k" + i));
            }
            p.sync();
            for (int i = 0; i < 1000; i++) {
                assertEquals("v" + i, replies.get(i).get());
            }
            j.set("big".getBytes(), big);
            assertArrayEquals(big, j.get("big".getBytes()));
            assertEquals(List.of(1L, List.of(2L, "x")), j.eval("return {1,{2,'x'}}"), "nested replies");
            try (Jedis subscriber = jedis(v); Jedis publisher = jedis(v)) {
                List<String> got = new ArrayList<>();
                redis.clients.jedis.JedisPubSub listener = new redis.clients.jedis.JedisPubSub() {
                    @Override
                    public void onMessage(String channel, String message) {
                        got.add(message);
                        if (got.size() == 3) {
                            unsubscribe();
                        }
                    }

                    @Override
                    public void onSubscribe(String channel, int count) {
                        for (int i = 0; i < 3; i++) {
                            publisher.publish("news", "m" + i);
                        }
                    }
                };
                subscriber.subscribe(listener, "news");
                assertEquals(List.of("m0", "m1", "m2"), got);
            }
        }
    }

    @Test
    void lettuceOverNettyPipelinesAThousandCommands() throws Exception {
        try (VaurienProcess v = proxy("--behavior", "100:dummy")) {
            RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", v.port()));
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                RedisAsyncCommands<String, String> async = c.async();
                c.setAutoFlushCommands(false);
                List<RedisFuture<String>> futures = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    futures.add(async.get("k" + i));
                }
                c.flushCommands();
                for (int i = 0; i < 1000; i++) {
                    assertEquals("v" + i, futures.get(i).get(10, TimeUnit.SECONDS));
                }
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void errorRaisesEachClientsOwnErrorAndTheConnectionStaysUsable() throws Exception {
        try (VaurienProcess v = proxy("--behavior", "100:transient", "--behavior-transient-agitate", "1"); Jedis j = jedis(v)) {
            JedisDataException e = assertThrows(JedisDataException.class, () -> j.get("k1"));
            assertEquals("ERR Vaurien injected this error", e.getMessage());
            assertEquals("v2", j.get("k2"), "the same connection answers the next command");
        }
        try (VaurienProcess v = proxy("--behavior", "100:error", "--protocol-redis-error", "BUSY Redis is busy")) {
            RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", v.port()));
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                RedisCommandExecutionException e = assertThrows(RedisCommandExecutionException.class, () -> c.sync().get("k1"));
                assertEquals("BUSY Redis is busy", e.getMessage());
            } catch (io.lettuce.core.RedisConnectionException handshakeRefused) {
                // Lettuce's HELLO during connect got the error too: that is the client's own error as well
                assertInstanceOf(RedisCommandExecutionException.class, handshakeRefused.getCause());
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void theConnectionsSetUpPassesUnderAnyMixUnlessTheOptionDrawsIt() throws Exception {
        // Jedis names its connection, selects a database and sets its library's info; Lettuce says HELLO
        DefaultJedisClientConfig setUp = DefaultJedisClientConfig.builder().timeoutMillis(3000)
                .clientName("vaurien-test").database(1).build();
        try (VaurienProcess v = proxy("--behavior", "100:error")) {
            try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", v.port()), setUp)) {
                JedisDataException e = assertThrows(JedisDataException.class, () -> j.get("k1"));
                assertEquals("ERR Vaurien injected this error", e.getMessage());
            }
            RedisClient client = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + v.port()));
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                RedisCommandExecutionException e = assertThrows(RedisCommandExecutionException.class, () -> c.sync().get("k1"));
                assertEquals("ERR Vaurien injected this error", e.getMessage());
            } finally {
                client.shutdown(0, 2, TimeUnit.SECONDS);
            }
        }
        try (VaurienProcess v = proxy("--behavior", "100:error", "--protocol-redis-fault-handshakes", "true")) {
            JedisDataException e = assertThrows(JedisDataException.class,
                    () -> new Jedis(new HostAndPort("127.0.0.1", v.port()), setUp).close());
            assertEquals("ERR Vaurien injected this error", e.getMessage());
        }
    }

    @Test
    void aHandshakeIsToldFromItsHeadWhateverTheReadsAndKeepsItsPlaceInAPipeline() throws Exception {
        String hello = "*2\r\n$5\r\nHELLO\r\n$1\r\n2\r\n";
        String get = "*2\r\n$3\r\nGET\r\n$2\r\nk1\r\n";
        try (VaurienProcess v = proxy("--behavior", "100:error"); Socket s = new Socket("127.0.0.1", v.port())) {
            s.setSoTimeout(5000);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            // byte by byte: the proxy reads the head in pieces and holds them until it knows the command
            for (byte b : (hello + get).getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
            }
            assertTrue(readReply(in).startsWith("*"), "HELLO's own reply, a map of the server's properties");
            assertEquals("-ERR Vaurien injected this error", readReply(in));
            // pipelined in one write: each reply in its place
            out.write((get + hello + get).getBytes(StandardCharsets.US_ASCII));
            assertEquals("-ERR Vaurien injected this error", readReply(in));
            assertTrue(readReply(in).startsWith("*"));
            assertEquals("-ERR Vaurien injected this error", readReply(in));
        }
    }

    /** The first line of the next reply; the rest of an array's elements are skipped over. */
    private static String readReply(InputStream in) throws IOException {
        String first = line(in);
        if (first.startsWith("*")) {
            for (int i = 0; i < Integer.parseInt(first.substring(1)); i++) {
                readReply(in);
            }
        } else if (first.startsWith("$") && !first.equals("$-1")) {
            in.readNBytes(Integer.parseInt(first.substring(1)) + 2);
        }
        return first;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("closed after " + b);
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Test
    void aMatcherAimsTheErrorAtCommandsAndKeysAndMayNameAHandshake() throws Exception {
        for (String match : List.of("SET user:*", "command=SET & key=user:*")) {
            try (VaurienProcess v = proxy("--behavior", "100:error", "--behavior-error-match", match); Jedis j = jedis(v)) {
                assertThrows(JedisDataException.class, () -> j.set("user:1042", "x"), match);
                assertEquals("OK", j.set("order:7", "x"), "another key");
                assertEquals("v1", j.get("k1"), "another command");
            }
        }
        // a matcher that names a handshake draws it: Lettuce's HELLO meets the error, and its connect fails with it
        try (VaurienProcess v = proxy("--behavior", "100:error", "--behavior-error-match", "command=HELLO")) {
            RedisClient client = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + v.port()));
            try {
                RedisConnectionException e = assertThrows(RedisConnectionException.class, client::connect);
                assertEquals("ERR Vaurien injected this error", e.getCause().getMessage());
            } finally {
                client.shutdown(0, 2, TimeUnit.SECONDS);
            }
            try (Jedis j = jedis(v)) {
                assertEquals("v1", j.get("k1"), "Jedis says no HELLO; its commands are not matched");
            }
        }
    }

    @Test
    void countersFailTheFirstTwoCommandsAndLetTheRetryThrough() throws Exception {
        try (VaurienProcess v = proxy("--stack", "error", "--behavior-error-first", "2"); Jedis j = jedis(v)) {
            for (int i = 0; i < 2; i++) {
                assertThrows(JedisDataException.class, () -> j.get("k1"));
            }
            assertEquals("v1", j.get("k1"), "the third attempt, a retry, goes through");
            assertEquals("v2", j.get("k2"));
        }
    }

    @Test
    void aThirtyPercentErrorMixOverAPipelineLandsEachReplyOnItsCommand() throws Exception {
        try (VaurienProcess v = proxy("--behavior", "30:error", "--seed", "7"); Jedis j = jedis(v)) {
            Pipeline p = j.pipelined();
            List<Response<String>> replies = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                replies.add(p.get("k" + i));
            }
            p.sync();
            int errors = 0;
            for (int i = 0; i < 1000; i++) {
                try {
                    assertEquals("v" + i, replies.get(i).get(), "reply " + i);
                } catch (JedisDataException e) {
                    assertEquals("ERR Vaurien injected this error", e.getMessage());
                    errors++;
                }
            }
            assertTrue(errors >= 250 && errors <= 350, errors + " errors in 1000");
        }
    }

    @Test
    void hangBlackoutAbortAndDelayGiveTheFailuresOfProduction() throws Exception {
        try (VaurienProcess v = proxy("--behavior", "100:hang"); Jedis j = jedis(v, 500)) {
            JedisConnectionException e = assertThrows(JedisConnectionException.class, () -> j.get("k1"));
            assertInstanceOf(SocketTimeoutException.class, e.getCause(), e.toString());
        }
        try (VaurienProcess v = proxy("--behavior", "100:blackout"); Jedis j = jedis(v)) {
            assertThrows(JedisConnectionException.class, () -> j.get("k1"));
        }
        try (VaurienProcess v = proxy("--behavior", "100:abort"); Jedis j = jedis(v)) {
            assertThrows(JedisConnectionException.class, () -> j.set("aborted", "yes"));
            try (Jedis direct = new Jedis("127.0.0.1", redis.port())) {
                assertTrue(Wire.eventually(2000, () -> "yes".equals(direct.get("aborted"))), "the server did the work");
            }
        }
        try (VaurienProcess v = proxy("--behavior", "100:delay", "--behavior-delay-sleep", "0.3"); Jedis j = jedis(v)) {
            long start = System.nanoTime();
            assertEquals("v1", j.get("k1"));
            assertTrue(System.nanoTime() - start >= 300_000_000L);
        }
        try (VaurienProcess v = proxy("--behavior", "100:hang")) {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(v.port())
                    .withTimeout(Duration.ofMillis(700)).build());
            try {
                assertThrows(RedisCommandTimeoutException.class, () -> {
                    try (StatefulRedisConnection<String, String> c = client.connect()) {
                        c.sync().get("k1");
                    }
                });
            } catch (AssertionError connectTimedOut) {
                // Lettuce may time out in its connection handshake instead, with its own exception
            } finally {
                client.shutdown();
            }
        }
    }
}
