package org.vaurien.kafka;

import java.nio.ByteBuffer;
import org.vaurien.spi.Framer;

/**
 * Frames what a broker sends: each response by its size prefix, checked to carry the
 * correlation id of the oldest request waiting (brokers answer a connection's requests in order).
 */
final class KafkaResponseFramer implements Framer {
    private final KafkaConversation conversation;
    private final byte[] head = new byte[8];
    private int headLength;
    private long left;

    KafkaResponseFramer(KafkaConversation conversation) {
        this.conversation = conversation;
    }

    @Override
    public Kind begin(ByteBuffer in) {
        headLength = 0;
        left = -1;
        return Kind.EXCHANGE;
    }

    @Override
    public Step scan(ByteBuffer in) {
        if (left < 0) {
            while (headLength < head.length && in.hasRemaining()) {
                head[headLength++] = in.get();
            }
            if (headLength < head.length) {
                return Step.MORE;
            }
            ByteBuffer b = ByteBuffer.wrap(head);
            int size = b.getInt(0);
            int correlationId = b.getInt(4);
            if (size < 4) {
                return Step.raw("bytes that are not Kafka (a response of " + size + " bytes)", false);
            }
            if (!conversation.answers(correlationId)) {
                Integer expected = conversation.expected();
                return Step.raw("a Kafka response with correlation id " + correlationId + " where "
                        + (expected == null ? "no request waits" : expected + " was next"), false);
            }
            left = size - 4;
        }
        int n = (int) Math.min(left, in.remaining());
        in.position(in.position() + n);
        left -= n;
        return left == 0 ? Step.END : Step.MORE;
    }
}
