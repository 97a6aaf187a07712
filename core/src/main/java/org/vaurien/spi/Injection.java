package org.vaurien.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link Effect} at a {@link Phase}: what a fault decided for an exchange or a connect. The
 * factories name the faults users know ({@link #blackout()} is a close before the request,
 * {@link #abort()} a close after it).
 */
public record Injection(Phase phase, Effect effect) {
    public static final Injection PASS = new Injection(Phase.REQUEST, Effect.PASS);
    private static final Injection ERROR = new Injection(Phase.REQUEST, new Effect.ProtocolError());
    private static final Injection HANG = new Injection(Phase.REQUEST, new Effect.Stall(Duration.ZERO));
    private static final Injection BLACKOUT = new Injection(Phase.REQUEST, new Effect.Close());
    private static final Injection ABORT = new Injection(Phase.RESPONSE, new Effect.Close());
    private static final Injection REFUSE = new Injection(Phase.CONNECT, new Effect.Reset());
    private static final Injection UNKNOWN_HOST = new Injection(Phase.CONNECT, new Effect.Unresolved());

    public Injection {
        Objects.requireNonNull(phase);
        Objects.requireNonNull(effect);
        if (!effect.phases().contains(phase)) {
            throw new IllegalArgumentException(effect + " cannot act at " + phase + " (only at " + effect.phases() + ")");
        }
    }

    public static Injection at(Phase phase, Effect effect) {
        return new Injection(phase, effect);
    }

    public static Injection pass() {
        return PASS;
    }

    /** The request reaches the backend {@code delay} late. */
    public static Injection delayRequest(Duration delay) {
        return new Injection(Phase.REQUEST, new Effect.Delay(delay));
    }

    /** The response reaches the client {@code delay} late. */
    public static Injection delayResponse(Duration delay) {
        return new Injection(Phase.RESPONSE, new Effect.Delay(delay));
    }

    /** The protocol's error in place of the response; the backend never sees the request. */
    public static Injection error() {
        return ERROR;
    }

    /** 100 random bytes spliced into the response. */
    public static Injection garble() {
        return new Injection(Phase.RESPONSE, new Effect.Garble(100));
    }

    /** No answer, ever, on an open connection. */
    public static Injection hang() {
        return HANG;
    }

    /** The connection closed before the backend sees the request. */
    public static Injection blackout() {
        return BLACKOUT;
    }

    /** The request reaches the backend, then the connection is cut before any response. */
    public static Injection abort() {
        return ABORT;
    }

    /** The connect refused, as a closed port does. */
    public static Injection refuse() {
        return REFUSE;
    }

    /** The connect's host unknown. */
    public static Injection unknownHost() {
        return UNKNOWN_HOST;
    }

    public boolean isPass() {
        return effect instanceof Effect.Pass;
    }

    /**
     * The injection a fault record names: the inverse of {@link #wireName()} and
     * {@link #parameters()}, for a replay.
     */
    public static Injection fromRecord(String effectName, Phase phase, Map<String, Object> parameters) {
        String effect = switch (effectName) {
            case "blackout", "abort" -> "close";
            case "hang", "timeout" -> "stall";
            case "refuse" -> "reset";
            case "delay_request", "delay_response", "slow", "slow_open" -> "delay";
            default -> effectName;
        };
        return new Injection(phase, Effect.fromWire(effect, parameters));
    }

    /** The effect's parameters as fault records carry them. */
    public Map<String, Object> parameters() {
        return effect.parameters();
    }

    /**
     * The name fault records, metrics and JFR events give it: the effect's, with the phase where
     * the effect acts at several (delay_request, delay_response), and the names users know for
     * a close (blackout, abort), a stall (hang, connect timeout) and a reset (refuse).
     */
    public String wireName() {
        if (effect instanceof Effect.Close) {
            return phase == Phase.REQUEST ? "blackout" : "abort";
        }
        if (effect instanceof Effect.Stall) {
            return phase == Phase.CONNECT ? "timeout" : "hang";
        }
        if (effect instanceof Effect.Reset && phase == Phase.CONNECT) {
            return "refuse";
        }
        if (effect instanceof Effect.Delay) {
            return phase == Phase.CONNECT ? "slow" : phase == Phase.OPEN ? "slow_open" : "delay_" + phase.wireName();
        }
        return effect.wireName();
    }
}
