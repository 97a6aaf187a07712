package org.vaurien.it;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka's own Java clients as the tests use them: records numbered by their key, each value
 * carrying its CRC32 in a header, so that a consumer can tell a record lost, repeated, out of
 * order or changed.
 */
final class KafkaClients {
    private KafkaClients() {
    }

    static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 10000))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    static Properties producerConfig(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("linger.ms", 5);
        return p;
    }

    static KafkaProducer<String, byte[]> producer(Properties config) {
        return new KafkaProducer<>(config);
    }

    /** Record {@code i}: key {@code i}, 100 bytes drawn from {@code i}, its CRC32 in header {@code crc}. */
    static ProducerRecord<String, byte[]> record(String topic, int i) {
        byte[] value = new byte[100];
        new Random(i).nextBytes(value);
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, Integer.toString(i), value);
        r.headers().add("crc", ByteBuffer.allocate(8).putLong(crc(value)).array());
        return r;
    }

    /** Sends records {@code from} to {@code to - 1} and waits for every acknowledgement; fails with the first error. */
    static void produce(Properties config, String topic, int from, int to) {
        List<Exception> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        try (KafkaProducer<String, byte[]> producer = producer(config)) {
            for (int i = from; i < to; i++) {
                producer.send(record(topic, i), (meta, e) -> {
                    if (e != null) {
                        errors.add(e);
                    }
                });
            }
            producer.flush();
        }
        if (!errors.isEmpty()) {
            throw new AssertionError(errors.size() + " records were not written, the first for " + errors.get(0), errors.get(0));
        }
    }

    static KafkaConsumer<String, byte[]> consumer(String bootstrap, String group, Map<String, Object> more) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", group == null ? "g-" + UUID.randomUUID() : group);
        p.put("auto.offset.reset", "earliest");
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.putAll(more);
        return new KafkaConsumer<>(p);
    }

    /**
     * Reads {@code expected} records of {@code topic} (or until 60 s pass) and checks them: the
     * keys of the records read, in the order read; throws on a record whose value does not match
     * its checksum.
     */
    static List<Integer> consume(KafkaConsumer<String, byte[]> consumer, String topic, int expected) {
        consumer.subscribe(List.of(topic));
        List<Integer> keys = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (keys.size() < expected && System.nanoTime() < end) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                Header crc = r.headers().lastHeader("crc");
                if (crc == null || ByteBuffer.wrap(crc.value()).getLong() != crc(r.value())) {
                    throw new AssertionError("record " + r.key() + " at offset " + r.offset() + " was changed");
                }
                keys.add(Integer.parseInt(r.key()));
            }
        }
        return keys;
    }

    /** Whether {@code keys} are exactly {@code 0..n-1} in order; else what is wrong with them. */
    static String inOrder(List<Integer> keys, int n) {
        if (keys.size() != n) {
            return keys.size() + " records where " + n + " were sent";
        }
        for (int i = 0; i < n; i++) {
            if (keys.get(i) != i) {
                return "record " + keys.get(i) + " at position " + i;
            }
        }
        return "in order";
    }

    private static long crc(byte[] value) {
        CRC32 c = new CRC32();
        c.update(value);
        return c.getValue();
    }

    /** For the application under the agent: produces {@code n} records, consumes them back, says how it went. */
    static String roundTrip(String bootstrap, String topic, int n) throws Exception {
        createTopic(bootstrap, topic);
        Properties config = producerConfig(bootstrap);
        config.put("delivery.timeout.ms", 60000);
        produce(config, topic, 0, n);
        try (KafkaConsumer<String, byte[]> c = consumer(bootstrap, null, Map.of())) {
            return inOrder(consume(c, topic, n), n);
        }
    }

}
