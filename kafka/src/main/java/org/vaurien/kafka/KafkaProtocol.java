package org.vaurien.kafka;

import java.util.List;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Protocol;

/**
 * Kafka's wire protocol: each request (framed by its size) and its response (paired by
 * correlation id, in order, as brokers answer) are an exchange. The error is the response a
 * broker would send with a retriable error code, of the request's own API and version, built
 * with Kafka's own message classes.
 */
public final class KafkaProtocol implements Protocol {
    static final Option<String> ERROR_CODE = Option.text("error_code",
            "the injected error: auto (NOT_LEADER_OR_FOLLOWER for Produce, Fetch and ListOffsets,"
                    + " COORDINATOR_NOT_AVAILABLE for the group APIs, LEADER_NOT_AVAILABLE for Metadata,"
                    + " NETWORK_EXCEPTION for ApiVersions), or any Kafka error's name or code"
                    + " (REQUEST_TIMED_OUT, NETWORK_EXCEPTION, 7...)", "auto");

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String description() {
        return "Kafka; each request and its response are an exchange; the error is a broker's response with a retriable error code";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(ERROR_CODE);
    }

    @Override
    public void check(Options options) {
        KafkaErrors.parse(options.get(ERROR_CODE));
    }

    /** {@code command} (the API: Produce, Fetch, JoinGroup...) and {@code client_id}. */
    @Override
    public List<String> matchFields() {
        return List.of("command", "client_id");
    }

    @Override
    public Conversation open(Options options, Context context) {
        return new KafkaConversation(KafkaErrors.parse(options.get(ERROR_CODE)), context);
    }
}
