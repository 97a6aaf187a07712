package org.vaurien.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import org.vaurien.BadInputException;
import org.vaurien.FaultListener;
import org.vaurien.FaultRecord;
import org.vaurien.config.HostPort;
import org.vaurien.config.Logging;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.Registry;
import org.vaurien.engine.Engine;
import org.vaurien.engine.ProxyServer;
import org.vaurien.faults.Replay;

/** The proxies of one process, by name: what the control API and {@code vaurien} manage. */
public final class ProxyManager implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("org.vaurien");
    private final Engine engine;
    private final Registry registry;
    private final Map<String, ManagedProxy> proxies = new LinkedHashMap<>();
    private final List<FaultListener> faultListeners = new CopyOnWriteArrayList<>();
    private volatile Replay replay;
    private volatile Stop stopped;
    /** Faults no proxy counted (an agent's connect faults), by proxy then behavior. */
    private final Map<String, Map<String, LongAdder>> publishedFaults = new ConcurrentHashMap<>();

    public ProxyManager(Engine engine, Registry registry) {
        this.engine = engine;
        this.registry = registry;
    }

    public Registry registry() {
        return registry;
    }

    /** A proxy to start: its settings, the toxics it starts with (Toxiproxy's config), enabled or not. */
    public record Planned(ProxyConfig config, List<Toxic> toxics, boolean enabled) {
        public Planned(ProxyConfig config) {
            this(config, List.of(), true);
        }
    }

    /** Proxies checked and bound, accepting nobody yet: {@link #open} them, or {@link #abandon} them. */
    public final class Prepared {
        private final List<Planned> planned;
        private final List<ProxyServer> servers;

        private Prepared(List<Planned> planned, List<ProxyServer> servers) {
            this.planned = planned;
            this.servers = servers;
        }

        /** They accept clients from now on, under the manager's names. */
        public List<ManagedProxy> open() {
            synchronized (ProxyManager.this) {
                List<ManagedProxy> started = new ArrayList<>();
                for (int i = 0; i < servers.size(); i++) {
                    Planned p = planned.get(i);
                    ProxyServer server = servers.get(i);
                    faultListeners.forEach(server.stats()::addListener);
                    Replay r = replay;
                    if (r != null && r.knows(p.config().name())) {
                        server.replay(r);
                    }
                    ManagedProxy proxy = new ManagedProxy(server, registry, p.config());
                    for (Toxic t : p.toxics()) {
                        proxy.addToxic(t);
                    }
                    if (!p.enabled()) {
                        proxy.setEnabled(false);
                    }
                    if (stopped != null) {
                        proxy.suspend(true);
                    }
                    server.open();
                    proxies.put(p.config().name(), proxy);
                    started.add(proxy);
                }
                return started;
            }
        }

        /** None of them will serve: their ports are given back. */
        public void abandon() {
            servers.forEach(ProxyServer::close);
        }
    }

    /** Starts a proxy; a mistake in its settings is a BadInputException and nothing starts. */
    public synchronized ManagedProxy start(ProxyConfig config) {
        return prepare(List.of(new Planned(config))).open().get(0);
    }

    /**
     * Checks every proxy (settings, names, hosts, toxics), then binds every port: any mistake is
     * a BadInputException, and then nothing is bound or running. Nothing accepts clients before
     * {@link Prepared#open()}, so several proxies start together or not at all.
     */
    public synchronized Prepared prepare(List<Planned> planned) {
        Set<String> names = new HashSet<>();
        List<ProxyServer.Checked> checked = new ArrayList<>();
        for (Planned p : planned) {
            String name = p.config().name();
            if (proxies.containsKey(name) || !names.add(name)) {
                throw new BadInputException("a proxy named '" + name + "' already exists");
            }
            checked.add(ProxyServer.check(p.config(), registry));
            for (Toxic t : p.toxics()) {
                try {
                    ManagedProxy.checkToxic(registry, t);
                } catch (ApiException e) {
                    throw new BadInputException("proxy '" + name + "': " + e.getMessage());
                }
            }
        }
        List<ProxyServer> bound = new ArrayList<>();
        try {
            for (ProxyServer.Checked c : checked) {
                bound.add(engine.bind(c));
            }
        } catch (RuntimeException e) {
            bound.forEach(ProxyServer::close);
            throw e;
        }
        return new Prepared(List.copyOf(planned), bound);
    }

    /**
     * A proxy as Toxiproxy's API describes it: name and upstream required, listen defaulting to a
     * free loopback port; a mistake is a 400 naming the field.
     */
    static Planned toxiproxyPlan(String name, String listen, String upstream, String protocol, boolean enabled,
                                 List<Toxic> toxics, Map<String, String> tls) {
        if (name == null || name.isBlank()) {
            throw new ApiException(400, "missing required field: name", "name");
        }
        if (upstream == null || upstream.isBlank()) {
            throw new ApiException(400, "missing required field: upstream", "upstream");
        }
        try {
            ProxyConfig.Builder b = ProxyConfig.builder().name(ProxyConfig.checkName("proxy", name))
                    .listen(listen == null || listen.isBlank() ? new HostPort("127.0.0.1", 0) : HostPort.parse(listen))
                    .backend(HostPort.parse(upstream)).protocol(protocol == null ? "tcp" : protocol)
                    .stayConnected(true).tlsTerminate(tls != null);
            if (tls != null) {
                tls.forEach(b::tlsSetting);
            }
            ProxyConfig config = b.build();
            return new Planned(config, toxics, enabled);
        } catch (BadInputException e) {
            throw new ApiException(400, e.getMessage(), null);
        }
    }

    /** Starts one proxy of Toxiproxy's API: 409 when the name is taken, 400 for any other mistake. */
    public synchronized ManagedProxy create(Planned planned) {
        if (proxies.containsKey(planned.config().name())) {
            throw new ApiException(409, "proxy already exists", "name");
        }
        try {
            return prepare(List.of(planned)).open().get(0);
        } catch (BadInputException e) {
            throw new ApiException(400, e.getMessage(), null);
        }
    }

    /**
     * Toxiproxy's populate: the proxies of the batch replace those of the same names, all or
     * nothing. The whole batch is checked before any proxy is touched; a port that cannot be
     * bound after all puts back the proxies it replaced.
     */
    public synchronized List<ManagedProxy> replace(List<Planned> batch) {
        Set<String> names = new HashSet<>();
        try {
            for (Planned p : batch) {
                if (!names.add(p.config().name())) {
                    throw new BadInputException("proxy '" + p.config().name() + "' appears twice in the batch");
                }
                ProxyServer.check(p.config(), registry);
                for (Toxic t : p.toxics()) {
                    ManagedProxy.checkToxic(registry, t);
                }
            }
        } catch (BadInputException e) {
            throw new ApiException(400, e.getMessage(), null);
        }
        List<Planned> replaced = new ArrayList<>();
        for (String name : names) {
            ManagedProxy old = proxies.remove(name);
            if (old != null) {
                // its toxics are its stack: the config's own stack would add them twice
                replaced.add(new Planned(old.config().toBuilder().stack(List.of()).build(), old.toxics(), old.enabled()));
                old.server().close();
            }
        }
        Prepared prepared;
        try {
            prepared = prepare(batch);
        } catch (BadInputException e) {
            restore(replaced);
            throw new ApiException(400, e.getMessage() + "; nothing was changed", null);
        }
        return prepared.open();
    }

    private void restore(List<Planned> replaced) {
        try {
            if (!replaced.isEmpty()) {
                prepare(replaced).open();
            }
        } catch (BadInputException e) {
            LOG.warning(() -> "control API: the proxies a failed populate replaced could not all be put back: " + e.getMessage());
        }
    }

    /** Told of every fault of every proxy, those running and those to come (the fault log, the event stream). */
    public synchronized void addFaultListener(FaultListener l) {
        faultListeners.add(l);
        proxies.values().forEach(p -> p.server().stats().addListener(l));
    }

    public synchronized void removeFaultListener(FaultListener l) {
        faultListeners.remove(l);
        proxies.values().forEach(p -> p.server().stats().removeListener(l));
    }

    /** Tells a fault that no proxy made (an agent's connect fault) to every fault listener. */
    public void publish(FaultRecord fault) {
        publishedFaults.computeIfAbsent(fault.proxy(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(fault.behavior(), k -> new LongAdder()).increment();
        for (FaultListener l : faultListeners) {
            try {
                l.onFault(fault);
            } catch (RuntimeException e) {
                LOG.warning(() -> "a fault listener failed: " + e);
            }
        }
    }

    /** How many faults of each behavior a proxy injected, those at connect that the agent made included. */
    public Map<String, Long> faultCounts(ManagedProxy p) {
        Map<String, Long> counts = new TreeMap<>(p.server().stats().faultCounts());
        publishedFaults.getOrDefault(p.name(), Map.of()).forEach((b, n) -> counts.merge(b, n.sum(), Long::sum));
        return counts;
    }

    /** When every fault was stopped, and by whom: the master switch, on. */
    public record Stop(Instant since, String by) {
    }

    /**
     * The master switch: every proxy, those started later too, injects nothing and accepts
     * connections until {@link #resumeFaults()}; settings changed meanwhile are kept for then.
     * The first stop's time and author stay.
     */
    public synchronized Stop stopFaults(String by) {
        if (stopped == null) {
            stopped = new Stop(Instant.now(), by);
            LOG.warning(() -> "every fault of every proxy stopped (" + by + ")");
        }
        proxies.values().forEach(p -> p.suspend(true));
        return stopped;
    }

    /** Every proxy does what its settings say again; false when faults were not stopped. */
    public synchronized boolean resumeFaults() {
        if (stopped == null) {
            return false;
        }
        stopped = null;
        proxies.values().forEach(p -> p.suspend(false));
        LOG.warning("faults resumed: every proxy does what its settings say");
        return true;
    }

    /** The master switch's state: null while faults run. */
    public Stop faultsStopped() {
        return stopped;
    }

    /** A fault log the proxies started from now on play back, each its own recorded faults. */
    public synchronized void replay(Replay r) {
        replay = r;
    }

    public synchronized ManagedProxy get(String name) {
        ManagedProxy p = proxies.get(name);
        if (p == null) {
            throw new ApiException(404, "proxy not found");
        }
        return p;
    }

    public synchronized List<ManagedProxy> all() {
        return new ArrayList<>(proxies.values());
    }

    public synchronized void remove(String name) {
        get(name).server().close();
        proxies.remove(name);
    }

    /** Drops the proxy from the table but leaves it running (its owner retires it). */
    public synchronized void forget(String name) {
        proxies.remove(name);
    }

    /** What every proxy does now, by name. */
    public synchronized Map<String, ManagedProxy.State> states() {
        Map<String, ManagedProxy.State> states = new LinkedHashMap<>();
        proxies.forEach((name, p) -> states.put(name, p.state()));
        return states;
    }

    /**
     * Puts every proxy back as {@code states} has it: those started since are stopped, those
     * stopped since start again (on the address they were configured with), the others restored.
     */
    public synchronized void restoreAll(Map<String, ManagedProxy.State> states) {
        List<Planned> missing = new ArrayList<>();
        states.forEach((name, state) -> {
            if (!proxies.containsKey(name)) {
                missing.add(new Planned(state.config().toBuilder().stack(List.of()).build(), state.toxics(), state.enabled()));
            }
        });
        Prepared again;
        try {
            again = prepare(missing);
        } catch (BadInputException e) {
            throw new ApiException(409, "a proxy removed since cannot start again: " + e.getMessage() + "; nothing was changed");
        }
        for (String name : new ArrayList<>(proxies.keySet())) {
            if (!states.containsKey(name)) {
                remove(name);
            }
        }
        states.forEach((name, state) -> {
            ManagedProxy p = proxies.get(name);
            if (p != null) {
                p.restore(state);
            }
        });
        again.open();
    }

    /** Every proxy enabled and without toxics, as Toxiproxy's reset. */
    public synchronized void reset() {
        for (ManagedProxy p : proxies.values()) {
            p.reset();
        }
    }

    /**
     * The proxy Vaurien's unscoped paths ({@code /behavior}) act on: the one named "default",
     * else the only one.
     */
    public synchronized ManagedProxy defaultProxy() {
        ManagedProxy named = proxies.get(ProxyConfig.DEFAULT_NAME);
        if (named != null) {
            return named;
        }
        if (proxies.size() == 1) {
            return proxies.values().iterator().next();
        }
        throw new ApiException(400, proxies.isEmpty() ? "there is no proxy"
                : "there are several proxies (" + String.join(", ", proxies.keySet()) + "): use /proxies/NAME/...", "proxy");
    }

    @Override
    public synchronized void close() {
        for (ManagedProxy p : proxies.values()) {
            p.server().close();
        }
        proxies.clear();
        if (replay != null) {
            Logging.atExit(replay.summary());
        }
    }
}
