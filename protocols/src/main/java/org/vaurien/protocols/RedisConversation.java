package org.vaurien.protocols;

import java.nio.charset.StandardCharsets;
import org.vaurien.spi.Protocol;
import org.vaurien.spi.Reply;

/**
 * One Redis connection. Once it subscribes (SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE) or MONITORs, the
 * server pushes messages that answer no request: from then on the connection is passed through,
 * after the replies still owed to the requests sent before.
 */
final class RedisConversation extends FramedConversation {
    private static final byte[][] PUSH_COMMANDS = {RedisCommandWords.bytes("subscribe"),
        RedisCommandWords.bytes("psubscribe"), RedisCommandWords.bytes("ssubscribe"), RedisCommandWords.bytes("monitor")};

    private final RespFramer requests;
    private final RespFramer responses;
    /** Built once: the engine sends a duplicate of its read-only bytes, so every error can share it. */
    private final Reply error;
    private final boolean drawsHandshakes;
    private boolean pushMode;
    /** What the last request's end did, in case it is dropped after: counted a reply, started push mode. */
    private boolean lastCounted;
    private boolean lastStartedPush;
    /** Replies the backend still owes to forwarded requests. */
    private long owed;

    RedisConversation(String error, int maxDepth, boolean drawsHandshakes, Protocol.Context context) {
        super(context);
        this.drawsHandshakes = drawsHandshakes;
        this.requests = new RespFramer(this, true, maxDepth);
        this.responses = new RespFramer(this, false, maxDepth);
        this.error = Reply.of(("-" + error.replace('\r', ' ').replace('\n', ' ') + "\r\n").getBytes(StandardCharsets.UTF_8), false);
        framedBy(requests, responses);
    }

    @Override
    public Reply error() {
        return error;
    }

    /** Whether HELLO, AUTH, SELECT... are drawn by the mix like any command. */
    boolean drawsHandshakes() {
        return drawsHandshakes;
    }

    boolean pushMode() {
        return pushMode;
    }

    /** Whether the next reply answers a request (not a push). */
    boolean responseCounted() {
        return !pushMode || owed > 0;
    }

    void requestEnded(byte[] name, int length, boolean dropped, boolean noReply) {
        lastCounted = false;
        lastStartedPush = false;
        if (dropped || noReply || pushMode) {
            return;
        }
        owed++;
        lastCounted = true;
        if (RedisCommandWords.oneOf(name, length, PUSH_COMMANDS)) {
            pushMode = true;
            lastStartedPush = true;
        }
    }

    /** The request that just ended was dropped after it was counted: undone. */
    void requestDropped() {
        if (lastCounted) {
            owed--;
            lastCounted = false;
        }
        if (lastStartedPush) {
            pushMode = false;
            lastStartedPush = false;
        }
    }

    void responseEnded() {
        if (owed > 0) {
            owed--;
        }
    }
}
