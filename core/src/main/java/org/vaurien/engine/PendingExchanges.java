package org.vaurien.engine;

import java.util.ArrayDeque;
import org.vaurien.Effect;
import org.vaurien.Reply;

/**
 * Which response answers which request, for protocols that keep them in order (pipelining).
 * Only exchanges with an effect on their response are kept as entries; the plain ones in
 * between are counted, so a pipeline of passing requests costs no allocation.
 */
final class PendingExchanges {
    /** An exchange whose response is not simply passed on. */
    static final class Entry {
        final Effect.Kind kind;
        final long delayNanos;
        /** Plain responses still due before this exchange's turn. */
        long plainBefore;
        /** For ERROR: the reply, once the request has been read to its end. */
        Reply reply;
        /** False when the request turned out to expect no response (memcache noreply). */
        boolean expectsResponse = true;
        /** Stream stages drawn for this exchange's response. */
        org.vaurien.Stage responseStage;

        Entry(Effect.Kind kind, long delayNanos) {
            this.kind = kind;
            this.delayNanos = delayNanos;
        }

        boolean answeredByProxy() {
            return kind == Effect.Kind.ERROR || kind == Effect.Kind.HANG;
        }
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long tailPlain;

    /** A request whose response passes as it is. */
    void addPlain() {
        tailPlain++;
    }

    Entry add(Effect.Kind kind, long delayNanos) {
        Entry e = new Entry(kind, delayNanos);
        e.plainBefore = tailPlain;
        tailPlain = 0;
        entries.add(e);
        return e;
    }

    /**
     * The request that just ended expects no response: forget it. It is the last one added
     * ({@code entry}, or a plain one when null), since no later request has started.
     */
    void expectsNoResponse(Entry entry) {
        if (entry == null) {
            if (tailPlain > 0) {
                tailPlain--;
            }
        } else {
            entry.expectsResponse = false;
        }
    }

    /** A response from the backend starts: the entry it answers, or null for a plain one. */
    Entry responseStarts() {
        Entry head = entries.peek();
        if (head == null) {
            if (tailPlain > 0) {
                tailPlain--;
            }
            return null;
        }
        if (head.plainBefore > 0) {
            head.plainBefore--;
            return null;
        }
        if (head.answeredByProxy() || !head.expectsResponse) {
            return null;
        }
        return entries.poll();
    }

    /** The entry whose turn it is and that the backend will not answer, or null. */
    Entry dueWithoutBackend() {
        Entry head = entries.peek();
        if (head == null || head.plainBefore > 0) {
            return null;
        }
        return head.answeredByProxy() || !head.expectsResponse ? head : null;
    }

    void pop() {
        entries.poll();
    }

    /** No request is waiting for its response. */
    boolean isIdle() {
        return entries.isEmpty() && tailPlain == 0;
    }

    /** Forget everything: the conversation became raw tcp. */
    void clear() {
        entries.clear();
        tailPlain = 0;
    }
}
