package org.vaurien.spi;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Finds where the messages of one direction end, incrementally: bytes come in reads of any size
 * and a message may be split at any byte. A framer never changes or drops bytes; it only tells
 * where messages end. Called only from the connection's I/O thread.
 */
public interface Framer {
    /** What {@link #scan} found: one of the constants, or a switch to raw tcp with its reason. */
    final class Step {
        /** All the bytes were consumed; the current message goes on. */
        public static final Step MORE = new Step("more", false);
        /** The current message ended at {@code in.position()}; the next byte starts a new one. */
        public static final Step END = new Step("end", false);
        /**
         * The head of the current message ended at {@code in.position()} and the message goes on;
         * only returned by framers that {@link #rewritesHeads()} or {@link #decidesAtHead()}.
         */
        public static final Step HEAD = new Step("head", false);

        private final String reason;
        private final boolean expected;
        private final String limit;

        private Step(String reason, boolean expected) {
            this(reason, expected, null);
        }

        private Step(String reason, boolean expected, String limit) {
            this.reason = reason;
            this.expected = expected;
            this.limit = limit;
        }

        /**
         * From {@code in.position()} on, the connection is not this protocol any more: both
         * directions go on as raw tcp and nothing already read is lost. {@code reason} is logged
         * once per proxy: as news when {@code expected} (a TLS switch, a subscription), as a
         * warning when the bytes did not parse.
         */
        public static Step raw(String reason, boolean expected) {
            return new Step(Objects.requireNonNull(reason), expected);
        }

        /**
         * A switch to raw tcp because the message went past one of the proxy's limits (a
         * nesting deeper than allowed, the memory budget spent): the bytes pass unchanged, and
         * the limit is counted in the metrics under its name.
         */
        public static Step limit(String limit, String reason) {
            return new Step(Objects.requireNonNull(reason), false, Objects.requireNonNull(limit));
        }

        /** The limit a {@link #limit} switch went past; null for any other step. */
        public String limit() {
            return limit;
        }

        /** A switch to raw tcp (neither MORE, END nor HEAD). */
        public boolean isSwitch() {
            return this != MORE && this != END && this != HEAD;
        }

        /** Why the connection goes raw. */
        public String reason() {
            return reason;
        }

        /** Whether the switch is expected rather than bytes that did not parse. */
        public boolean expected() {
            return expected;
        }

        @Override
        public String toString() {
            return isSwitch() ? "raw (" + reason + ")" : reason;
        }
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
     * The request that has just started will not reach the backend: the proxy answers it (an
     * error) or never does (a hang). A framer that records what was sent so that responses can
     * be framed (HTTP's HEAD, MySQL's commands) must not count this one.
     */
    default void dropped() {
    }

    /**
     * Whether message heads are held until {@link Step#HEAD} and passed through
     * {@link #rewriteHead} before they are sent (HTTP's {@code overwrite_host_header}). Asked at
     * each message's first byte.
     */
    default boolean rewritesHeads() {
        return false;
    }

    /**
     * Whether the request that has just begun is decided only once its head was read (at
     * {@link Step#HEAD}, or at its end): its bytes are held until then, so that what the head
     * says (the command) can decide it. Asked at each request's first byte, after {@link #begin}.
     */
    default boolean decidesAtHead() {
        return false;
    }

    /**
     * Once the head was read: the request is a step of the connection's set-up (Redis
     * {@code HELLO} or {@code AUTH}, SMTP {@code EHLO}), which passes without a draw, so that a
     * client's connection can be made under any mix. A protocol's option may have them drawn.
     */
    default boolean isHandshake() {
        return false;
    }

    /**
     * Once the head was read: a field of the request that a behavior's {@code match} tests, by
     * the names its protocol's {@link Protocol#matchFields()} lists ({@code command},
     * {@code key}, {@code path}, {@code header:NAME}...); null when the request has none.
     */
    default String field(String name) {
        return null;
    }

    /** The head to send in place of {@code head} (which holds the whole head, and only it). */
    default ByteBuffer rewriteHead(ByteBuffer head) {
        return head;
    }

    /** After a response's END: whether the client's connection closes once it was sent. */
    default boolean closesAfter() {
        return false;
    }
}
