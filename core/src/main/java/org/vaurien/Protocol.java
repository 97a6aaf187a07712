package org.vaurien;

/**
 * A conversation's framing: turns each direction's bytes into messages so that a fault lands on
 * one request and its response. Found with {@link java.util.ServiceLoader} by {@link #name()}.
 */
public interface Protocol extends Plugin {
    /** The state of one connection's conversation; a new one for every connection. */
    Conversation open(Options options, Context context);

    /** What a conversation may know of its connection. */
    interface Context {
        /** The backend's host as configured (a name or an address). */
        String backendHost();

        int backendPort();
    }
}
