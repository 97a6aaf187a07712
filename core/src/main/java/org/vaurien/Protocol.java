package org.vaurien;

/**
 * A conversation's framing: turns each direction's bytes into messages so that a fault lands on
 * one request and its response. Found with {@link java.util.ServiceLoader} by {@link #name()}.
 */
public interface Protocol extends Plugin {
    /** The state of one connection's conversation; a new one for every connection. */
    Conversation open(Options options);
}
