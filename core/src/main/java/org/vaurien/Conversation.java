package org.vaurien;

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
     * The request that has just started will not reach the backend: the proxy answers it (an
     * error) or never does (a hang). A response framer that expects one answer per forwarded
     * request (HTTP's HEAD, MySQL's commands) must not wait for this one.
     */
    default void requestDropped() {
    }

    /**
     * True when every request that expects one gets exactly one response message, in order
     * (pipelining kept); false for raw streams, whose responses cannot be told apart.
     */
    default boolean matchesResponses() {
        return true;
    }

    /** Whether both sockets get TCP keep-alive probes (tcp's {@code keep_alive}). */
    default boolean keepAliveProbes() {
        return false;
    }

    /**
     * Whether a backend connection left idle by a client that closed is kept for the next client
     * (the {@code reuse_socket} option).
     */
    default boolean reuseBackend() {
        return false;
    }
}
