package org.vaurien;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vaurien.config.HostPort;
import org.vaurien.control.ApiException;
import org.vaurien.control.ManagedProxy;
import org.vaurien.control.ProxyManager;
import org.vaurien.faults.FaultLog;

/** A proxy running in this JVM; {@link #close()} stops it. Made by {@link Vaurien#proxy()}. */
public final class VaurienProxy implements BehaviorControl, AutoCloseable {
    private final ProxyManager manager;
    private final ManagedProxy proxy;
    /** Its own fault log, closed with it; null for none. */
    private final FaultLog faultLog;

    VaurienProxy(ProxyManager manager, ManagedProxy proxy, FaultLog faultLog) {
        this.manager = manager;
        this.proxy = proxy;
        this.faultLog = faultLog;
    }

    /** The port it listens on (the one it got, with port 0). */
    public int port() {
        return proxy.server().port();
    }

    public InetSocketAddress address() {
        return proxy.server().address();
    }

    public String name() {
        return proxy.name();
    }

    @Override
    public String behavior() {
        return proxy.behavior();
    }

    @Override
    public Map<String, Map<String, String>> behaviorOptions() {
        return proxy.behaviorOptions();
    }

    @Override
    public List<String> behaviors() {
        List<String> names = new ArrayList<>();
        manager.registry().behaviors().forEach(b -> names.add(b.name()));
        return names;
    }

    @Override
    public void setBehavior(String behavior, Map<String, ?> options) {
        try {
            proxy.setBehavior(behavior, BehaviorControl.nested(behavior, options));
        } catch (ApiException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /** Points new connections at another backend. */
    public void backend(String host, int port) {
        try {
            proxy.setBackend(new HostPort(host, port));
        } catch (ApiException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /** Told of every fault this proxy injects, as it is injected (on I/O threads: be quick). */
    public void onFault(FaultListener listener) {
        proxy.server().stats().addListener(listener);
    }

    /** Exchanges its connections started (requests; reads for raw tcp). */
    public long exchanges() {
        return proxy.server().stats().exchanges();
    }

    /** How many times each behavior acted. */
    public Map<String, Long> faultCounts() {
        return proxy.server().stats().faultCounts();
    }

    @Override
    public void close() {
        try {
            manager.remove(proxy.name());
        } catch (ApiException alreadyGone) {
            // closing twice is harmless
        }
        if (faultLog != null) {
            faultLog.close();
        }
    }
}
