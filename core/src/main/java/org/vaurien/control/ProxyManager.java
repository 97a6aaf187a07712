package org.vaurien.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vaurien.BadInputException;
import org.vaurien.config.HostPort;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.Registry;
import org.vaurien.engine.Engine;
import org.vaurien.engine.ProxyServer;

/** The proxies of one process, by name: what the control API and {@code vaurien} manage. */
public final class ProxyManager implements AutoCloseable {
    private final Engine engine;
    private final Registry registry;
    private final Map<String, ManagedProxy> proxies = new LinkedHashMap<>();

    public ProxyManager(Engine engine, Registry registry) {
        this.engine = engine;
        this.registry = registry;
    }

    public Registry registry() {
        return registry;
    }

    /** Starts a proxy; a mistake in its settings is a BadInputException and nothing starts. */
    public synchronized ManagedProxy start(ProxyConfig config) {
        if (proxies.containsKey(config.name())) {
            throw new BadInputException("a proxy named '" + config.name() + "' already exists");
        }
        ProxyServer server = engine.start(config, registry);
        ManagedProxy proxy;
        try {
            proxy = new ManagedProxy(server, registry, config);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        proxies.put(config.name(), proxy);
        return proxy;
    }

    /** Toxiproxy's create: name and upstream required, listen defaulting to a free loopback port. */
    public synchronized ManagedProxy create(String name, String listen, String upstream, String protocol, boolean enabled) {
        if (name == null || name.isBlank()) {
            throw new ApiException(400, "missing required field: name", "name");
        }
        if (upstream == null || upstream.isBlank()) {
            throw new ApiException(400, "missing required field: upstream", "upstream");
        }
        if (proxies.containsKey(name)) {
            throw new ApiException(409, "proxy already exists", "name");
        }
        ProxyConfig config;
        try {
            config = ProxyConfig.builder().name(name)
                    .listen(listen == null || listen.isBlank() ? new HostPort("127.0.0.1", 0) : HostPort.parse(listen))
                    .backend(HostPort.parse(upstream)).protocol(protocol == null ? "tcp" : protocol)
                    .stayConnected(true).build();
            ManagedProxy proxy = start(config);
            if (!enabled) {
                proxy.setEnabled(false);
            }
            return proxy;
        } catch (BadInputException e) {
            throw new ApiException(400, e.getMessage(), null);
        }
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
    }
}
