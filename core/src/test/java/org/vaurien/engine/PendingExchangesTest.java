package org.vaurien.engine;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.vaurien.Effect;
import org.vaurien.Reply;

class PendingExchangesTest {
    @Test
    void anErrorWaitsForTheResponsesOfEarlierRequests() {
        PendingExchanges p = new PendingExchanges();
        p.addPlain();
        p.addPlain();
        PendingExchanges.Entry error = p.add(Effect.Kind.ERROR, 0);
        error.reply = Reply.of(new byte[] {1}, false);
        p.addPlain();
        assertNull(p.dueWithoutBackend(), "two plain responses come first");
        assertNull(p.responseStarts());
        assertNull(p.dueWithoutBackend());
        assertNull(p.responseStarts());
        assertSame(error, p.dueWithoutBackend());
        p.pop();
        assertNull(p.responseStarts(), "the request after the error gets its own response");
        assertNull(p.dueWithoutBackend());
    }

    @Test
    void aDelayedResponseIsFoundInItsTurn() {
        PendingExchanges p = new PendingExchanges();
        p.addPlain();
        PendingExchanges.Entry delayed = p.add(Effect.Kind.DELAY_RESPONSE, 5);
        assertNull(p.responseStarts());
        assertSame(delayed, p.responseStarts());
        assertNull(p.responseStarts(), "nothing pending: an unsolicited response passes");
    }

    @Test
    void aRequestWithoutResponseIsForgotten() {
        PendingExchanges p = new PendingExchanges();
        p.addPlain();
        p.expectsNoResponse(null);
        PendingExchanges.Entry error = p.add(Effect.Kind.ERROR, 0);
        p.expectsNoResponse(error);
        assertSame(error, p.dueWithoutBackend(), "its turn came at once; the engine drops it unanswered");
    }
}
