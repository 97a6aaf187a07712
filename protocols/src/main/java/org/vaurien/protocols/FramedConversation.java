package org.vaurien.protocols;

import org.vaurien.spi.Conversation;
import org.vaurien.spi.Framer;

/** What every framed conversation here has: two framers that know it, given once by its constructor. */
abstract class FramedConversation implements Conversation {
    private Framer requests;
    private Framer responses;

    /** Called once by the subclass's constructor, with framers made with {@code this}. */
    protected final void framedBy(Framer requestFramer, Framer responseFramer) {
        this.requests = requestFramer;
        this.responses = responseFramer;
    }

    @Override
    public final Framer requests() {
        return requests;
    }

    @Override
    public final Framer responses() {
        return responses;
    }
}
