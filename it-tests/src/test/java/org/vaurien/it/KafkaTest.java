package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vaurien.Vaurien;
import org.vaurien.VaurienProxy;

/**
 * Kafka's producer, consumer and admin client through {@code --protocol kafka}, against a real
 * broker in KRaft mode. A standalone proxy needs the broker to advertise the proxy's address:
 * listener PROXIED does, so every connection the clients open after the bootstrap goes through
 * the proxy too. Listener DIRECT is the tests' own view of the topics.
 */
class KafkaTest {
    private static KafkaBroker broker;
    private static int proxyPort;

    @BeforeAll
    static void broker() throws Exception {
        proxyPort = ServerProcess.freePort();
        broker = KafkaBroker.start(List.of(KafkaBroker.Listener.plain("DIRECT", "127.0.0.1", ServerProcess.freePort()),
                new KafkaBroker.Listener("PROXIED", "127.0.0.1", ServerProcess.freePort(), "127.0.0.1:" + proxyPort)));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static String direct() {
        return broker.address("DIRECT");
    }

    private static String viaProxy() {
        return "127.0.0.1:" + proxyPort;
    }

    /** The proxy the PROXIED listener advertises, with this mix and options for its error behavior. */
    private static VaurienProxy proxy(String mix, Object... errorOptions) {
        String[] backend = broker.address("PROXIED").split(":");
        Vaurien.Builder b = Vaurien.proxy().listen("127.0.0.1", proxyPort).backend(backend[0], Integer.parseInt(backend[1]))
                .protocol("kafka").behavior(mix);
        for (int i = 0; i < errorOptions.length; i += 3) {
            b.behaviorOption((String) errorOptions[i], (String) errorOptions[i + 1], errorOptions[i + 2]);
        }
        return b.start();
    }

    @Test
    void aHundredThousandRecordsPassInOrderWithTheirChecksums() throws Exception {
        try (VaurienProxy p = proxy("100:dummy")) {
            KafkaClients.createTopic(viaProxy(), "dummy");
            KafkaClients.produce(KafkaClients.producerConfig(viaProxy()), "dummy", 0, 100_000);
            try (KafkaConsumer<String, byte[]> c = KafkaClients.consumer(viaProxy(), null, Map.of())) {
                assertEquals("in order", KafkaClients.inOrder(KafkaClients.consume(c, "dummy", 100_000), 100_000));
            }
            assertTrue(p.exchanges() > 50, "the clients' requests went through the proxy: " + p.exchanges());
        }
    }

    /**
     * Every seventh produce request gets NOT_LEADER_OR_FOLLOWER: the idempotent producer retries
     * it (and the requests in flight behind it, which the broker refuses as out of order), and
     * every record is written once, in order. A random 10 % instead can make the producer use up
     * its delivery timeout retrying (the README says when): errors are spaced here.
     */
    @Test
    void produceErrorsAreRetriedAndEachRecordIsWrittenOnce() throws Exception {
        KafkaClients.createTopic(direct(), "produce-errors");
        try (VaurienProxy p = proxy("100:error", "error", "match", "command=Produce", "error", "every", 7)) {
            Properties config = KafkaClients.producerConfig(viaProxy());
            config.put("enable.idempotence", true);
            config.put("retry.backoff.ms", 10);
            config.put("delivery.timeout.ms", 60000);
            config.put("request.timeout.ms", 10000);
            KafkaClients.produce(config, "produce-errors", 0, 3000);
            assertTrue(p.faultCounts().getOrDefault("error", 0L) >= 3, "errors were injected: " + p.faultCounts());
        }
        try (KafkaConsumer<String, byte[]> c = KafkaClients.consumer(direct(), null, Map.of())) {
            assertEquals("in order", KafkaClients.inOrder(KafkaClients.consume(c, "produce-errors", 3000), 3000));
        }
    }

    @Test
    void fetchErrorsNeitherLoseNorRepeatARecord() throws Exception {
        KafkaClients.createTopic(direct(), "fetch-errors");
        KafkaClients.produce(KafkaClients.producerConfig(direct()), "fetch-errors", 0, 3000);
        try (VaurienProxy p = proxy("30:error,70:dummy", "error", "match", "command=Fetch");
                KafkaConsumer<String, byte[]> c = KafkaClients.consumer(viaProxy(), null,
                        Map.of("max.poll.records", 100, "fetch.max.bytes", 20_000, "max.partition.fetch.bytes", 20_000,
                                "retry.backoff.ms", 10))) {
            assertEquals("in order", KafkaClients.inOrder(KafkaClients.consume(c, "fetch-errors", 3000), 3000));
            assertTrue(p.faultCounts().getOrDefault("error", 0L) > 0, "errors were injected: " + p.faultCounts());
        }
    }

    /**
     * Five produce requests in flight, every third one answered with the error and no retry: the
     * records whose request got it fail with NotLeaderOrFollowerException, every other one is
     * written. An error paired with the wrong request would fail a written record, or lose one.
     */
    @Test
    void pipelinedProducesGetTheirErrorsInPlace() throws Exception {
        KafkaClients.createTopic(direct(), "in-flight");
        List<Integer> failed = Collections.synchronizedList(new ArrayList<>());
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        List<Exception> errors = Collections.synchronizedList(new ArrayList<>());
        try (VaurienProxy p = proxy("100:error", "error", "match", "command=Produce", "error", "every", 3)) {
            Properties config = KafkaClients.producerConfig(viaProxy());
            config.put("enable.idempotence", false);
            config.put("retries", 0);
            config.put("acks", "1");
            config.put("max.in.flight.requests.per.connection", 5);
            config.put("linger.ms", 0);
            config.put("batch.size", 500);
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(config)) {
                for (int i = 0; i < 3000; i++) {
                    int key = i;
                    producer.send(KafkaClients.record("in-flight", i), (meta, e) -> {
                        if (e == null) {
                            written.add(key);
                        } else {
                            failed.add(key);
                            errors.add(e);
                        }
                    });
                }
                producer.flush();
            }
            assertTrue(p.faultCounts().getOrDefault("error", 0L) > 10, "errors were injected: " + p.faultCounts());
        }
        assertFalse(failed.isEmpty());
        assertEquals(3000, failed.size() + written.size());
        errors.forEach(e -> assertInstanceOf(NotLeaderOrFollowerException.class, e));
        try (KafkaConsumer<String, byte[]> c = KafkaClients.consumer(direct(), null, Map.of())) {
            Set<Integer> read = new HashSet<>(KafkaClients.consume(c, "in-flight", written.size()));
            assertEquals(new HashSet<>(written), read, "exactly the records acknowledged were written");
        }
    }

    @Test
    void aHungProduceMeetsTheProducersDeliveryTimeout() throws Exception {
        KafkaClients.createTopic(direct(), "hung");
        try (VaurienProxy p = proxy("100:hang", "hang", "match", "command=Produce")) {
            Properties config = KafkaClients.producerConfig(viaProxy());
            config.put("delivery.timeout.ms", 3000);
            config.put("request.timeout.ms", 2000);
            config.put("linger.ms", 0);
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(config)) {
                long before = System.nanoTime();
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> producer.send(KafkaClients.record("hung", 1)).get(30, TimeUnit.SECONDS));
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
                assertInstanceOf(TimeoutException.class, e.getCause());
                assertTrue(ms >= 2500 && ms < 15_000, "failed after " + ms + " ms, delivery.timeout.ms being 3000");
            }
        }
    }

    @Test
    void aDelayShorterThanTheDeliveryTimeoutOnlySlowsTheProduce() throws Exception {
        KafkaClients.createTopic(direct(), "delayed");
        try (VaurienProxy p = proxy("100:delay", "delay", "match", "command=Produce", "delay", "sleep", 0.4)) {
            Properties config = KafkaClients.producerConfig(viaProxy());
            config.put("delivery.timeout.ms", 3000);
            config.put("request.timeout.ms", 2000);
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(config)) {
                producer.partitionsFor("delayed");
                long before = System.nanoTime();
                producer.send(KafkaClients.record("delayed", 1)).get(30, TimeUnit.SECONDS);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
                assertTrue(ms >= 380 && ms < 2500, "acknowledged after " + ms + " ms, the delay being 400");
            }
        }
    }

    /** A request of an API key Kafka does not have: the broker's answer through the proxy is its answer direct. */
    @Test
    void anUnknownApiKeyGoesOnAsTcpAndGetsWhatItGetsDirect() throws Exception {
        byte[] request = {0, 0, 0, 14, 0x7f, 0x7f, 0, 0, 0, 0, 0, 1, 0, 1, 'x', 0, 0, 0};
        try (VaurienProxy p = proxy("100:dummy")) {
            assertArrayEquals(answer(direct(), request), answer(viaProxy(), request));
        }
    }

    private static byte[] answer(String address, byte[] request) throws IOException {
        String[] hp = address.split(":");
        try (Socket s = new Socket(hp[0], Integer.parseInt(hp[1]))) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request);
            InputStream in = s.getInputStream();
            try {
                return in.readAllBytes();
            } catch (SocketTimeoutException e) {
                return "no answer within 5 s".getBytes();
            }
        }
    }
}
