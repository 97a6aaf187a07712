package org.vaurien.engine;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import org.vaurien.Conversation;
import org.vaurien.Direction;

/**
 * One proxied connection: the client's socket, the backend's, a flow each way, the dial and the
 * close; its exchanges' effects are {@link ExchangeEffects}'. Lives on one event loop; never locked.
 */
final class Connection {
    private static final Logger LOG = Logger.getLogger("org.vaurien");

    private final ProxyServer proxy;
    private final EventLoop loop;
    private final long id;
    private final SocketChannel client;
    private final String clientName;
    private final Decisions decisions;
    private SocketChannel backend;
    private Side clientSide;
    private Side backendSide;
    private Outbound toClient;
    private Outbound toBackend;
    private Flow upstream;
    private Flow downstream;
    private Conversation conversation;
    private ExchangeEffects exchanges;
    private boolean raw;
    private boolean closed;
    private EventLoop.Timer connectTimer;
    private EventLoop.Timer idleTimer;
    private long lastActivity;

    Connection(ProxyServer proxy, EventLoop loop, SocketChannel client, long id, String clientName) {
        this.proxy = proxy;
        this.loop = loop;
        this.client = client;
        this.id = id;
        this.clientName = clientName;
        this.decisions = new Decisions(proxy, this, id);
    }

    /** Runs on the connection's loop: sets up both sides and dials the backend. */
    void open() {
        try {
            lastActivity = loop.now();
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Plan plan = decisions.plan();
            conversation = plan.protocol().open(plan.protocolOptions(), proxy.protocolContext());
            SocketChannel reused = conversation.reuseBackend() ? proxy.parked().take(loop) : null;
            backend = reused != null ? reused : SocketChannel.open();
            backend.configureBlocking(false);
            backend.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (conversation.keepAliveProbes()) {
                client.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                backend.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            }
            clientSide = new Side(this, client, "client");
            backendSide = new Side(this, backend, "backend");
            toClient = new Outbound(this, clientSide);
            toBackend = new Outbound(this, backendSide);
            upstream = new Flow(this, Direction.UPSTREAM, clientSide, toBackend, conversation.requests());
            downstream = new Flow(this, Direction.DOWNSTREAM, backendSide, toClient, conversation.responses());
            exchanges = new ExchangeEffects(this, decisions, conversation, upstream, downstream);
            clientSide.wire(upstream, toClient);
            backendSide.wire(downstream, toBackend);
            clientSide.register(0);
            scheduleIdle();
            long openDelay = decisions.openDelayNanos();
            if (reused != null) {
                backendSide.register(0);
                onConnected();
            } else if (openDelay > 0) {
                // slow_open: the client's bytes wait in its socket until the backend is dialled
                connectTimer = loop.schedule(loop.now() + openDelay, this::dial);
            } else {
                dial();
            }
        } catch (IOException | RuntimeException e) {
            backendFailed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void dial() {
        if (closed) {
            return;
        }
        try {
            if (backend.connect(proxy.backendAddress())) {
                onConnected();
            } else {
                backendSide.register(SelectionKey.OP_CONNECT);
                connectTimer = loop.schedule(loop.now() + proxy.connectTimeoutNanos(),
                        () -> backendFailed("no answer within " + proxy.timeoutText()));
            }
        } catch (IOException | RuntimeException e) {
            backendFailed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    void onBackendConnectable() {
        try {
            if (!backend.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            backendFailed(e.getMessage());
            return;
        }
        onConnected();
    }

    private void onConnected() {
        if (connectTimer != null) {
            connectTimer.cancel();
        }
        try {
            if (backendSide.channel().keyFor(loop.selector()) == null) {
                backendSide.register(0);
            }
        } catch (IOException e) {
            backendFailed(e.getMessage());
            return;
        }
        backendSide.interest(SelectionKey.OP_CONNECT, false);
        decisions.connected(upstream, downstream);
        if (!closed) {
            downstream.startReading();
            upstream.startReading();
        }
    }

    private void backendFailed(String reason) {
        if (closed) {
            return;
        }
        LOG.warning(() -> "proxy '" + proxy.name() + "': backend " + proxy.backendText()
                + " cannot be reached for client " + clientName + " (" + reason
                + "); closing the client's connection");
        proxy.countBackendFailure();
        close("backend unreachable", false);
    }

    /** A message's first byte arrived on a flow and the framer says it is part of an exchange. */
    void messageStarted(Flow flow) {
        if (flow == upstream) {
            exchanges.requestStarted();
        } else {
            exchanges.responseStarted();
        }
    }

    /** A message ended on a flow. */
    void messageEnded(Flow flow) {
        if (flow == upstream) {
            exchanges.requestEnded();
        } else {
            exchanges.responseEnded();
        }
    }

    /** The framer of one direction found bytes that are not its protocol: raw tcp from now on. */
    void switchToRaw(String reason, boolean expected) {
        if (raw) {
            return;
        }
        raw = true;
        proxy.noteSwitch(id, reason, expected);
        upstream.useFramer(Flow.RAW);
        downstream.useFramer(Flow.RAW);
        exchanges.unmatch();
    }

    void sourceEnded(Flow flow) {
        if (flow == upstream && upstream.isSilenced()) {
            close("the client left a hung connection", false);
            return;
        }
        if (flow == upstream && canParkBackend()) {
            parkBackend();
            return;
        }
        flow.passEnd();
        checkDone();
    }

    /** reuse_socket: the client left and the backend owes it nothing. */
    private boolean canParkBackend() {
        return conversation.reuseBackend() && !downstream.isEnded() && !downstream.isInMessage()
                && toBackend.isEmpty() && toClient.isEmpty() && exchanges.isIdle();
    }

    private void parkBackend() {
        SelectionKey key = backendSide.key();
        backend = null;
        // parked before the connection counts as closed, so the next client can have it
        proxy.parked().park(loop, key);
        close("the client left; its backend connection is kept for the next client", false);
    }

    /** Closes once both directions ended and everything was sent. */
    void checkDone() {
        if (!closed && upstream.isEnded() && downstream.isEnded() && toClient.isEmpty()
                && toBackend.isEmpty()) {
            close("both sides closed", false);
        }
    }

    void fail(Side side, IOException e) {
        String message = String.valueOf(e.getMessage());
        close(side.label() + ": " + message, message.contains("reset"));
    }

    /** Closes (or resets, with an RST to both sides) at a time a stage chose. */
    void closeAt(long at, StageChain chain, boolean reset) {
        loop.schedule(at, () -> {
            if (decisions.isCurrent(chain)) {
                close(reset ? "reset by a behavior" : "closed by a behavior", reset);
            }
        });
    }

    void close(String reason, boolean reset) {
        if (closed) {
            return;
        }
        closed = true;
        if (connectTimer != null) {
            connectTimer.cancel();
        }
        if (idleTimer != null) {
            idleTimer.cancel();
        }
        closeChannel(clientSide, client, reset);
        closeChannel(backendSide, backend, reset);
        if (toClient != null) {
            toClient.discard();
            toBackend.discard();
        }
        proxy.connectionClosed(this);
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("proxy '" + proxy.name() + "': connection #" + id + " from " + clientName
                    + " closed: " + reason);
        }
    }

    private static void closeChannel(Side side, SocketChannel channel, boolean reset) {
        if (channel == null) {
            return;
        }
        try {
            if (reset && channel.isOpen()) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException ignored) {
            // not connected: a plain close is all there is
        }
        if (side != null) {
            side.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private void scheduleIdle() {
        long idle = proxy.idleTimeoutNanos();
        if (idle > 0) {
            idleTimer = loop.schedule(lastActivity + idle, this::idleCheck);
        }
    }

    private void idleCheck() {
        if (closed) {
            return;
        }
        long idle = proxy.idleTimeoutNanos();
        if (loop.now() - lastActivity >= idle) {
            close("idle for " + proxy.timeoutText(), false);
        } else {
            idleTimer = loop.schedule(lastActivity + idle, this::idleCheck);
        }
    }

    void countRead(Direction direction, int n) {
        lastActivity = loop.now();
        proxy.countBytes(direction, n);
    }

    void countWritten(Side side, int n) {
        // reads are what is counted; a hook for write-side metrics if they are ever wanted
    }

    ByteBuffer randomBytes(int n) {
        byte[] bytes = new byte[n];
        decisions.random().nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    RandomGenerator random() {
        return decisions.random();
    }

    boolean isClosed() {
        return closed;
    }

    EventLoop loop() {
        return loop;
    }

    long id() {
        return id;
    }

    Outbound toClient() {
        return toClient;
    }

    Outbound toBackend() {
        return toBackend;
    }

    /** From another thread: the plan changed; apply it now so idle connections see it too. */
    void planChanged() {
        loop.execute(() -> {
            if (!closed && upstream != null) {
                decisions.refresh(upstream, downstream);
            }
        });
    }
}
