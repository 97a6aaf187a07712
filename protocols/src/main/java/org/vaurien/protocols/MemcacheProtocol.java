package org.vaurien.protocols;

import java.util.List;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Protocol;

/** Memcached's text protocol, classic and meta commands; the error is {@code SERVER_ERROR}. */
public final class MemcacheProtocol implements Protocol {
    static final Option<String> ERROR = Option.text("error",
            "the error reply line", "SERVER_ERROR Vaurien injected this error");

    @Override
    public String name() {
        return "memcache";
    }

    @Override
    public String description() {
        return "memcached's text protocol; each command and its reply are an exchange; the error is SERVER_ERROR";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(ERROR);
    }

    /** {@code command} and {@code key} (the first key of a get). */
    @Override
    public List<String> matchFields() {
        return List.of("command", "key");
    }

    @Override
    public Conversation open(Options options, Context context) {
        return new MemcacheConversation(options.get(ERROR), context);
    }
}
