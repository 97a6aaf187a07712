package org.vaurien.spi;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a fault does, apart from when it does it ({@link Phase}; the two make an
 * {@link Injection}). The set is sealed: the engine, not the fault, does the waiting, answering
 * and cutting, on its own threads, and each effect is carried out in one place
 * ({@code engine.ExchangeHandler} for exchanges, the agent's hook for connects).
 */
public sealed interface Effect {
    /** The phases at which this effect means something. */
    Set<Phase> phases();

    /** The effect's name in fault records, metrics and JFR events. */
    String wireName();

    /** Its parameters as fault records carry them (a delay in ms, a count of bytes), by name. */
    default Map<String, Object> parameters() {
        return Map.of();
    }

    /** Nothing happens. */
    Pass PASS = new Pass();

    /**
     * The effect a fault record names ({@link #wireName()}) with its {@link #parameters()}:
     * what a replay injects again. Neither a {@code Shape} nor a {@code Respond} is one of them
     * (a record names its behavior and options instead).
     */
    static Effect fromWire(String name, Map<String, Object> parameters) {
        switch (name) {
            case "pass": return PASS;
            case "delay": return new Delay(Duration.ofMillis(number(parameters, "delay_ms")));
            case "error": return new ProtocolError();
            case "inject": return new Garble((int) number(parameters, "bytes"));
            case "stall": return new Stall(Duration.ofMillis(parameters.containsKey("timeout_ms") ? number(parameters, "timeout_ms") : 0));
            case "close": return new Close();
            case "reset": return new Reset();
            case "unknown_host": return new Unresolved();
            case "truncate": return new Truncate(number(parameters, "bytes"));
            default: throw new IllegalArgumentException("no effect is named '" + name + "'");
        }
    }

    private static long number(Map<String, Object> parameters, String name) {
        Object v = parameters.get(name);
        if (!(v instanceof Number)) {
            throw new IllegalArgumentException("the parameter '" + name + "' is missing or not a number");
        }
        return ((Number) v).longValue();
    }

    /** Nothing happens. */
    record Pass() implements Effect {
        @Override
        public Set<Phase> phases() {
            return EnumSet.allOf(Phase.class);
        }

        @Override
        public String wireName() {
            return "pass";
        }
    }

    /**
     * Late: the connect completes late (CONNECT), the backend is dialled late (OPEN), the request
     * reaches the backend late and the requests after it wait (REQUEST), or the response reaches
     * the client late (RESPONSE).
     */
    record Delay(Duration duration) implements Effect {
        public Delay {
            Objects.requireNonNull(duration);
            if (duration.isNegative()) {
                throw new IllegalArgumentException("a delay cannot be negative: " + duration);
            }
        }

        @Override
        public Set<Phase> phases() {
            return EnumSet.allOf(Phase.class);
        }

        @Override
        public String wireName() {
            return "delay";
        }

        @Override
        public Map<String, Object> parameters() {
            return Map.of("delay_ms", duration.toMillis());
        }
    }

    /**
     * The protocol's own error (random bytes for raw tcp) answers the request in its turn; the
     * backend never sees the request.
     */
    record ProtocolError() implements Effect {
        @Override
        public Set<Phase> phases() {
            return EnumSet.of(Phase.REQUEST);
        }

        @Override
        public String wireName() {
            return "error";
        }
    }

    /**
     * The proxy answers the request in its turn with what {@code responder} makes of it (a
     * behavior's own response: an HTTP status with chosen headers, a redirect, a malformed
     * head); the backend never sees the request. {@code parameters} are the options that shaped
     * it, which fault records carry and a replay configures the behavior with again.
     */
    record Respond(Responder responder, Map<String, Object> parameters) implements Effect {
        public Respond {
            Objects.requireNonNull(responder);
            parameters = Map.copyOf(parameters);
        }

        @Override
        public Set<Phase> phases() {
            return EnumSet.of(Phase.REQUEST);
        }

        @Override
        public String wireName() {
            return "respond";
        }
    }

    /** The request is forwarded; {@code bytes} random bytes are spliced into the middle of its response. */
    record Garble(int bytes) implements Effect {
        @Override
        public Set<Phase> phases() {
            return EnumSet.of(Phase.RESPONSE);
        }

        @Override
        public String wireName() {
            return "inject";
        }

        @Override
        public Map<String, Object> parameters() {
            return Map.of("bytes", bytes);
        }
    }

    /**
     * Silence: the request and everything after it are swallowed and never answered, the
     * connection staying open (REQUEST); the connect never completes (CONNECT), and a connect
     * that has no timeout of its own fails after {@code failAfter} (zero: never).
     */
    record Stall(Duration failAfter) implements Effect {
        public Stall {
            Objects.requireNonNull(failAfter);
        }

        @Override
        public Set<Phase> phases() {
            return EnumSet.of(Phase.CONNECT, Phase.REQUEST);
        }

        @Override
        public String wireName() {
            return "stall";
        }

        @Override
        public Map<String, Object> parameters() {
            return failAfter.isZero() ? Map.of() : Map.of("timeout_ms", failAfter.toMillis());
        }
    }

    /**
     * The connection is closed: before the backend sees the request (REQUEST), or once the
     * request reached the backend and before any response (RESPONSE).
     */
    record Close() implements Effect {
        @Override
        public Set<Phase> phases() {
            return EnumSet.of(Phase.REQUEST, Phase.RESPONSE);
        }

        @Override
        public String wireName() {
            return "close";
        }
    }

    /**
     * A TCP reset: the connect is refused (CONNECT), or both sides get an RST before the backend
     * sees the request (REQUEST) or once it did (RESPONSE).
     */
    record Reset() implements Effect {
        @Override
        public Set<Phase> phases() {
            return EnumSet.of(Phase.CONNECT, Phase.REQUEST, Phase.RESPONSE);
        }

        @Override
        public String wireName() {
            return "reset";
        }
    }

    /** The host cannot be resolved (agent only): UnknownHostException, UnresolvedAddressException. */
    record Unresolved() implements Effect {
        @Override
        public Set<Phase> phases() {
            return EnumSet.of(Phase.CONNECT);
        }

        @Override
        public String wireName() {
            return "unknown_host";
        }
    }

    /**
     * Only the first {@code bytes} bytes of the message pass, the response's (RESPONSE) or the
     * request's (REQUEST); then the connection is closed.
     */
    record Truncate(long bytes) implements Effect {
        public Truncate {
            if (bytes < 0) {
                throw new IllegalArgumentException("cannot truncate to " + bytes + " bytes");
            }
        }

        @Override
        public Set<Phase> phases() {
            return EnumSet.of(Phase.REQUEST, Phase.RESPONSE);
        }

        @Override
        public String wireName() {
            return "truncate";
        }

        @Override
        public Map<String, Object> parameters() {
            return Map.of("bytes", bytes);
        }
    }

    /**
     * The exchange's bytes go through stages of their own: the request's from REQUEST on and the
     * response's, in the directions {@code directions} covers (a stream behavior drawn for one
     * exchange). {@code stages} makes a new stage for each direction.
     */
    record Shape(StreamFault stages, Directions directions) implements Effect {
        public Shape {
            Objects.requireNonNull(stages);
            Objects.requireNonNull(directions);
        }

        @Override
        public Set<Phase> phases() {
            return EnumSet.of(Phase.REQUEST);
        }

        @Override
        public String wireName() {
            return "shape";
        }
    }
}
