package org.vaurien.spi;

/**
 * One connection's conversation: a framer for each direction (they may share state, e.g. the
 * response framer must know which request it answers) and the protocol's own error.
 */
public interface Conversation {
    /** Frames client to backend bytes into requests. */
    Framer requests();

    /** Frames backend to client bytes into responses. */
    Framer responses();

    /**
     * The protocol's own error in answer to the request that just ended (its framer has seen
     * all of it), or null when the protocol has none and random bytes are the error.
     */
    default Reply error() {
        return null;
    }

    /**
     * True when every request that expects one gets exactly one response message, in order
     * (pipelining kept); false for raw streams, whose responses cannot be told apart.
     */
    default boolean matchesResponses() {
        return true;
    }
}
