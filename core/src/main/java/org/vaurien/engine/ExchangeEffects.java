package org.vaurien.engine;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.vaurien.Conversation;
import org.vaurien.Effect;
import org.vaurien.Reply;
import org.vaurien.Stage;

/**
 * What the behaviors decided for each exchange of one connection, carried out on its flows:
 * delays, injections, the proxy's own error replies, hangs, aborts. Where the protocol pairs
 * responses with requests, each effect waits for its own response and the proxy's replies go
 * out in turn; otherwise (raw streams) an effect applies to the next bytes from the backend.
 */
final class ExchangeEffects {
    private static final Logger LOG = Logger.getLogger("org.vaurien");

    private final Connection conn;
    private final Decisions decisions;
    private final Conversation conversation;
    private final Flow upstream;
    private final Flow downstream;
    private final PendingExchanges pending = new PendingExchanges();
    private boolean matched;
    /** What was decided for the request being read; null for a message that is not an exchange. */
    private Effect.Kind requestKind;
    private PendingExchanges.Entry requestEntry;
    /** Raw streams: effects that wait for the next bytes from the backend. */
    private long nextResponseDelay = -1;
    private boolean nextResponseInject;
    private Stage nextResponseStage;

    ExchangeEffects(Connection conn, Decisions decisions, Conversation conversation, Flow upstream,
            Flow downstream) {
        this.conn = conn;
        this.decisions = decisions;
        this.conversation = conversation;
        this.upstream = upstream;
        this.downstream = downstream;
        this.matched = conversation.matchesResponses();
    }

    /** The connection went raw: nothing is paired from now on. */
    void unmatch() {
        matched = false;
        pending.clear();
    }

    /** No exchange is under way or owed an answer. */
    boolean isIdle() {
        return pending.isIdle() && requestKind == null;
    }

    void requestStarted() {
        Effect effect = decisions.decide();
        requestKind = effect.kind();
        requestEntry = null;
        long now = conn.loop().now();
        long delay = effect.delay().toNanos();
        Stage responseStage = decisions.takeResponseStage();
        if (responseStage != null && effect.isPass()) {
            if (matched) {
                requestEntry = pending.add(Effect.Kind.PASS, 0);
                requestEntry.responseStage = responseStage;
            } else {
                nextResponseStage = responseStage;
            }
            return;
        }
        switch (effect.kind()) {
            case PASS:
                addPlain();
                break;
            case DELAY_REQUEST:
                upstream.holdCurrentUntil(now + delay);
                addPlain();
                break;
            case DELAY_RESPONSE:
                if (matched) {
                    requestEntry = pending.add(Effect.Kind.DELAY_RESPONSE, delay);
                } else {
                    nextResponseDelay = delay;
                }
                break;
            case INJECT:
                if (matched) {
                    requestEntry = pending.add(Effect.Kind.INJECT, 0);
                } else {
                    nextResponseInject = true;
                }
                break;
            case ERROR:
                upstream.dropCurrent();
                conversation.requestDropped();
                if (matched) {
                    requestEntry = pending.add(Effect.Kind.ERROR, 0);
                }
                break;
            case HANG:
                upstream.silence();
                conversation.requestDropped();
                if (matched) {
                    pending.add(Effect.Kind.HANG, 0);
                    answerInTurn();
                } else {
                    downstream.silence();
                }
                break;
            case BLACKOUT:
                conn.close("blackout", false);
                break;
            case ABORT:
                addPlain();
                break;
            default:
                throw new IllegalStateException("unknown effect " + effect);
        }
    }

    private void addPlain() {
        if (matched) {
            pending.addPlain();
        }
    }

    void responseStarted() {
        long now = conn.loop().now();
        if (!matched) {
            if (nextResponseDelay >= 0) {
                downstream.holdCurrentUntil(now + nextResponseDelay);
                nextResponseDelay = -1;
            }
            if (nextResponseInject) {
                nextResponseInject = false;
                downstream.injectIntoCurrent();
            }
            if (nextResponseStage != null) {
                decisions.attachResponseStage(downstream, nextResponseStage);
                nextResponseStage = null;
            }
            return;
        }
        PendingExchanges.Entry entry = pending.responseStarts();
        if (entry == null) {
            return;
        }
        if (entry.responseStage != null) {
            decisions.attachResponseStage(downstream, entry.responseStage);
        }
        if (entry.kind == Effect.Kind.DELAY_RESPONSE) {
            downstream.holdCurrentUntil(now + entry.delayNanos);
        } else if (entry.kind == Effect.Kind.INJECT) {
            downstream.injectIntoCurrent();
        }
    }

    void responseEnded() {
        if (downstream.framer().closesAfter()) {
            downstream.flushPending();
            conn.toClient().closeAfter(conn.loop().now());
            return;
        }
        answerInTurn();
    }

    void requestEnded() {
        Effect.Kind kind = requestKind;
        requestKind = null;
        if (kind == null || conn.isClosed()) {
            return;
        }
        boolean expectsResponse = upstream.framer().expectsResponse();
        if (kind == Effect.Kind.ABORT) {
            upstream.flushPending();
            conn.toBackend().closeAfter(conn.loop().now());
        } else if (kind == Effect.Kind.ERROR && !matched) {
            Reply reply = errorReply();
            downstream.sendOwn(reply.bytes());
            if (reply.closeAfter()) {
                conn.toClient().closeAfter(conn.loop().now());
            }
        } else if (matched) {
            if (!expectsResponse) {
                pending.expectsNoResponse(requestEntry);
            } else if (kind == Effect.Kind.ERROR) {
                requestEntry.reply = errorReply();
            }
            answerInTurn();
        }
    }

    /** Sends the replies the proxy makes itself once it is their turn; stops at a hang. */
    private void answerInTurn() {
        if (downstream.isInMessage()) {
            return;
        }
        PendingExchanges.Entry e;
        while (!conn.isClosed() && (e = pending.dueWithoutBackend()) != null) {
            if (!e.expectsResponse) {
                pending.pop();
                continue;
            }
            if (e.kind == Effect.Kind.HANG) {
                downstream.silence();
                return;
            }
            if (e.reply == null) {
                return;
            }
            pending.pop();
            downstream.sendOwn(e.reply.bytes());
            if (e.reply.closeAfter()) {
                conn.toClient().closeAfter(conn.loop().now());
                return;
            }
        }
    }

    private Reply errorReply() {
        Reply reply = null;
        try {
            reply = conversation.error();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "protocol '" + decisions.plan().protocol().name()
                    + "' failed to make its error; sending random bytes", e);
        }
        return reply != null ? reply : new Reply(conn.randomBytes(1000), false);
    }
}
