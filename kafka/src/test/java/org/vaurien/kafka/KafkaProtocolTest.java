package org.vaurien.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;
import org.vaurien.BadInputException;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Framer;
import org.vaurien.spi.Framer.Step;
import org.vaurien.spi.Protocol;
import org.vaurien.spi.Reply;

/** Kafka requests framed whatever the reads, responses paired by correlation id, and errors Kafka's clients read. */
class KafkaProtocolTest {
    private static final Protocol.Context CONTEXT = new Protocol.Context() {
        @Override
        public String backendHost() {
            return "127.0.0.1";
        }

        @Override
        public int backendPort() {
            return 9092;
        }

        @Override
        public RandomGenerator random() {
            return RandomGenerator.getDefault();
        }

        @Override
        public boolean reserve(long bytes) {
            return true;
        }
    };

    private static KafkaConversation open(String errorCode) {
        return new KafkaConversation(KafkaErrors.parse(errorCode), CONTEXT);
    }

    static RequestHeader header(AbstractRequest r, int correlationId) {
        return new RequestHeader(r.apiKey(), r.version(), "vaurien-test", correlationId);
    }

    /** The request as a client sends it: its size, then its header and body. */
    static byte[] wire(AbstractRequest r, int correlationId) {
        ByteBuffer b = r.serializeWithHeader(header(r, correlationId));
        ByteBuffer out = ByteBuffer.allocate(4 + b.remaining()).putInt(b.remaining()).put(b);
        return out.array();
    }

    static ProduceRequest produce(short version, short acks, String transactionalId) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName("orders").setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(3).setRecords(
                        MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("k".getBytes(), "v".getBytes()))))));
        ProduceRequestData data = new ProduceRequestData().setAcks(acks).setTimeoutMs(30000)
                .setTransactionalId(transactionalId).setTopicData(topics);
        return new ProduceRequest.Builder(version, version, data).build(version);
    }

    /** Scans {@code bytes} read {@code piece} bytes at a time; the steps, each with the offset it ended at. */
    static List<String> frame(Framer f, byte[] bytes, int piece) {
        List<String> steps = new ArrayList<>();
        boolean inMessage = false;
        int at = 0;
        while (at < bytes.length) {
            ByteBuffer in = ByteBuffer.wrap(bytes, at, Math.min(piece, bytes.length - at));
            while (in.hasRemaining()) {
                if (!inMessage) {
                    f.begin(in);
                    inMessage = true;
                }
                Step s = f.scan(in);
                if (s.isSwitch()) {
                    steps.add("raw@" + in.position() + " " + s.reason());
                    return steps;
                }
                if (s != Step.MORE) {
                    steps.add(s + "@" + in.position());
                }
                if (s == Step.END) {
                    inMessage = false;
                }
            }
            at = in.position();
        }
        return steps;
    }

    @Test
    void aProduceIsOneRequestWhateverTheReadsWithItsAcksRead() {
        for (short version : new short[] {3, 8, 9, 12}) {
            byte[] bytes = wire(produce(version, (short) -1, version >= 3 ? "tx-1" : null), 7);
            for (int piece : new int[] {1, 3, 17, bytes.length}) {
                KafkaConversation c = open("auto");
                List<String> steps = frame(c.requests(), bytes, piece);
                assertEquals("end@" + bytes.length, steps.get(steps.size() - 1), "v" + version + " piece " + piece);
                assertTrue(c.requests().expectsResponse());
                assertEquals("Produce", c.requests().field("command"));
                assertEquals("vaurien-test", c.requests().field("client_id"));
                assertFalse(c.requests().isHandshake(), "a Produce is drawn");
                assertEquals(7, c.expected());
            }
            KafkaConversation c = open("auto");
            frame(c.requests(), wire(produce(version, (short) 0, null), 8), 5);
            assertFalse(c.requests().expectsResponse(), "acks=0 gets no response, v" + version);
            assertNull(c.expected());
        }
    }

    @Test
    void theErrorIsTheProduceResponseOfTheRequestsVersionForItsPartitions() {
        for (short version : new short[] {3, 9, 12}) {
            ProduceRequest request = produce(version, (short) 1, null);
            KafkaConversation c = open("auto");
            frame(c.requests(), wire(request, 42), 64);
            c.requests().dropped();
            ProduceResponse r = (ProduceResponse) parse(c.error(), header(request, 42));
            var partition = r.data().responses().find("orders", org.apache.kafka.common.Uuid.ZERO_UUID)
                    .partitionResponses().get(0);
            assertEquals(3, partition.index());
            assertEquals(Errors.NOT_LEADER_OR_FOLLOWER.code(), partition.errorCode(), "v" + version);
            assertNull(c.expected(), "a dropped request is not awaited");
        }
    }

    /** From version 13 a Produce names its topics by id: the error answers by id too. */
    @Test
    void theErrorAnswersTopicsNamedById() {
        Uuid id = Uuid.randomUuid();
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setTopicId(id).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(
                        MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("k".getBytes(), "v".getBytes()))))));
        short latest = ApiKeys.PRODUCE.latestVersion();
        ProduceRequest request = new ProduceRequest.Builder(latest, latest, new ProduceRequestData().setAcks((short) -1)
                .setTimeoutMs(30000).setTopicData(topics)).build(latest);
        KafkaConversation c = open("auto");
        frame(c.requests(), wire(request, 9), 10);
        ProduceResponse r = (ProduceResponse) parse(c.error(), header(request, 9));
        assertEquals(1, r.data().responses().size(), r.data().toString());
        var topic = r.data().responses().iterator().next();
        assertEquals(id, topic.topicId(), r.data().toString());
        assertEquals(Errors.NOT_LEADER_OR_FOLLOWER.code(), topic.partitionResponses().get(0).errorCode());
    }

    @Test
    void groupAndMetadataErrorsAndAChosenCode() {
        FindCoordinatorRequest find = new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                .setKeyType((byte) 0).setCoordinatorKeys(List.of("my-group"))).build(ApiKeys.FIND_COORDINATOR.latestVersion());
        KafkaConversation c = open("auto");
        frame(c.requests(), wire(find, 5), 1000);
        FindCoordinatorResponse fr = (FindCoordinatorResponse) parse(c.error(), header(find, 5));
        assertEquals(Errors.COORDINATOR_NOT_AVAILABLE.code(), fr.data().coordinators().get(0).errorCode());

        MetadataRequest metadata = new MetadataRequest.Builder(List.of("orders"), false).build(ApiKeys.METADATA.latestVersion());
        c = open("REQUEST_TIMED_OUT");
        frame(c.requests(), wire(metadata, 6), 1000);
        MetadataResponse mr = (MetadataResponse) parse(c.error(), header(metadata, 6));
        assertEquals(Errors.REQUEST_TIMED_OUT, mr.errors().get("orders"));
    }

    private static AbstractResponse parse(Reply reply, RequestHeader requestHeader) {
        ByteBuffer b = reply.bytes().duplicate();
        assertEquals(b.remaining() - 4, b.getInt(), "the size prefix");
        assertFalse(reply.closeAfter());
        return AbstractResponse.parseResponse(b, requestHeader);
    }

    @Test
    void responsesArePairedByCorrelationIdInOrder() {
        KafkaConversation c = open("auto");
        byte[] requests = concat(wire(produce((short) 9, (short) -1, null), 1), wire(produce((short) 9, (short) -1, null), 2));
        assertEquals(2, frame(c.requests(), requests, 1000).stream().filter(s -> s.startsWith("end")).count());
        byte[] first = response(1, 30);
        byte[] second = response(2, 12);
        assertEquals(List.of("end@" + first.length, "end@" + (first.length + second.length)),
                frame(c.responses(), concat(first, second), 5));
        assertTrue(frame(c.responses(), response(9, 3), 100).get(0).contains("correlation id 9 where no request waits"));
    }

    @Test
    void bytesThatAreNotKafkaGoOnAsTcp() {
        byte[] unknown = wire(produce((short) 9, (short) -1, null), 1);
        unknown[4] = 0x7f;
        assertTrue(frame(open("auto").requests(), unknown, 100).get(0).contains("unknown API key (32512)"));
        byte[] tls = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01};
        assertTrue(frame(open("auto").requests(), tls, 100).get(0).contains("TLS"));
        byte[] huge = {0x7f, 0, 0, 0, 1, 2, 3};
        assertTrue(frame(open("auto").requests(), huge, 100).get(0).contains("not Kafka"));
    }

    @Test
    void theErrorCodeOption() {
        assertNull(KafkaErrors.parse("auto"));
        assertEquals(Errors.REQUEST_TIMED_OUT, KafkaErrors.parse("request_timed_out"));
        assertEquals(Errors.REQUEST_TIMED_OUT, KafkaErrors.parse("7"));
        assertEquals("protocol 'kafka', option 'error_code': 'BOGUS' is neither auto nor a Kafka error's name or code"
                + " (e.g. NOT_LEADER_OR_FOLLOWER, REQUEST_TIMED_OUT, 7)",
                assertThrows(BadInputException.class, () -> KafkaErrors.parse("BOGUS")).getMessage());
        assertThrows(BadInputException.class, () -> KafkaErrors.parse("NONE"));
        assertThrows(BadInputException.class, () -> KafkaErrors.parse("9999"));
    }

    private static byte[] response(int correlationId, int bodyBytes) {
        return ByteBuffer.allocate(8 + bodyBytes).putInt(4 + bodyBytes).putInt(correlationId).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
