package org.vaurien.kafka;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.vaurien.BadInputException;

/** The error responses: which APIs get one, with which code, and their bytes. */
final class KafkaErrors {
    /** The APIs a mix draws; any other passes unless a matcher names it. */
    static final Set<ApiKeys> DRAWN = EnumSet.of(ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS, ApiKeys.METADATA,
            ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH, ApiKeys.FIND_COORDINATOR, ApiKeys.JOIN_GROUP, ApiKeys.HEARTBEAT,
            ApiKeys.SYNC_GROUP, ApiKeys.CONSUMER_GROUP_HEARTBEAT);
    private static final Set<ApiKeys> GROUP = EnumSet.of(ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH,
            ApiKeys.FIND_COORDINATOR, ApiKeys.JOIN_GROUP, ApiKeys.HEARTBEAT, ApiKeys.SYNC_GROUP, ApiKeys.LEAVE_GROUP,
            ApiKeys.CONSUMER_GROUP_HEARTBEAT);

    private KafkaErrors() {
    }

    /** The option's error: null for auto. */
    static Errors parse(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("auto")) {
            return null;
        }
        if (t.matches("-?\\d{1,5}")) {
            Errors e = Errors.forCode(Short.parseShort(t));
            if (e == Errors.UNKNOWN_SERVER_ERROR && !t.equals("-1")) {
                throw new BadInputException("protocol 'kafka', option 'error_code': " + t + " is not a Kafka error code");
            }
            return refuseNone(e, t);
        }
        try {
            return refuseNone(Errors.valueOf(t.toUpperCase(Locale.ROOT)), t);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("protocol 'kafka', option 'error_code': '" + t + "' is neither auto nor a Kafka"
                    + " error's name or code (e.g. NOT_LEADER_OR_FOLLOWER, REQUEST_TIMED_OUT, 7)");
        }
    }

    private static Errors refuseNone(Errors e, String text) {
        if (e == Errors.NONE) {
            throw new BadInputException("protocol 'kafka', option 'error_code': '" + text + "' is no error");
        }
        return e;
    }

    /** What {@code chosen} (null: auto) gives on {@code api}. */
    static Errors forApi(Errors chosen, ApiKeys api) {
        if (chosen != null) {
            return chosen;
        }
        if (api == ApiKeys.PRODUCE || api == ApiKeys.FETCH || api == ApiKeys.LIST_OFFSETS) {
            return Errors.NOT_LEADER_OR_FOLLOWER;
        }
        if (GROUP.contains(api)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (api == ApiKeys.METADATA) {
            return Errors.LEADER_NOT_AVAILABLE;
        }
        return api == ApiKeys.API_VERSIONS ? Errors.NETWORK_EXCEPTION : Errors.REQUEST_TIMED_OUT;
    }

    /**
     * The request, for the APIs that get errors: each by its own class, so that only these are
     * loaded (and kept in the agent's jar); null for any other.
     */
    private static AbstractRequest parse(ApiKeys api, Readable body, short version) {
        switch (api) {
            case PRODUCE: return ProduceRequest.parse(body, version);
            case FETCH: return FetchRequest.parse(body, version);
            case LIST_OFFSETS: return ListOffsetsRequest.parse(body, version);
            case METADATA: return MetadataRequest.parse(body, version);
            case OFFSET_COMMIT: return OffsetCommitRequest.parse(body, version);
            case OFFSET_FETCH: return OffsetFetchRequest.parse(body, version);
            case FIND_COORDINATOR: return FindCoordinatorRequest.parse(body, version);
            case JOIN_GROUP: return JoinGroupRequest.parse(body, version);
            case HEARTBEAT: return HeartbeatRequest.parse(body, version);
            case SYNC_GROUP: return SyncGroupRequest.parse(body, version);
            case LEAVE_GROUP: return LeaveGroupRequest.parse(body, version);
            case CONSUMER_GROUP_HEARTBEAT: return ConsumerGroupHeartbeatRequest.parse(body, version);
            case API_VERSIONS: return ApiVersionsRequest.parse(body, version);
            default: return null;
        }
    }

    /**
     * The whole response, size first, to the request in {@code request} (its size prefix left out):
     * Kafka's own error response for that request, of its version, with its correlation id; null for an API that gets no error.
     */
    static byte[] response(ByteBuffer request, Errors chosen) {
        RequestHeader header = RequestHeader.parse(request);
        AbstractRequest parsed = parse(header.apiKey(), new ByteBufferAccessor(request), header.apiVersion());
        if (parsed == null) {
            return null;
        }
        AbstractResponse response = parsed.getErrorResponse(0, forApi(chosen, header.apiKey()).exception());
        ResponseHeader responseHeader = header.toResponseHeader();
        ByteBuffer head = MessageUtil.toByteBufferAccessor(responseHeader.data(), responseHeader.headerVersion()).buffer();
        ByteBuffer body = MessageUtil.toByteBufferAccessor(response.data(), header.apiVersion()).buffer();
        ByteBuffer out = ByteBuffer.allocate(4 + head.remaining() + body.remaining());
        out.putInt(head.remaining() + body.remaining()).put(head).put(body);
        return out.array();
    }
}
