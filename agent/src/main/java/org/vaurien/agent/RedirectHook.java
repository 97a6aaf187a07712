package org.vaurien.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import org.vaurien.agent.bridge.Bridge;
import org.vaurien.engine.ConfiguredBehavior;

/**
 * Decides each connect of the application: untouched (one table look-up when it matches no
 * target), sent through the target's embedded proxy, or failed the JDK's own way (refused, timed
 * out, unknown host, slow). Remembers redirected channels so they report the address asked for.
 */
final class RedirectHook implements Bridge.Hook {
    private final Map<Object, InetSocketAddress> redirected = Collections.synchronizedMap(new WeakHashMap<>());
    private final ThreadLocal<Integer> timeoutOverride = new ThreadLocal<>();
    private final InetSocketAddress refused;
    private final InetSocketAddress blackhole;
    private volatile Session session;

    RedirectHook(InetSocketAddress refused, InetSocketAddress blackhole) {
        this.refused = refused;
        this.blackhole = blackhole;
    }

    void session(Session s) {
        session = s;
    }

    Session session() {
        return session;
    }

    @Override
    public SocketAddress redirect(Object channel, SocketAddress target, boolean untimed) throws IOException {
        Session s = session;
        if (s == null || !(target instanceof InetSocketAddress)) {
            return target;
        }
        InetSocketAddress t = (InetSocketAddress) target;
        Session.Hit hit = s.match(t);
        if (hit == null || t.isUnresolved()) {
            return target;
        }
        ConfiguredBehavior drawn = s.drawConnect(hit, t);
        if (drawn != null) {
            ConnectFault fault = (ConnectFault) drawn.fault();
            FaultEvent.commit(hit.target().name(), drawn.name(), "connect", 0, 0,
                    fault.kind().name().toLowerCase(Locale.ROOT));
            switch (fault.kind()) {
                case REFUSE:
                    return refused;
                case UNKNOWN_HOST:
                    return InetSocketAddress.createUnresolved(t.getHostString(), t.getPort());
                case TIMEOUT:
                    if (untimed) {
                        sleep(fault.millis());
                        throw new SocketTimeoutException("Connect timed out");
                    }
                    timeoutOverride.set((int) fault.millis());
                    return blackhole;
                case SLOW:
                    sleep(fault.millis());
                    break;
                default:
                    break;
            }
        }
        InetSocketAddress via = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.proxyFor(hit, t).server().port());
        redirected.put(channel, t);
        return via;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int connectTimeout(int timeout) {
        Integer override = timeoutOverride.get();
        if (override == null) {
            return timeout;
        }
        timeoutOverride.remove();
        // the application's own timeout fires when it has one; ours when it has none
        return timeout > 0 ? timeout : override;
    }

    @Override
    public SocketAddress remote(Object channel, SocketAddress actual) {
        if (redirected.isEmpty()) {
            return actual;
        }
        InetSocketAddress original = redirected.get(channel);
        return original != null ? original : actual;
    }
}
