package org.vaurien.agent;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.vaurien.BadInputException;
import org.vaurien.FaultRecord;
import org.vaurien.config.HostPort;
import org.vaurien.config.ProxyConfig;
import org.vaurien.control.ControlServer;
import org.vaurien.control.ManagedProxy;
import org.vaurien.control.ProxyManager;
import org.vaurien.engine.ConfiguredBehavior;
import org.vaurien.faults.FaultLog;
import org.vaurien.faults.Replay;
import org.vaurien.spi.Connect;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Phase;

/**
 * One configuration at work: its targets, the embedded proxy each destination of a target gets
 * (started at its first connect, on loopback), and the control API if asked for.
 */
final class Session {
    private static final Logger LOG = Logger.getLogger("org.vaurien");

    final AgentConfig config;
    private final ProxyManager manager;
    private final Map<String, ManagedProxy> proxies = new LinkedHashMap<>();
    /** The embedded proxies' ports: a connect to one is never redirected again. */
    final Set<Integer> proxyPorts = ConcurrentHashMap.newKeySet();
    private final SplittableRandom random;
    private FaultLog faultLog;
    private final Map<String, Long> connects = new LinkedHashMap<>();
    private ControlServer api;
    private final TargetTrust trust = new TargetTrust(this::match);

    Session(AgentConfig config, ProxyManager manager) {
        this.config = config;
        this.manager = manager;
        Long seed = config.targets().get(0).proxy().seed();
        this.random = new SplittableRandom(seed != null ? seed : ThreadLocalRandom.current().nextLong());
    }

    /**
     * Starts what must run before the first connect: with the control API, the API and the
     * proxies of concrete matches, so that its users find them at once. Without it, a proxy
     * starts at its target's first connect, and the JVM's start does not wait for it.
     */
    void start(String version) {
        manager.addFaultListener(FaultEvent::commit);
        if (config.faultLog() != null) {
            faultLog = FaultLog.open(config.faultLog());
            manager.addFaultListener(faultLog);
        }
        manager.replay(config.replay());
        for (AgentConfig.Target t : config.targets()) {
            for (Match m : t.matches()) {
                if (m.concrete() && config.http()) {
                    proxyFor(new Hit(t, m), null);
                }
            }
        }
        if (config.http()) {
            api = onDaemonThread(() -> ControlServer.start(manager, new HostPort("127.0.0.1", config.httpPort()),
                    config.httpToken(), version));
        }
    }

    /**
     * The JDK's HTTP server takes its dispatcher thread's daemon flag from the thread that starts
     * it: started from the application's main thread, it would keep the application from exiting.
     */
    private static <T> T onDaemonThread(Supplier<T> task) {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(task.get());
            } catch (RuntimeException e) {
                result.set(e);
            }
        }, "vaurien-agent-start");
        t.setDaemon(true);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while starting the control API");
        }
        if (result.get() instanceof RuntimeException e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T value = (T) result.get();
        return value;
    }

    /** {@link TargetTrust}: a chain the agent's proxy showed for a target that terminates TLS. */
    boolean trusts(X509Certificate[] chain, Object peer) {
        return trust.trusts(chain, peer);
    }

    /** A connect that matched: the target and which of its matches caught it. */
    record Hit(AgentConfig.Target target, Match match) {
    }

    Hit match(InetSocketAddress target) {
        if (proxyPorts.contains(target.getPort()) && target.getAddress() != null && target.getAddress().isLoopbackAddress()) {
            return null;
        }
        for (AgentConfig.Target t : config.targets()) {
            for (Match m : t.matches()) {
                if (m.matches(target)) {
                    return new Hit(t, m);
                }
            }
        }
        return null;
    }

    /**
     * What this connect gets: a behavior of the mix of the proxy it would go through (as the
     * control API may have changed it) is drawn and asked what happens at
     * {@link Phase#CONNECT}; a fault is told to the listeners as every fault is.
     */
    synchronized Injection drawConnect(Hit hit, InetSocketAddress destination) {
        ManagedProxy proxy = proxyFor(hit, destination);
        long n = connects.merge(proxy.name(), 1L, Long::sum);
        if (config.replay() != null) {
            return replayedConnect(proxy.name(), n);
        }
        ConfiguredBehavior b = proxy.server().plan().draw(random);
        if (b == null || b.toxicity() < 1 && random.nextDouble() >= b.toxicity()) {
            return Injection.PASS;
        }
        Injection i = b.fault().onConnect(connect(proxy.name(), n));
        // a connect fault's counters count the connects it would fail (first = 2: the third connect works)
        if (i != null && !i.isPass() && b.counts() && !b.nextConnection()) {
            return Injection.PASS;
        }
        if (i == null || i.isPass() || i.phase() != Phase.CONNECT) {
            return Injection.PASS;
        }
        FaultRecord r = new FaultRecord(Instant.now(), proxy.name(), n, "", 0, "connect", b.name(), i.wireName(),
                Phase.CONNECT.wireName(), i.parameters(), hit.target().proxy().seed());
        manager.publish(r);
        return i;
    }

    /** A replay's connect fault for this connect's number, if it recorded one; nothing else. */
    private Injection replayedConnect(String proxy, long n) {
        for (Replay.Entry e : config.replay().at(proxy, n, 0)) {
            if (e.record().phase().equals(Phase.CONNECT.wireName()) && e.place()) {
                Injection i = e.injection();
                FaultRecord r = e.record();
                manager.publish(new FaultRecord(Instant.now(), proxy, n, "", 0, r.direction(), r.behavior(), r.effect(),
                        r.phase(), r.parameters(), r.seed()));
                return i;
            }
        }
        return Injection.PASS;
    }

    private static Connect connect(String proxy, long number) {
        return new Connect() {
            @Override
            public String proxy() {
                return proxy;
            }

            @Override
            public long connection() {
                return number;
            }

            @Override
            public Phase phase() {
                return Phase.CONNECT;
            }
        };
    }

    /**
     * The embedded proxy for a connect: one per concrete {@code host:port} match, one per
     * destination of a wildcard match.
     */
    synchronized ManagedProxy proxyFor(Hit hit, InetSocketAddress destination) {
        AgentConfig.Target t = hit.target();
        Match m = hit.match();
        String host = m.concrete() ? m.host() : destination.getHostString();
        int port = m.concrete() ? m.port() : destination.getPort();
        String key = t.name() + "|" + host + ":" + port;
        ManagedProxy p = proxies.get(key);
        if (p != null) {
            return p;
        }
        boolean first = proxies.keySet().stream().noneMatch(k -> k.startsWith(t.name() + "|"));
        String name = first ? t.name() : t.name() + "-" + host.replace(':', '_') + "-" + port;
        ProxyConfig proxy = t.proxy().toBuilder().name(name).listen(new HostPort("127.0.0.1", 0))
                .backend(new HostPort(host, port)).build();
        ManagedProxy started = manager.start(proxy);
        proxyPorts.add(started.server().port());
        proxies.put(key, started);
        LOG.info(() -> "vaurien agent: target '" + t.name() + "': connects to " + host + ":" + port
                + " go through 127.0.0.1:" + started.server().port());
        return started;
    }

    /** Faults stop (every proxy passes everything); open connections keep flowing. */
    synchronized void end() {
        closeApi();
        for (ManagedProxy p : new ArrayList<>(proxies.values())) {
            p.reset();
            p.server().retire();
            manager.forget(p.name());
        }
        if (config.replay() != null) {
            LOG.info(() -> "vaurien agent: " + config.replay().summary());
        }
        if (faultLog != null) {
            faultLog.close();
        }
    }

    synchronized void closeApi() {
        if (api != null) {
            api.close();
            api = null;
        }
    }

    /** The control API's port; 0 without one. */
    int apiPort() {
        return api == null ? 0 : api.port();
    }

    List<String> targetNames() {
        List<String> names = new ArrayList<>();
        config.targets().forEach(t -> names.add(t.name() + " " + t.matches()));
        return names;
    }
}
