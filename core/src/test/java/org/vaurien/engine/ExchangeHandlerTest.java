package org.vaurien.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Direction;
import org.vaurien.spi.Directions;
import org.vaurien.spi.Effect;
import org.vaurien.spi.Framer;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Phase;
import org.vaurien.spi.Reply;
import org.vaurien.spi.Stage;
import org.vaurien.spi.StreamFault;

/**
 * The exchange handler driven as the flows drive it, with a made-up clock and in-memory routes:
 * what each effect does to which message, in which order, at which time. No sockets.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExchangeHandlerTest {
    private static final Reply ERR = Reply.of("ERR\n".getBytes(StandardCharsets.US_ASCII), false);

    /** A route that writes down what is done to its messages. */
    static final class FakeRoute implements Route {
        final List<String> log = new ArrayList<>();
        boolean inMessage;
        boolean muted;

        @Override
        public boolean inMessage() {
            return inMessage;
        }

        @Override
        public void drop() {
            log.add("drop");
        }

        @Override
        public void holdUntil(long dueNanos) {
            log.add("hold " + dueNanos);
        }

        @Override
        public void shape(Stage stage) {
            log.add("shape " + stage.getClass().getSimpleName());
        }

        @Override
        public void mute() {
            muted = true;
            log.add("mute");
        }

        @Override
        public void send(ByteBuffer own) {
            log.add("own " + StandardCharsets.US_ASCII.decode(own.duplicate()).toString().strip());
        }
    }

    /** The connection: a clock that moves only when told, and what was closed. */
    static final class FakePipes implements Pipes {
        final FakeRoute requests = new FakeRoute();
        final FakeRoute responses = new FakeRoute();
        final List<String> log = new ArrayList<>();
        long now = 1_000;
        boolean closed;

        @Override
        public long now() {
            return now;
        }

        @Override
        public Route requests() {
            return requests;
        }

        @Override
        public Route responses() {
            return responses;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close(String reason, boolean reset) {
            closed = true;
            log.add((reset ? "reset " : "close ") + reason);
        }

        @Override
        public void closeAfterForwarded(boolean reset) {
            log.add(reset ? "reset after forwarded" : "close after forwarded");
        }

        @Override
        public void closeAfterAnswered() {
            log.add("close after answered");
        }

        @Override
        public RandomGenerator payload() {
            return new SplittableRandom(1);
        }

        @Override
        public void holdRequests(boolean hold) {
            log.add(hold ? "stop reading requests" : "read requests again");
        }
    }

    /** Decides each exchange from a script, in order; PASS once the script runs out. */
    static final class Script implements Decider {
        final ArrayDeque<Injection> next = new ArrayDeque<>();
        long number;

        Script(Injection... injections) {
            next.addAll(List.of(injections));
        }

        @Override
        public void decide(ExchangeState s) {
            s.number = ++number;
            Injection i = next.poll();
            s.decided(null, i == null ? Injection.PASS : i);
        }

        @Override
        public Stage stage(ExchangeState s, Effect.Shape shape, Direction d) {
            return new Stage() { };
        }
    }

    /** A conversation whose framers only say whether a response is expected. */
    static Conversation conversation(boolean paired, boolean... expectsResponse) {
        ArrayDeque<Boolean> expects = new ArrayDeque<>();
        for (boolean e : expectsResponse) {
            expects.add(e);
        }
        Framer requests = new Framer() {
            @Override
            public Step scan(ByteBuffer in) {
                return Step.END;
            }

            @Override
            public boolean expectsResponse() {
                return expects.isEmpty() || expects.poll();
            }
        };
        Framer responses = in -> Framer.Step.END;
        return new Conversation() {
            @Override
            public Framer requests() {
                return requests;
            }

            @Override
            public Framer responses() {
                return responses;
            }

            @Override
            public Reply error() {
                return paired ? ERR : null;
            }

            @Override
            public boolean matchesResponses() {
                return paired;
            }
        };
    }

    private final FakePipes pipes = new FakePipes();

    private ExchangeHandler handler(boolean paired, Injection... script) {
        return new ExchangeHandler(pipes, new Script(script), conversation(paired), 1000);
    }

    private static void request(ExchangeHandler h) {
        h.requestStarted();
        h.requestEnded();
    }

    /** A backend response, with the route's message state as a flow keeps it. */
    private void response(ExchangeHandler h, String name) {
        pipes.responses.inMessage = true;
        h.responseStarted();
        pipes.responses.log.add("message " + name);
        pipes.responses.inMessage = false;
        h.responseEnded();
    }

    @Test
    void anErrorInAPipelineTakesExactlyTheResponsesPlace() {
        ExchangeHandler h = handler(true, Injection.PASS, Injection.error(), Injection.PASS);
        request(h);
        request(h);
        request(h);
        assertEquals(List.of("drop"), pipes.requests.log, "the second request never reaches the backend");
        response(h, "1");
        response(h, "3");
        assertEquals(List.of("message 1", "own ERR", "message 3"), pipes.responses.log);
        assertTrue(h.isIdle());
    }

    @Test
    void anErrorFirstInLineIsAnsweredAsSoonAsItsRequestEnds() {
        ExchangeHandler h = handler(true, Injection.error());
        h.requestStarted();
        assertEquals(List.of(), pipes.responses.log, "not before the request was read");
        h.requestEnded();
        assertEquals(List.of("own ERR"), pipes.responses.log);
    }

    @Test
    void aHangMutesTheRequestsAtOnceAndTheResponsesWhenItsTurnComes() {
        ExchangeHandler h = handler(true, Injection.PASS, Injection.hang());
        request(h);
        h.requestStarted();
        assertTrue(pipes.requests.muted);
        assertTrue(!pipes.responses.muted, "the first response is still owed");
        response(h, "1");
        assertEquals(List.of("message 1", "mute"), pipes.responses.log);
    }

    @Test
    void delaysHoldTheRequestOrTheResponseByExactlyTheirDuration() {
        ExchangeHandler h = handler(true, Injection.delayRequest(Duration.ofMillis(5)),
                Injection.delayResponse(Duration.ofMillis(7)));
        request(h);
        assertEquals(List.of("hold " + (1_000 + 5_000_000)), pipes.requests.log);
        request(h);
        pipes.now = 2_000;
        response(h, "1");
        pipes.now = 3_000;
        response(h, "2");
        assertEquals(List.of("message 1", "hold " + (3_000 + 7_000_000), "message 2"), pipes.responses.log);
    }

    @Test
    void aBlackoutClosesBeforeTheBackendSeesTheRequestAndAnAbortAfter() {
        handler(true, Injection.blackout()).requestStarted();
        assertEquals(List.of("close blackout"), pipes.log);
        FakePipes other = new FakePipes();
        ExchangeHandler h = new ExchangeHandler(other, new Script(Injection.abort()), conversation(true), 1000);
        h.requestStarted();
        assertEquals(List.of(), other.log);
        h.requestEnded();
        assertEquals(List.of("close after forwarded"), other.log);
    }

    @Test
    void aClientWithTooManyExchangesOwedIsNotReadUntilHalfAreAnswered() {
        ExchangeHandler h = new ExchangeHandler(pipes, new Script(), conversation(true), 4);
        for (int i = 0; i < 3; i++) {
            request(h);
        }
        assertEquals(List.of(), pipes.log);
        request(h);
        assertEquals(List.of("stop reading requests"), pipes.log, "a fourth owed: max_pending reached");
        response(h, "1");
        assertEquals(List.of("stop reading requests"), pipes.log, "three still owed");
        response(h, "2");
        assertEquals(List.of("stop reading requests", "read requests again"), pipes.log, "two owed: half");
    }

    @Test
    void aRequestThatExpectsNoAnswerGetsNoError() {
        ExchangeHandler h = new ExchangeHandler(pipes, new Script(Injection.error(), Injection.PASS),
                conversation(true, false, true), 1000);
        request(h);
        request(h);
        response(h, "2");
        assertEquals(List.of("message 2"), pipes.responses.log, "memcache's noreply: nothing was owed");
    }

    @Test
    void onARawStreamAnEffectOnTheResponseActsOnTheBackendsNextBytes() {
        ExchangeHandler h = handler(false, Injection.garble(), Injection.error());
        request(h);
        response(h, "a");
        request(h);
        assertEquals(List.of("shape GarbleStage", "message a"), pipes.responses.log.subList(0, 2));
        assertTrue(pipes.responses.log.get(2).startsWith("own "), "random bytes at once: " + pipes.responses.log);
        assertTrue(h.isIdle());
    }

    @Test
    void aShapeDrawnForOneExchangeShapesItsRequestAndItsResponse() {
        StreamFault stages = c -> new Stage() { };
        ExchangeHandler h = handler(true, Injection.at(Phase.REQUEST, new Effect.Shape(stages, Directions.BOTH)));
        request(h);
        response(h, "1");
        assertEquals(1, pipes.requests.log.size());
        assertTrue(pipes.requests.log.get(0).startsWith("shape"), pipes.requests.log.toString());
        assertEquals(2, pipes.responses.log.size());
        assertTrue(pipes.responses.log.get(0).startsWith("shape"), "before the response's first byte: " + pipes.responses.log);
    }

    /** Adding an effect means handling it in ExchangeHandler: every effect at every exchange phase it allows is handled. */
    @Test
    void everyEffectIsHandledAtEveryExchangePhaseItAllows() throws Exception {
        for (Class<?> type : Effect.class.getPermittedSubclasses()) {
            Effect effect = sample(type);
            for (Phase phase : List.of(Phase.REQUEST, Phase.RESPONSE)) {
                if (!effect.phases().contains(phase)) {
                    continue;
                }
                for (boolean paired : new boolean[] {true, false}) {
                    FakePipes p = new FakePipes();
                    ExchangeHandler h = new ExchangeHandler(p, new Script(Injection.at(phase, effect)), conversation(paired), 1000);
                    h.requestStarted();
                    h.requestEnded();
                    p.responses.inMessage = true;
                    h.responseStarted();
                    p.responses.inMessage = false;
                    h.responseEnded();
                }
            }
        }
    }

    private static Effect sample(Class<?> type) throws ReflectiveOperationException {
        if (type == Effect.Delay.class) {
            return new Effect.Delay(Duration.ofMillis(1));
        }
        if (type == Effect.Stall.class) {
            return new Effect.Stall(Duration.ZERO);
        }
        if (type == Effect.Garble.class) {
            return new Effect.Garble(10);
        }
        if (type == Effect.Respond.class) {
            return new Effect.Respond(request -> Reply.of(new byte[] {'!'}, false), java.util.Map.of());
        }
        if (type == Effect.Shape.class) {
            return new Effect.Shape(c -> new Stage() { }, Directions.BOTH);
        }
        for (var c : type.getDeclaredConstructors()) {
            if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == long.class) {
                return (Effect) c.newInstance(10L);
            }
        }
        return (Effect) type.getDeclaredConstructor().newInstance();
    }
}
