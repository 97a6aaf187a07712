package org.vaurien.experiments;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vaurien.FaultListener;
import org.vaurien.config.HostPort;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.Registry;
import org.vaurien.control.ControlServer;
import org.vaurien.control.ManagedProxy;
import org.vaurien.control.ProxyManager;
import org.vaurien.engine.Engine;
import org.vaurien.experiments.Experiment.LocalProxy;

/**
 * The proxies an experiment starts itself, behind a control API of their own on loopback with a
 * token of the run's: the run then drives them as it drives any other, by URL.
 */
final class LocalProxies implements AutoCloseable {
    private final Engine engine;
    private final ProxyManager manager;
    private final ControlServer api;
    private final DemoBackend demo;
    private final String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private final Map<String, String> addresses = new LinkedHashMap<>();

    /** Starts them all, or none: a port taken or a bad option closes what was bound. */
    LocalProxies(Experiment e, Registry registry, String version) {
        boolean needsDemo = e.proxies().values().stream().anyMatch(p -> p.backend() == null);
        demo = needsDemo ? DemoBackend.start() : null;
        engine = new Engine(2, true);
        manager = new ProxyManager(engine, registry);
        List<ProxyManager.Planned> planned = new ArrayList<>();
        for (LocalProxy p : e.proxies().values()) {
            ProxyConfig.Builder b = ProxyConfig.builder().name(p.name()).listen(HostPort.parse(p.listen()))
                    .backend(p.backend() == null ? new HostPort("127.0.0.1", demo.port()) : HostPort.parse(p.backend()))
                    .protocol(p.protocol()).behavior(p.behavior()).seed(e.seed());
            p.options().forEach((behavior, values) -> values.forEach((k, v) -> b.behaviorOption(behavior, k, v)));
            planned.add(new ProxyManager.Planned(b.build()));
        }
        ProxyManager.Prepared prepared = null;
        ControlServer bound = null;
        try {
            prepared = manager.prepare(planned);
            bound = ControlServer.bind(manager, new HostPort("127.0.0.1", 0), token, version);
        } catch (RuntimeException failure) {
            if (prepared != null) {
                prepared.abandon();
            }
            close(null);
            throw failure;
        }
        api = bound;
        for (ManagedProxy p : prepared.open()) {
            addresses.put(p.name(), "127.0.0.1:" + p.server().port());
        }
        api.open();
    }

    /** Told of every fault of these proxies, in-process: none is lost, however many. */
    void addFaultListener(FaultListener listener) {
        manager.addFaultListener(listener);
    }

    String url() {
        return "http://127.0.0.1:" + api.port();
    }

    String token() {
        return token;
    }

    /** Each proxy's {@code host:port}, by name. */
    Map<String, String> addresses() {
        return addresses;
    }

    @Override
    public void close() {
        close(api);
    }

    private void close(ControlServer server) {
        if (server != null) {
            server.close();
        }
        manager.close();
        engine.close();
        if (demo != null) {
            demo.close();
        }
    }
}
