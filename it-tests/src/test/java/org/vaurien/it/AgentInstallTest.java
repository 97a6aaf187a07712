package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vaurien.BadInputException;
import org.vaurien.BehaviorControl;
import org.vaurien.BehaviorControl.BehaviorScope;
import org.vaurien.junit.ChaosTarget;
import org.vaurien.junit.VaurienAgent;
import org.vaurien.junit.VaurienExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * One annotation in a test: the agent is installed into the test's own JVM, and a Jedis pool
 * configured with redis-server's own address gets the faults, with no change to its settings.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(VaurienExtension.class)
class AgentInstallTest {
    private static final ServerProcess REDIS = ServerProcess.withPortProperty("agent.install.redis.port", ServerProcess::redis);

    @ChaosTarget(match = "127.0.0.1:${agent.install.redis.port}", protocol = "redis")
    private static BehaviorControl cache;

    @AfterAll
    static void stop() {
        REDIS.close();
    }

    @Test
    void aPoolConfiguredWithTheServersOwnAddressGetsTheFaults() {
        try (JedisPool pool = new JedisPool("127.0.0.1", REDIS.port()); Jedis jedis = pool.getResource()) {
            assertEquals("OK", jedis.set("k", "v"), "the declared mix: everything passes");
            try (BehaviorScope errors = cache.withBehavior("error")) {
                assertThrows(JedisDataException.class, () -> jedis.get("k"), "the connection opened before gets them too");
                try (Jedis fresh = pool.getResource()) {
                    assertThrows(JedisDataException.class, () -> fresh.get("k"));
                }
            }
            assertEquals("v", jedis.get("k"), "the block ended: faults gone");
            cache.setBehavior("error");
        }
    }

    @Test
    void eachTestStartsFromTheDeclaredTargets() {
        // whichever test ran first, the mix it left is gone
        try (Jedis jedis = new Jedis("127.0.0.1", REDIS.port())) {
            assertEquals("PONG", jedis.ping());
            assertEquals("100:dummy", cache.behavior());
        }
    }

    @Test
    void aConnectFaultWithACounterRefusesTwoConnectsAndLetsTheRetryThrough() {
        try (BehaviorScope twice = cache.withBehavior("refuse", Map.of("first", 2))) {
            for (int i = 0; i < 2; i++) {
                JedisConnectionException e = assertThrows(JedisConnectionException.class,
                        () -> new Jedis("127.0.0.1", REDIS.port()).ping());
                // Jedis's own words for a refused connect (the ConnectException rides as a suppressed one)
                assertTrue(e.getMessage().startsWith("Failed to connect to 127.0.0.1:" + REDIS.port()), e.toString());
            }
            try (Jedis third = new Jedis("127.0.0.1", REDIS.port())) {
                assertEquals("PONG", third.ping());
            }
        }
    }

    @Test
    void aBrokenConfigIsRefusedWithItsMistakes() {
        BadInputException e = assertThrows(BadInputException.class, () -> VaurienAgent.install("match=nothing"));
        assertEquals(true, e.getMessage().startsWith("the Vaurien agent did not start: "), e.getMessage());
    }
}
