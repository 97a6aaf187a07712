package org.vaurien.kafka;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.LongPredicate;
import org.apache.kafka.common.protocol.ApiKeys;
import org.vaurien.spi.Framer;

/**
 * Frames what a Kafka client sends: each request by its size prefix. Its head (API key and
 * version, correlation id, client id; a Produce's acks) decides it; the request is kept whole,
 * up to {@link #KEPT_MAX}, so that an error can answer it with the partitions it named.
 */
final class KafkaRequestFramer implements Framer {
    /** A broker refuses requests above its socket.request.max.bytes (100 MB by default). */
    private static final int SIZE_MAX = 100 * 1024 * 1024;
    /** The size of a request an error can answer; a larger one's error closes the connection. */
    static final int KEPT_MAX = 2 * 1024 * 1024;
    private static final int HEAD_MIN = 4 + 10;

    private final KafkaConversation conversation;
    private final LongPredicate reserve;
    private byte[] kept = new byte[256];
    private int keptLength;
    private boolean keptWhole;
    private int size = -1;
    private long left;
    private ApiKeys api;
    private short version;
    private int correlationId;
    private String clientId;
    private int acks = -1;
    private boolean dropped;
    private boolean counted;

    KafkaRequestFramer(KafkaConversation conversation, LongPredicate reserve) {
        this.conversation = conversation;
        this.reserve = reserve;
    }

    @Override
    public Kind begin(ByteBuffer in) {
        keptLength = 0;
        keptWhole = true;
        size = -1;
        api = null;
        clientId = null;
        acks = -1;
        dropped = false;
        counted = false;
        return Kind.EXCHANGE;
    }

    @Override
    public boolean decidesAtHead() {
        return true;
    }

    @Override
    public Step scan(ByteBuffer in) {
        if (size < 0) {
            while (keptLength < 4 && in.hasRemaining()) {
                kept[keptLength++] = in.get();
            }
            if (keptLength < 4) {
                return Step.MORE;
            }
            size = ByteBuffer.wrap(kept).getInt(0);
            if (kept[0] == 0x16 && kept[1] == 0x03) {
                return Step.raw("the client speaks TLS (no certificate is configured); the connection goes on as tcp", true);
            }
            if (size < HEAD_MIN - 4 || size > SIZE_MAX) {
                return Step.raw("bytes that are not Kafka (a request of " + size + " bytes)", false);
            }
            left = size;
        }
        int n = (int) Math.min(left, in.remaining());
        keep(in, n);
        left -= n;
        if (api == null) {
            Step head = head();
            if (head != null && (head != Step.HEAD || left > 0)) {
                return head;
            }
        }
        if (left > 0) {
            return Step.MORE;
        }
        if (api == null) {
            return Step.raw("bytes that are not Kafka (a request whose head does not parse)", false);
        }
        if (api == ApiKeys.SASL_HANDSHAKE && version == 0) {
            return Step.raw("a SASL handshake of version 0: the tokens that follow are not Kafka requests;"
                    + " the connection goes on as tcp", true);
        }
        if (!dropped && expectsResponse()) {
            conversation.sent(correlationId);
            counted = true;
        }
        return Step.END;
    }

    private void keep(ByteBuffer in, int n) {
        int room = keptWhole ? Math.min(n, KEPT_MAX + 4 - keptLength) : 0;
        if (room > 0 && keptLength + room > kept.length) {
            int bigger = Math.min(KEPT_MAX + 4, Math.max(kept.length * 2, keptLength + room));
            if (reserve.test(bigger - kept.length)) {
                kept = Arrays.copyOf(kept, bigger);
            } else {
                room = Math.max(0, kept.length - keptLength);
            }
        }
        if (room < n) {
            keptWhole = false;
        }
        in.get(kept, keptLength, room);
        keptLength += room;
        in.position(in.position() + n - room);
    }

    /** Reads the head once it is kept: HEAD, a switch to tcp, or null while it is incomplete. */
    private Step head() {
        KafkaHead h = KafkaHead.read(kept, 4, keptLength);
        if (h == null) {
            return keptWhole ? null : Step.raw("bytes that are not Kafka (a request head that does not end)", false);
        }
        if (h.apiKey() < 0 || !ApiKeys.hasId(h.apiKey())) {
            return Step.raw("a Kafka request of an unknown API key (" + h.apiKey() + ")", false);
        }
        ApiKeys key = ApiKeys.forId(h.apiKey());
        if (key == ApiKeys.PRODUCE && h.acks() == KafkaHead.UNKNOWN) {
            return keptWhole ? null : Step.raw("bytes that are not Kafka (a Produce head that does not end)", false);
        }
        api = key;
        version = h.version();
        correlationId = h.correlationId();
        clientId = h.clientId();
        acks = key == ApiKeys.PRODUCE ? h.acks() : -1;
        return Step.HEAD;
    }

    @Override
    public boolean isHandshake() {
        return api != null && !KafkaErrors.DRAWN.contains(api);
    }

    @Override
    public String field(String name) {
        if (api == null) {
            return null;
        }
        switch (name) {
            case "command": return api.name;
            case "client_id": return clientId;
            default: return null;
        }
    }

    /** A Produce with {@code acks=0} gets no response. */
    @Override
    public boolean expectsResponse() {
        return !(api == ApiKeys.PRODUCE && acks == 0);
    }

    @Override
    public void dropped() {
        dropped = true;
        if (counted) {
            conversation.unsent();
            counted = false;
        }
    }

    /** The request that just ended without its size prefix, when it was kept whole; else null. */
    ByteBuffer whole() {
        return keptWhole && size >= 0 && keptLength == size + 4 ? ByteBuffer.wrap(kept, 4, size) : null;
    }
}
