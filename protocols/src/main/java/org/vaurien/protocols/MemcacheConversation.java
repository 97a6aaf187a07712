package org.vaurien.protocols;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.vaurien.spi.Protocol;
import org.vaurien.spi.Reply;

/** One memcached connection: which replies run until END, for the requests sent, in order. */
final class MemcacheConversation extends FramedConversation {
    /** What a reply needs to know of its request. */
    enum Expect { LINE, UNTIL_END }

    final ArrayDeque<Expect> sent = new ArrayDeque<>();
    private final MemcacheRequestFramer requests = new MemcacheRequestFramer(this);
    private final MemcacheResponseFramer responses = new MemcacheResponseFramer(this);
    private final byte[] error;

    MemcacheConversation(String error, Protocol.Context context) {
        super(context);
        this.error = (error.replace('\r', ' ').replace('\n', ' ') + "\r\n").getBytes(StandardCharsets.UTF_8);
        framedBy(requests, responses);
    }

    @Override
    public Reply error() {
        return Reply.of(error, false);
    }
}
