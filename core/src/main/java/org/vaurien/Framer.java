package org.vaurien;

import java.nio.ByteBuffer;

/**
 * Finds where the messages of one direction end, incrementally: bytes come in reads of any size
 * and a message may be split at any byte. A framer never changes or drops bytes; it only tells
 * where messages end. Called only from the connection's I/O thread.
 */
public interface Framer {
    /** What {@link #scan} found. */
    enum Step {
        /** All the bytes were consumed; the current message goes on. */
        MORE,
        /** The current message ended at {@code in.position()}; the next byte starts a new one. */
        END,
        /**
         * The head of the current message ended at {@code in.position()} and the message goes on;
         * only returned by framers that {@link #rewritesHeads()}.
         */
        HEAD,
        /**
         * From {@code in.position()} on, the connection is not this protocol any more (a TLS
         * switch, or bytes that do not parse: {@link #switchReason()}); both directions go on as
         * raw tcp and nothing already read is lost.
         */
        SWITCH
    }

    /** What a message is, told at its first byte. */
    enum Kind {
        /** A request (or the response to one): drawn, and matched with its answer. */
        EXCHANGE,
        /** Not part of an exchange (a handshake step, a pub/sub push): passed as it is. */
        PASS
    }

    /**
     * Called when a new message starts, with at least its first byte at {@code in.position()};
     * must not move the position.
     */
    default Kind begin(ByteBuffer in) {
        return Kind.EXCHANGE;
    }

    /** Consumes the current message's bytes from {@code in}, up to its end at most. */
    Step scan(ByteBuffer in);

    /** After a request's END: whether the backend will answer it (memcache noreply: no). */
    default boolean expectsResponse() {
        return true;
    }

    /**
     * Whether message heads are held until {@link Step#HEAD} and passed through
     * {@link #rewriteHead} before they are sent (HTTP's {@code overwrite_host_header}). Asked at
     * each message's first byte.
     */
    default boolean rewritesHeads() {
        return false;
    }

    /** The head to send in place of {@code head} (which holds the whole head, and only it). */
    default ByteBuffer rewriteHead(ByteBuffer head) {
        return head;
    }

    /** After a response's END: whether the client's connection closes once it was sent. */
    default boolean closesAfter() {
        return false;
    }

    /** Why the last scan returned {@link Step#SWITCH}, for the log. */
    default String switchReason() {
        return "";
    }

    /** Whether a SWITCH is expected (TLS) rather than a parse failure worth a warning. */
    default boolean switchIsExpected() {
        return false;
    }
}
