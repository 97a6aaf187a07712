package org.vaurien.engine;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Direction;
import org.vaurien.spi.Framer;
import org.vaurien.spi.SocketPolicy;

/**
 * One proxied connection: the client's socket, the backend's, a flow each way, the dial and the
 * close; its exchanges are {@link ExchangeHandler}'s. Lives on one event loop; never locked.
 */
final class Connection implements Pipes {
    private static final Logger LOG = Logger.getLogger("org.vaurien");

    private final ProxyServer proxy;
    private final EventLoop loop;
    private final long id;
    private final SocketChannel client;
    private final String clientName;
    private final Draws draws;
    private SocketChannel backend;
    private Side clientSide;
    private Side backendSide;
    private Outbound toClient;
    private Outbound toBackend;
    private Flow upstream;
    private Flow downstream;
    private Conversation conversation;
    private SocketPolicy socketPolicy;
    private ExchangeHandler exchanges;
    private boolean raw;
    private boolean closed;
    private EventLoop.Timer connectTimer;
    private final IdleWatch idle;
    private final HeldBytes held;

    Connection(ProxyServer proxy, EventLoop loop, SocketChannel client, long id, String clientName) {
        this.proxy = proxy;
        this.loop = loop;
        this.client = client;
        this.id = id;
        this.clientName = clientName;
        this.draws = new Draws(proxy, this, id);
        this.held = new HeldBytes(proxy.budget(), proxy.stats());
        this.idle = new IdleWatch(this, loop, proxy.idleTimeoutNanos(), proxy.timeoutText());
    }

    /** Runs on the connection's loop: sets up both sides and dials the backend. */
    void open() {
        try {
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Plan plan = draws.plan();
            socketPolicy = plan.socketPolicy();
            conversation = plan.protocol().open(plan.protocolOptions(), proxy.protocolContext(draws.payload(), held::reserve));
            // a backend's TLS session belongs to its client's connection: none is parked for the next
            SocketChannel reused = socketPolicy.reuseBackend() && !proxy.terminatesTls() ? proxy.parked().take(loop) : null;
            backend = reused != null ? reused : SocketChannel.open();
            backend.configureBlocking(false);
            backend.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (socketPolicy.keepAliveProbes()) {
                client.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                backend.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            }
            clientSide = new Side(this, client, "client");
            backendSide = new Side(this, backend, "backend");
            TlsLayer[] tls = proxy.tlsLayers(client, backend);
            if (tls != null) {
                clientSide.useTls(tls[0]);
                backendSide.useTls(tls[1]);
            }
            long highWater = proxy.config().maxConnectionBuffer();
            toClient = new Outbound(this, clientSide, highWater);
            toBackend = new Outbound(this, backendSide, highWater);
            upstream = new Flow(this, Direction.UPSTREAM, clientSide, toBackend, conversation.requests());
            downstream = new Flow(this, Direction.DOWNSTREAM, backendSide, toClient, conversation.responses());
            exchanges = new ExchangeHandler(this, draws, conversation, proxy.config().maxPending());
            clientSide.wire(upstream, toClient);
            backendSide.wire(downstream, toBackend);
            clientSide.register(0);
            idle.start();
            long openDelay = draws.openDelayNanos();
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
        if (proxy.terminatesTls()) {
            try {
                backendSide.startTls();
            } catch (IOException e) {
                backendFailed("TLS: " + e.getMessage());
                return;
            }
        }
        draws.connected(upstream, downstream);
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
        proxy.stats().countBackendFailure();
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
    void switchToRaw(Framer.Step why) {
        if (raw) {
            return;
        }
        raw = true;
        if (why.limit() != null) {
            proxy.stats().limitHit(why.limit(), why.reason() + "; that connection goes on as tcp, its bytes unchanged");
        } else {
            proxy.stats().noteSwitch(id, why.reason(), why.expected());
        }
        upstream.useFramer(Flow.RAW);
        downstream.useFramer(Flow.RAW);
        exchanges.unmatch();
    }

    void sourceEnded(Flow flow) {
        if (flow == upstream && upstream.isMuted()) {
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
        return socketPolicy.reuseBackend() && !proxy.terminatesTls() && !downstream.isEnded() && !downstream.inMessage()
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

    /** Closes (or resets, with an RST to both sides) at a time a stage chose, if the stage is still in place. */
    void closeAt(long at, StageChain chain, boolean reset) {
        loop.schedule(at, () -> {
            if (chain.isActive()) {
                close(reset ? "reset by a behavior" : "closed by a behavior", reset);
            }
        });
    }

    @Override
    public void close(String reason, boolean reset) {
        if (closed) {
            return;
        }
        closed = true;
        if (connectTimer != null) {
            connectTimer.cancel();
        }
        idle.cancel();
        closeChannel(clientSide, client, reset);
        closeChannel(backendSide, backend, reset);
        if (toClient != null) {
            toClient.discard();
            toBackend.discard();
            held.budget().forget(upstream);
            held.budget().forget(downstream);
        }
        held.releaseAll();
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

    void countRead(Direction direction, int n) {
        idle.moved();
        proxy.stats().countBytes(loop, direction, n);
    }

    void countWritten(Side side, int n) {
        if (n > 0) {
            idle.moved();
        }
    }

    /** What it holds of the engine's memory budget. */
    HeldBytes held() {
        return held;
    }

    // --- Pipes: what the exchange handler acts on ---

    @Override
    public long now() {
        return loop.now();
    }

    @Override
    public Route requests() {
        return upstream;
    }

    @Override
    public Route responses() {
        return downstream;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void closeAfterForwarded(boolean reset) {
        upstream.flushPending();
        toBackend.closeAfter(loop.now(), reset);
    }

    @Override
    public void closeAfterAnswered() {
        downstream.flushPending();
        toClient.closeAfter(loop.now(), false);
    }

    @Override
    public RandomGenerator payload() {
        return draws.payload();
    }

    @Override
    public void holdRequests(boolean hold) {
        upstream.pause(Flow.PENDING, hold);
        if (hold) {
            proxy.stats().limitHit("max_pending", "a connection has " + proxy.config().maxPending()
                    + " exchanges owed an answer: its client stops being read until they are answered");
        }
    }

    // ---

    EventLoop loop() {
        return loop;
    }

    String clientName() {
        return clientName;
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
                draws.refresh();
            }
        });
    }
}
