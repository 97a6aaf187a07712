package org.vaurien.engine;

import org.vaurien.spi.Effect;
import org.vaurien.spi.Framer;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Phase;
import org.vaurien.spi.Reply;
import org.vaurien.spi.Stage;

/**
 * One exchange, from its request's first byte to the end of its answer: what was decided for it
 * and where it is in its life. The same for framed and raw connections; records are pooled by
 * their connection, so a pipeline costs no allocation.
 */
final class ExchangeState {
    /** The life of an exchange; it only moves forward. */
    enum Life {
        /** Its request is being read. */
        REQUEST,
        /** Its request was read; its answer (the backend's response, or the proxy's own) is owed. */
        AWAITING,
        /** The backend's response to it is being passed. */
        RESPONDING,
        /** Answered, dropped or forgotten. */
        DONE
    }

    long number;
    Life life = Life.DONE;
    /** The behavior that decided it; null when none did. */
    ConfiguredBehavior behavior;
    Injection injection = Injection.PASS;
    /** False when its request expects no answer (memcache's noreply). */
    boolean expectsResponse = true;
    /** The proxy's own answer (the protocol's error), once its request was read to the end. */
    Reply reply;
    /** A stage of its own for its response's bytes (a stream behavior drawn for this exchange). */
    Stage responseStage;
    /** The framer that read its request's head: the fields a matcher tests. */
    Framer request;
    /** Its request sets the connection up (Redis HELLO): drawn only by a matcher that names it. */
    boolean handshake;

    void begin() {
        number = 0;
        life = Life.REQUEST;
        behavior = null;
        injection = Injection.PASS;
        expectsResponse = true;
        reply = null;
        responseStage = null;
        request = null;
        handshake = false;
    }

    void decided(ConfiguredBehavior by, Injection what) {
        behavior = by;
        injection = what;
    }

    /** The backend never sees it: the proxy answers it (an error, a behavior's response) or nobody does (a hang). */
    boolean answeredByProxy() {
        Effect e = injection.effect();
        return e instanceof Effect.ProtocolError || e instanceof Effect.Respond || e instanceof Effect.Stall;
    }

    boolean stalls() {
        return injection.effect() instanceof Effect.Stall;
    }

    /** Whether something happens to its response (it waits for the backend's next bytes when raw). */
    boolean shapesResponse() {
        return responseStage != null || injection.phase() == Phase.RESPONSE && !injection.isPass();
    }

    @Override
    public String toString() {
        return "exchange " + number + " " + life + " " + injection.wireName();
    }
}
