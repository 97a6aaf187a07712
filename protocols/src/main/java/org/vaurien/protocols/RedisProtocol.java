package org.vaurien.protocols;

import java.util.List;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Protocol;

/** Redis: RESP2 and RESP3 values both ways, inline commands, pipelining; the error is {@code -ERR}. */
public final class RedisProtocol implements Protocol {
    static final Option<String> ERROR = Option.text("error",
            "the error reply, without its leading '-'", "ERR Vaurien injected this error");
    static final Option<Integer> MAX_DEPTH = Option.integer("max_depth",
            "deepest nesting of values it frames; deeper ones pass as raw tcp, unchanged", 512, 1, 1 << 20);
    static final Option<Boolean> FAULT_HANDSHAKES = Option.bool("fault_handshakes",
            "draw the connection's set-up commands too (HELLO, AUTH, SELECT, READONLY, CLIENT SETNAME and SETINFO),"
            + " which otherwise pass so that clients can connect", false);

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String description() {
        return "Redis (RESP2 and RESP3); each command and its reply are an exchange; the error is -ERR";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(ERROR, MAX_DEPTH, FAULT_HANDSHAKES);
    }

    /** {@code command} (upper case) and {@code key} (its first argument). */
    @Override
    public List<String> matchFields() {
        return List.of("command", "key");
    }

    @Override
    public Conversation open(Options options, Context context) {
        return new RedisConversation(options.get(ERROR), options.get(MAX_DEPTH), options.get(FAULT_HANDSHAKES), context);
    }
}
