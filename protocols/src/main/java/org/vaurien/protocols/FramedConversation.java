package org.vaurien.protocols;

import org.vaurien.spi.Conversation;
import org.vaurien.spi.Framer;
import org.vaurien.spi.Protocol;

/**
 * What every framed conversation here has: two framers that know it, given once by its
 * constructor, and the connection's memory budget their lines draw on.
 */
abstract class FramedConversation implements Conversation {
    private final Protocol.Context context;
    private Framer requests;
    private Framer responses;

    protected FramedConversation(Protocol.Context context) {
        this.context = context;
    }

    /** A line for one of its framers, of at most {@code max} bytes, within the connection's budget. */
    final Line line(int max) {
        return new Line(max, context::reserve);
    }

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
