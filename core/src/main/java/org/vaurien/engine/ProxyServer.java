package org.vaurien.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.function.LongPredicate;
import java.util.random.RandomGenerator;
import org.vaurien.BadInputException;
import org.vaurien.config.HostPort;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.Registry;
import org.vaurien.faults.Replay;
import org.vaurien.spi.Option;
import org.vaurien.spi.Protocol;

/** A listening proxy: accepts clients, hands each to an event loop, holds the current plan. */
public final class ProxyServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("org.vaurien");

    private final Engine engine;
    private final ProxyConfig config;
    private final EventLoop acceptLoop;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionIds = new AtomicLong();
    private final ParkedBackends parked = new ParkedBackends();
    private final ProxyStats stats;
    private final long idleTimeoutNanos;
    private final long connectTimeoutNanos;
    private volatile Plan plan;
    private volatile InetSocketAddress backendAddress;
    private volatile String backendText;
    private final Listener listener;
    private volatile boolean closed;
    private volatile boolean retired;
    /** The behaviors it knows: what a replay configures the recorded faults' behaviors from. */
    private Registry registry;
    /** A fault log played back instead of the draws; null for none. */
    private volatile Replay replay;
    /** The mix as users read it, for the start's log line. */
    private String mix;
    /** Whether it ever accepted clients (a proxy bound but abandoned never said it listened). */
    private volatile boolean opened;
    /** TLS terminated on both legs; null when bytes pass as they are. */
    private TlsContexts tls;
    private volatile HostPort backendHostPort;

    private ProxyServer(Engine engine, ProxyConfig config, Plan plan, InetSocketAddress backend) {
        this.engine = engine;
        this.config = config;
        this.plan = plan;
        this.backendAddress = backend;
        this.backendText = config.backend().toString();
        this.backendHostPort = config.backend();
        this.acceptLoop = engine.first();
        this.stats = new ProxyStats(config.name(), this::seed, engine.threads());
        this.listener = new Listener(acceptLoop, config.backlog(), key -> acceptAll());
        this.connectTimeoutNanos = (long) (config.timeoutSeconds() * 1e9);
        this.idleTimeoutNanos = config.stayConnected() || config.timeoutSeconds() <= 0 ? 0
                : connectTimeoutNanos;
    }

    /** A proxy's settings checked as far as they can be without binding: its plan, its name, its hosts. */
    public record Checked(ProxyConfig config, Plan plan, InetSocketAddress backend, InetSocketAddress listen,
                          String mix, Registry registry, TlsContexts tls) {
    }

    /** Checks everything but the listening port; any mistake is a BadInputException. */
    public static Checked check(ProxyConfig config, Registry registry) {
        ProxyConfig.checkName("proxy", config.name());
        Plan plan = Plan.of(config, registry);
        if (config.backend().port() == 0) {
            throw new BadInputException("backend " + config.backend() + ": port 0 is no port to connect to");
        }
        InetSocketAddress backend = config.backend().resolve();
        InetSocketAddress listen;
        try {
            listen = config.listen().resolve();
        } catch (BadInputException e) {
            throw new BadInputException("cannot listen on " + config.listen() + ": " + e.getMessage());
        }
        TlsContexts tls = config.tls() == null ? null
                : TlsContexts.of(config.tls(), certificateNames(config.backend().host(), config.listen().host()));
        return new Checked(config, plan, backend, listen, plan.mixSpec().describe(registry), registry, tls);
    }

    /** The names a client may know the proxy by: the backend's, where it listens, and loopback's. */
    private static List<String> certificateNames(String backendHost, String listenHost) {
        Set<String> names = new LinkedHashSet<>(List.of(backendHost, listenHost, "localhost", "127.0.0.1", "::1"));
        names.remove("0.0.0.0");
        names.remove("::");
        names.remove("");
        return List.copyOf(names);
    }

    /** Binds a checked proxy's port; it accepts nobody until {@link #open()}. */
    static ProxyServer bind(Engine engine, Checked checked) {
        ProxyServer proxy = new ProxyServer(engine, checked.config(), checked.plan(), checked.backend());
        proxy.registry = checked.registry();
        proxy.tls = checked.tls();
        proxy.listener.bind(checked.listen(), checked.config().listen().toString());
        proxy.mix = checked.mix();
        return proxy;
    }

    /** Starts accepting clients, as its plan says (a plan that refuses connections does not listen), and says so. */
    public void open() {
        opened = true;
        acceptLoop.runAndWait(listener::register);
        listenAsPlanSays();
        LOG.info(() -> "proxy '" + config.name() + "': listening on " + HostPort.format(listener.address())
                + ", backend " + backendText + ", protocol " + plan.protocol().name() + ", behavior " + mix);
    }

    private void acceptAll() {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                LOG.warning(() -> "proxy '" + name() + "': cannot accept a connection: " + e.getMessage()
                        + "; accepting again in 100 ms");
                listener.pause(100);
                return;
            }
            if (channel == null) {
                return;
            }
            long id = connectionIds.incrementAndGet();
            EventLoop withIdleBackend = parked.loopWithIdle();
            EventLoop loop = withIdleBackend != null ? withIdleBackend : engine.next();
            Connection c = new Connection(this, loop, channel, id, clientName(channel));
            connections.add(c);
            if (loop == acceptLoop) {
                c.open();
            } else {
                loop.execute(c::open);
            }
        }
    }

    private static String clientName(SocketChannel channel) {
        try {
            return HostPort.format((InetSocketAddress) channel.getRemoteAddress());
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** Replaces the plan; every open connection applies it from its next exchange. */
    public void plan(Plan newPlan) {
        plan = newPlan;
        listenAsPlanSays();
        for (Connection c : connections) {
            c.planChanged();
        }
    }

    /**
     * {@code down}: while the plan refuses connections nothing listens (new clients get
     * "connection refused") and open connections are closed; then the same address is bound again.
     */
    private void listenAsPlanSays() {
        boolean down = plan.refusesConnections();
        acceptLoop.runAndWait(() -> {
            if (closed || retired) {
                return;
            }
            if (down && listener.isOpen()) {
                listener.down();
                for (Connection c : connections) {
                    c.loop().execute(() -> c.close("the proxy is down", false));
                }
                LOG.info(() -> "proxy '" + name() + "': down, no longer listening on " + HostPort.format(listener.address()));
            } else if (!down && !listener.isOpen()) {
                listener.up();
                LOG.info(() -> "proxy '" + name() + "': up, listening again on " + HostPort.format(listener.address()));
            }
        });
    }

    /** Listens on another address from now on; open connections stay. */
    public void moveTo(HostPort listen) {
        InetSocketAddress address;
        try {
            address = listen.resolve();
        } catch (BadInputException e) {
            throw new BadInputException("cannot listen on " + listen + ": " + e.getMessage());
        }
        acceptLoop.runAndWait(() -> listener.moveTo(address, listen.toString()));
    }

    /** Whether the proxy listens now (false while {@code down}). */
    public boolean isListening() {
        return listener.isOpen();
    }

    /** Points new connections at another backend. */
    public void backend(HostPort backend) {
        InetSocketAddress resolved = backend.resolve();
        backendAddress = resolved;
        backendHostPort = backend;
        backendText = backend.toString();
    }

    public Plan plan() {
        return plan;
    }

    public ProxyConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return listener.address().getPort();
    }

    public InetSocketAddress address() {
        return listener.address();
    }

    public String backendText() {
        return backendText;
    }

    /** What it counted, and the listeners of its faults. */
    public ProxyStats stats() {
        return stats;
    }

    public int openConnections() {
        return connections.size();
    }

    public long acceptedConnections() {
        return connectionIds.get();
    }

    /** Stops accepting for good; open connections go on until they end (an agent's session that ends). */
    public void retire() {
        acceptLoop.runAndWait(() -> {
            retired = true;
            listener.down();
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        acceptLoop.runAndWait(listener::close);
        parked.closeAll();
        for (Connection c : connections) {
            c.loop().execute(() -> c.close("proxy stopped", false));
        }
        if (opened) {
            LOG.info(() -> "proxy '" + name() + "': stopped");
        }
    }

    // --- what connections need ---

    Protocol.Context protocolContext(RandomGenerator random, LongPredicate reserve) {
        HostPort backend = config.backend();
        return new Protocol.Context() {
            @Override
            public String backendHost() {
                return backend.host();
            }

            @Override
            public int backendPort() {
                return backend.port();
            }

            @Override
            public RandomGenerator random() {
                return random;
            }

            @Override
            public boolean reserve(long bytes) {
                return reserve.test(bytes);
            }
        };
    }

    ParkedBackends parked() {
        return parked;
    }

    InetSocketAddress backendAddress() {
        return backendAddress;
    }

    boolean terminatesTls() {
        return tls != null;
    }

    /** The TLS layer for a connection's two sockets; null when the proxy does not terminate TLS. */
    TlsLayer[] tlsLayers(SocketChannel client, SocketChannel backend) {
        if (tls == null) {
            return null;
        }
        HostPort b = backendHostPort;
        return new TlsLayer[] {new TlsLayer(tls.serverEngine(), client), new TlsLayer(tls.clientEngine(b.host(), b.port()), backend)};
    }

    long connectTimeoutNanos() {
        return connectTimeoutNanos;
    }

    long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    String timeoutText() {
        return Option.format(config.timeoutSeconds()) + " s";
    }

    /** A connection's generator: from {@code --seed} and its number when a seed is given, so runs repeat. */
    SplittableRandom randomFor(long connectionId) {
        Long seed = seed();
        long s = seed != null ? seed + connectionId * 0x9E3779B97F4A7C15L
                : ThreadLocalRandom.current().nextLong();
        return new SplittableRandom(s);
    }

    /**
     * Plays a fault log back: from now on each connection gets the faults recorded for its
     * ordinal and exchange numbers, and nothing else (neither its mix nor its stack), with the
     * recorded run's seed when it has none of its own.
     */
    public void replay(Replay r) {
        replay = r;
    }

    Replay replay() {
        return replay;
    }

    /** The seed of its draws: its own, or the one of the run a replay recorded; null for none. */
    Long seed() {
        Replay r = replay;
        return config.seed() != null ? config.seed() : r != null ? r.seed() : null;
    }

    Registry registry() {
        return registry;
    }

    MemoryBudget budget() {
        return engine.budget();
    }

    /** Bytes the whole engine holds now (all its proxies). */
    public long heldBytes() {
        return engine.heldBytes();
    }

    void connectionClosed(Connection c) {
        connections.remove(c);
    }

}
