package org.vaurien.kafka;

import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.protocol.Errors;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Framer;
import org.vaurien.spi.Protocol;
import org.vaurien.spi.Reply;

/**
 * One Kafka connection: the correlation ids of the requests sent and not yet answered, in
 * order (a broker answers them in that order), and the error to answer with.
 */
final class KafkaConversation implements Conversation {
    private static final Logger LOG = Logger.getLogger(KafkaConversation.class.getName());
    private static final Reply CLOSE = Reply.of(new byte[0], true);

    /** Correlation ids awaiting their response, oldest first: a ring that grows as needed. */
    private int[] awaiting = new int[16];
    private int first;
    private int count;
    private final KafkaRequestFramer requests;
    private final KafkaResponseFramer responses = new KafkaResponseFramer(this);
    private final Errors chosen;

    KafkaConversation(Errors chosen, Protocol.Context context) {
        this.chosen = chosen;
        this.requests = new KafkaRequestFramer(this, context::reserve);
    }

    @Override
    public Framer requests() {
        return requests;
    }

    @Override
    public Framer responses() {
        return responses;
    }

    void sent(int correlationId) {
        if (count == awaiting.length) {
            int[] bigger = new int[awaiting.length * 2];
            for (int i = 0; i < count; i++) {
                bigger[i] = awaiting[(first + i) % awaiting.length];
            }
            awaiting = bigger;
            first = 0;
        }
        awaiting[(first + count++) % awaiting.length] = correlationId;
    }

    /** Takes back the last request counted as sent: it was dropped after all. */
    void unsent() {
        count--;
    }

    /** Whether the response with {@code correlationId} answers the oldest request waiting; takes it if so. */
    boolean answers(int correlationId) {
        if (count == 0 || awaiting[first] != correlationId) {
            return false;
        }
        first = (first + 1) % awaiting.length;
        count--;
        return true;
    }

    /** The correlation id the next response must carry; null when no request waits. */
    Integer expected() {
        return count == 0 ? null : awaiting[first];
    }

    /**
     * A broker's error response to the request that just ended. A request of an API that gets no
     * error (named by a matcher), one too large to be kept whole, or one whose body Kafka's classes
     * cannot read (a version newer than theirs) is answered by closing the connection: the
     * client sees a network error and retries.
     */
    @Override
    public Reply error() {
        ByteBuffer request = requests.whole();
        if (request == null) {
            return CLOSE;
        }
        try {
            byte[] response = KafkaErrors.response(request, chosen);
            return response == null ? CLOSE : Reply.of(response, false);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Kafka's classes could not read the request; the connection is closed instead", e);
            return CLOSE;
        }
    }
}
