package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.Vaurien;
import org.vaurien.VaurienProxy;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/** {@code rediss}: redis-server over TLS only, behind {@code tls = terminate}, with Jedis verifying the host name. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TlsRedisTest {
    private static ServerProcess redis;
    private static Path ca;
    private static Path redisCert;
    private static SSLContext trustingVaurien;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("rediss");
        redisCert = Pki.serverCertificate(dir, "redis");
        redis = ServerProcess.start("redis", port -> List.of("/usr/bin/redis-server", "--port", "0", "--tls-port",
                Integer.toString(port), "--tls-cert-file", redisCert.toString(), "--tls-key-file", Pki.key(redisCert).toString(),
                "--tls-auth-clients", "no", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
        ca = dir.resolve("ca");
        trustingVaurien = Pki.trusting(Pki.vaurienCa(ca));
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    private static Jedis jedis(int port) {
        SSLParameters verifyHost = new SSLParameters();
        verifyHost.setEndpointIdentificationAlgorithm("HTTPS");
        return new Jedis(new HostAndPort("localhost", port), DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(trustingVaurien.getSocketFactory()).sslParameters(verifyHost).clientName("tls-test").build());
    }

    @Test
    void setFailsAndGetPassesOverTls() {
        try (VaurienProxy p = Vaurien.proxy().backend("localhost", redis.port()).protocol("redis").terminateTls()
                .tlsOption("ca_dir", ca).tlsOption("backend_ca", redisCert).behavior("100:error")
                .behaviorOption("error", "match", "SET user:*").start();
             Jedis j = jedis(p.port())) {
            assertEquals("OK", j.set("order:1", "paid"));
            JedisDataException refused = assertThrows(JedisDataException.class, () -> j.set("user:1", "ann"));
            assertTrue(refused.getMessage().contains("Vaurien"), refused.getMessage());
            assertEquals("paid", j.get("order:1"));
            assertEquals(null, j.get("user:1"));
            // a pipeline over TLS keeps its order, the errors in their places
            Pipeline pipe = j.pipelined();
            List<Response<String>> sets = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sets.add(pipe.set((i % 3 == 0 ? "user:" : "item:") + i, "v" + i));
            }
            Response<String> last = pipe.get("item:199");
            pipe.sync();
            for (int i = 0; i < 200; i++) {
                int n = i;
                if (i % 3 == 0) {
                    assertThrows(JedisDataException.class, () -> sets.get(n).get());
                } else {
                    assertEquals("OK", sets.get(i).get());
                }
            }
            assertEquals("v199", last.get());
            assertEquals(67, p.faultCounts().get("error") - 1);
        }
    }
}
