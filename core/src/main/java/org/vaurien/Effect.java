package org.vaurien;

import java.time.Duration;
import java.util.Objects;

/**
 * What a fault does to one exchange: an effect at a phase. The set is closed so that the engine,
 * not the fault, does the waiting, the answering and the cutting, on whichever threads it runs.
 */
public abstract class Effect {
    private static final Effect PASS = new Effect(Kind.PASS, Duration.ZERO) { };
    private static final Effect ERROR = new Effect(Kind.ERROR, Duration.ZERO) { };
    private static final Effect INJECT = new Effect(Kind.INJECT, Duration.ZERO) { };
    private static final Effect HANG = new Effect(Kind.HANG, Duration.ZERO) { };
    private static final Effect BLACKOUT = new Effect(Kind.BLACKOUT, Duration.ZERO) { };
    private static final Effect ABORT = new Effect(Kind.ABORT, Duration.ZERO) { };

    /** The phase and the action, for the engine. */
    public enum Kind {
        /** Forward the request, return the response. */
        PASS,
        /** Hold the request {@link #delay()} before the backend sees it (later requests wait too). */
        DELAY_REQUEST,
        /** Forward the request at once, hold its response {@link #delay()} before the client sees it. */
        DELAY_RESPONSE,
        /** Answer with the protocol's own error (random bytes for plain tcp); the backend never sees the request. */
        ERROR,
        /** Forward the request, splice random bytes into the middle of its response. */
        INJECT,
        /** Swallow the request and everything after it; never answer; keep the connection open. */
        HANG,
        /** Close the client's connection at once; the backend never sees the request. */
        BLACKOUT,
        /** Forward the request, then cut both sides before any response. */
        ABORT
    }

    private final Kind kind;
    private final Duration delay;

    private Effect(Kind kind, Duration delay) {
        this.kind = kind;
        this.delay = delay;
    }

    public static Effect pass() {
        return PASS;
    }

    public static Effect delayRequest(Duration delay) {
        return new Effect(Kind.DELAY_REQUEST, Objects.requireNonNull(delay)) { };
    }

    public static Effect delayResponse(Duration delay) {
        return new Effect(Kind.DELAY_RESPONSE, Objects.requireNonNull(delay)) { };
    }

    public static Effect error() {
        return ERROR;
    }

    public static Effect inject() {
        return INJECT;
    }

    public static Effect hang() {
        return HANG;
    }

    public static Effect blackout() {
        return BLACKOUT;
    }

    public static Effect abort() {
        return ABORT;
    }

    public Kind kind() {
        return kind;
    }

    /** The hold of a DELAY_REQUEST or DELAY_RESPONSE; zero otherwise. */
    public Duration delay() {
        return delay;
    }

    public boolean isPass() {
        return kind == Kind.PASS;
    }

    @Override
    public String toString() {
        return delay.isZero() ? kind.name().toLowerCase() : kind.name().toLowerCase() + " " + delay;
    }
}
