package org.vaurien.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.vaurien.engine.ExchangeState.Life;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Direction;
import org.vaurien.spi.Effect;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Phase;
import org.vaurien.spi.Reply;
import org.vaurien.spi.Stage;

/**
 * Carries out what was decided for each exchange of one connection: the one place where each
 * effect of an exchange acts, at its phase. Where the protocol pairs responses with requests,
 * the exchanges whose answer is owed wait in order, each effect waits for its own response, and
 * the proxy's own answers go out in turn (pipelining kept); on raw streams an effect on the
 * response applies to the backend's next bytes.
 */
final class ExchangeHandler {
    private static final Logger LOG = Logger.getLogger("org.vaurien");
    private static final int POOLED = 16;
    /** Random bytes that stand for an error when the protocol has none (raw tcp). */
    private static final int NOISE = 1000;

    private final Pipes pipes;
    private final Decider decider;
    private final Conversation conversation;
    /** Exchanges that may be owed an answer before the client stops being read (max_pending). */
    private final int maxPending;
    private boolean holdingRequests;
    /** Paired protocols: the exchanges whose answer is owed, oldest first. */
    // small to start: ten thousand idle connections hold two of each
    private final ArrayDeque<ExchangeState> owed = new ArrayDeque<>(4);
    private final ArrayDeque<ExchangeState> pool = new ArrayDeque<>(4);
    private boolean matched;
    /** The exchange whose request is being read; null between requests. */
    private ExchangeState reading;
    /** Raw streams: the exchange whose effect waits for the backend's next bytes. */
    private ExchangeState nextResponse;

    ExchangeHandler(Pipes pipes, Decider decider, Conversation conversation, int maxPending) {
        this.pipes = pipes;
        this.decider = decider;
        this.conversation = conversation;
        this.maxPending = maxPending;
        this.matched = conversation.matchesResponses();
    }

    /**
     * A request's first byte arrived (or its head, when its framer decides there): it is
     * decided, and its effect at REQUEST acts now.
     */
    void requestStarted() {
        ExchangeState s = pool.isEmpty() ? new ExchangeState() : pool.poll();
        s.begin();
        reading = s;
        if (matched) {
            owed.addLast(s);
            if (owed.size() >= maxPending && !holdingRequests) {
                // a pipeline to a backend that does not answer: the client waits, the proxy holds no more
                holdingRequests = true;
                pipes.holdRequests(true);
            }
        }
        s.request = conversation.requests();
        s.handshake = s.request.isHandshake();
        try {
            decider.decide(s);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "deciding exchange " + s.number + " failed; it passes", e);
            s.decided(null, Injection.PASS);
        }
        if (s.injection.phase() == Phase.REQUEST) {
            atRequest(s, s.injection.effect());
        }
    }

    private void atRequest(ExchangeState s, Effect e) {
        Route requests = pipes.requests();
        if (e instanceof Effect.Pass) {
            return;
        }
        if (e instanceof Effect.Delay d) {
            requests.holdUntil(pipes.now() + d.duration().toNanos());
        } else if (e instanceof Effect.ProtocolError || e instanceof Effect.Respond) {
            requests.drop();
            conversation.requests().dropped();
        } else if (e instanceof Effect.Stall) {
            requests.mute();
            conversation.requests().dropped();
            if (matched) {
                answerInTurn();
            } else {
                pipes.responses().mute();
            }
        } else if (e instanceof Effect.Close) {
            pipes.close("blackout", false);
        } else if (e instanceof Effect.Reset) {
            pipes.close("reset by a behavior", true);
        } else if (e instanceof Effect.Truncate t) {
            requests.shape(truncated(t.bytes()));
        } else if (e instanceof Effect.Shape shape) {
            if (shape.directions().covers(Direction.UPSTREAM)) {
                requests.shape(decider.stage(s, shape, Direction.UPSTREAM));
            }
            if (shape.directions().covers(Direction.DOWNSTREAM)) {
                s.responseStage = decider.stage(s, shape, Direction.DOWNSTREAM);
            }
        } else {
            throw new IllegalStateException(e + " has no handler at " + Phase.REQUEST);
        }
    }

    /** A request was read to its end: its answer is owed, or the proxy gives it. */
    void requestEnded() {
        ExchangeState s = reading;
        reading = null;
        if (s == null || pipes.isClosed()) {
            return;
        }
        if (s.life == Life.REQUEST) {
            s.life = Life.AWAITING;
        }
        s.expectsResponse = conversation.requests().expectsResponse();
        Injection injection = s.injection;
        if (injection.phase() == Phase.RESPONSE
                && (injection.effect() instanceof Effect.Close || injection.effect() instanceof Effect.Reset)) {
            // the backend got the request; the connection goes before any response
            pipes.closeAfterForwarded(injection.effect() instanceof Effect.Reset);
            return;
        }
        if (injection.effect() instanceof Effect.ProtocolError) {
            s.reply = errorReply();
        } else if (injection.effect() instanceof Effect.Respond r) {
            s.reply = behaviorReply(r);
        }
        if (!matched) {
            answerRaw(s);
            return;
        }
        if (!s.expectsResponse && s.life == Life.AWAITING) {
            owed.removeLastOccurrence(s);
            release(s);
        }
        answerInTurn();
        readAgainIfDrained();
    }

    /** Raw streams pair nothing: the error goes now, an effect on the response waits for the next bytes. */
    private void answerRaw(ExchangeState s) {
        if (s.reply != null) {
            pipes.responses().send(s.reply.bytes());
            if (s.reply.closeAfter()) {
                pipes.closeAfterAnswered();
            }
            release(s);
        } else if (s.shapesResponse()) {
            if (nextResponse != null) {
                release(nextResponse);
            }
            nextResponse = s;
        } else if (!s.stalls()) {
            release(s);
        }
    }

    /** The backend's response starts: it answers the oldest exchange owed, whose effect at RESPONSE acts now. */
    void responseStarted() {
        if (!matched) {
            ExchangeState s = nextResponse;
            nextResponse = null;
            if (s != null) {
                atResponse(s);
                release(s);
            }
            return;
        }
        ExchangeState s = owed.peekFirst();
        if (s == null || s.answeredByProxy() || s.life == Life.RESPONDING) {
            // bytes nobody asked for: passed as they are
            return;
        }
        s.life = Life.RESPONDING;
        atResponse(s);
    }

    private void atResponse(ExchangeState s) {
        Route responses = pipes.responses();
        if (s.responseStage != null) {
            responses.shape(s.responseStage);
        }
        if (s.injection.phase() != Phase.RESPONSE) {
            return;
        }
        Effect e = s.injection.effect();
        if (e instanceof Effect.Delay d) {
            responses.holdUntil(pipes.now() + d.duration().toNanos());
        } else if (e instanceof Effect.Garble g) {
            responses.shape(new GarbleStage(g.bytes(), pipes.payload()));
        } else if (e instanceof Effect.Truncate t) {
            responses.shape(truncated(t.bytes()));
        } else if (e instanceof Effect.Close || e instanceof Effect.Reset) {
            // the backend answered before the request ended: the cut comes now
            pipes.close("aborted by a behavior", e instanceof Effect.Reset);
        } else if (!(e instanceof Effect.Pass)) {
            throw new IllegalStateException(e + " has no handler at " + Phase.RESPONSE);
        }
    }

    /** The backend's response ended: the proxy's own answers that were waiting for it go out. */
    void responseEnded() {
        if (matched) {
            ExchangeState s = owed.peekFirst();
            if (s != null && s.life == Life.RESPONDING) {
                owed.pollFirst();
                s.life = Life.DONE;
                if (s != reading) {
                    release(s);
                }
            }
        }
        if (conversation.responses().closesAfter()) {
            pipes.closeAfterAnswered();
            return;
        }
        answerInTurn();
        readAgainIfDrained();
    }

    /** The client is read again once half of what it may have owed was answered. */
    private void readAgainIfDrained() {
        if (holdingRequests && owed.size() <= maxPending / 2) {
            holdingRequests = false;
            pipes.holdRequests(false);
        }
    }

    /** Sends the proxy's own answers whose turn has come; stops at a hang, which answers nothing ever. */
    private void answerInTurn() {
        Route responses = pipes.responses();
        if (responses.inMessage()) {
            return;
        }
        ExchangeState s;
        while (!pipes.isClosed() && (s = owed.peekFirst()) != null && s.answeredByProxy()) {
            if (s.stalls()) {
                responses.mute();
                return;
            }
            if (s.reply == null) {
                return;
            }
            owed.pollFirst();
            Reply reply = s.reply;
            responses.send(reply.bytes());
            release(s);
            if (reply.closeAfter()) {
                pipes.closeAfterAnswered();
                return;
            }
        }
    }

    /** The connection went raw: nothing is paired from now on. */
    void unmatch() {
        matched = false;
        for (ExchangeState s : owed) {
            if (s != reading) {
                release(s);
            }
        }
        owed.clear();
        readAgainIfDrained();
    }

    /** No exchange is being read or owed an answer. */
    boolean isIdle() {
        return owed.isEmpty() && reading == null && nextResponse == null;
    }

    /** Exchanges whose answer is owed. */
    int owed() {
        return owed.size();
    }

    /** Lets the first {@code bytes} bytes of a message through, then closes the connection once they are sent. */
    private static Stage truncated(long bytes) {
        return new Stage() {
            private long left = bytes;

            @Override
            public void onData(ByteBuffer data, long atNanos, Output out) {
                if (left < 0) {
                    return;
                }
                if (data.remaining() > left) {
                    data.limit(data.position() + (int) left);
                }
                left -= data.remaining();
                out.data(data, atNanos);
                if (left == 0) {
                    left = -1;
                    out.close(atNanos);
                }
            }
        };
    }

    /** A behavior's own answer; the protocol's error when the behavior fails to make one. */
    private Reply behaviorReply(Effect.Respond respond) {
        try {
            Reply reply = respond.responder().respond(conversation.requests());
            if (reply != null) {
                return reply;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a behavior failed to make its response; sending the protocol's error", e);
        }
        return errorReply();
    }

    private Reply errorReply() {
        Reply reply = null;
        try {
            reply = conversation.error();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the protocol failed to make its error; sending random bytes", e);
        }
        if (reply != null) {
            return reply;
        }
        byte[] noise = new byte[NOISE];
        pipes.payload().nextBytes(noise);
        return new Reply(ByteBuffer.wrap(noise), false);
    }

    private void release(ExchangeState s) {
        s.life = Life.DONE;
        s.behavior = null;
        s.reply = null;
        s.responseStage = null;
        if (pool.size() < POOLED) {
            pool.push(s);
        }
    }
}
