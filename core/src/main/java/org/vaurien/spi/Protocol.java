package org.vaurien.spi;

import java.util.random.RandomGenerator;

/**
 * A conversation's framing: turns each direction's bytes into messages so that a fault lands on
 * one request and its response. Found with {@link java.util.ServiceLoader} by {@link #name()}.
 */
public interface Protocol extends Plugin {
    /**
     * The fields of a request a behavior's {@code match} may test ({@link Framer#field}):
     * {@code command}, {@code key}, {@code method}, {@code path}, {@code header} (for
     * {@code header:NAME})...; none by default, so a matcher on this protocol is refused.
     */
    default java.util.List<String> matchFields() {
        return java.util.List.of();
    }

    /** The state of one connection's conversation; a new one for every connection. */
    Conversation open(Options options, Context context);

    /** The socket policy some of its options set ({@code reuse_socket}, tcp's {@code keep_alive}). */
    default SocketPolicy socketPolicy(Options options) {
        return SocketPolicy.DEFAULT;
    }

    /** What a conversation may know of its connection. */
    interface Context {
        /** The backend's host as configured (a name or an address). */
        String backendHost();

        int backendPort();

        /**
         * The connection's generator for what the proxy makes up (an error's status, random
         * bytes): seeded from {@code --seed} when one is given, so a run can be reproduced.
         */
        RandomGenerator random();

        /**
         * Room for {@code bytes} more bytes a framer keeps of a message in progress (a line
         * being read): false when the proxy's memory budget is spent, and the framer then hands
         * the connection to raw tcp rather than keep more. What was reserved is given back when
         * the connection closes.
         */
        boolean reserve(long bytes);
    }
}
