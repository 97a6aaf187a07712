package org.vaurien.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.vaurien.agent.bridge.Bridge;
import org.vaurien.spi.Effect;
import org.vaurien.spi.Injection;

/**
 * Decides each connect of the application: untouched (one table look-up when it matches no
 * target), sent through the target's embedded proxy, or failed the JDK's own way. The one place
 * where the effects at {@link org.vaurien.spi.Phase#CONNECT} act. Remembers redirected channels
 * so they report the address asked for.
 */
final class RedirectHook implements Bridge.Hook {
    private static final Logger LOG = Logger.getLogger("org.vaurien");
    private final Map<Object, InetSocketAddress> redirected = Collections.synchronizedMap(new WeakHashMap<>());
    private final ThreadLocal<Integer> timeoutOverride = new ThreadLocal<>();
    private final InetSocketAddress refused;
    /** Made at start on another thread (filling its queue takes a connect timeout): waited for at its first use. */
    private final Supplier<InetSocketAddress> blackhole;
    private final ConnectHolds holds;
    private volatile Session session;
    private final Set<String> nativeDelayTold = ConcurrentHashMap.newKeySet();

    RedirectHook(InetSocketAddress refused, Supplier<InetSocketAddress> blackhole, ConnectHolds holds) {
        this.refused = refused;
        this.blackhole = blackhole;
        this.holds = holds;
    }

    void session(Session s) {
        session = s;
    }

    Session session() {
        return session;
    }

    @Override
    public SocketAddress redirect(Object channel, SocketAddress target, int mode, int timeoutMs) throws IOException {
        Session s = session;
        if (s == null || !(target instanceof InetSocketAddress)) {
            return target;
        }
        InetSocketAddress t = (InetSocketAddress) target;
        Session.Hit hit = s.match(t);
        if (hit == null || t.isUnresolved()) {
            return target;
        }
        Injection drawn = s.drawConnect(hit, t);
        Effect e = drawn.effect();
        if (e instanceof Effect.Reset) {
            return refused;
        }
        if (e instanceof Effect.Unresolved) {
            if (mode == Bridge.NATIVE) {
                // Netty's native socket takes resolved addresses only: its resolver would have failed so
                throw new UnknownHostException(t.getHostString());
            }
            return InetSocketAddress.createUnresolved(t.getHostString(), t.getPort());
        }
        if (e instanceof Effect.Stall stall) {
            if (mode == Bridge.UNTIMED) {
                // a blocking channel has no timeout to shorten: it waits, then fails as one would
                sleep(stall.failAfter().toMillis());
                throw new SocketTimeoutException("Connect timed out");
            }
            timeoutOverride.set((int) Math.max(1, stall.failAfter().toMillis()));
            return blackhole.get();
        }
        InetSocketAddress via = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.proxyFor(hit, t).server().port());
        if (e instanceof Effect.Delay delay) {
            if (mode == Bridge.NATIVE) {
                warnNativeDelay(hit);
            } else {
                late(channel, mode, timeoutMs, delay.duration().toMillis());
            }
        }
        redirected.put(channel, t);
        return via;
    }

    /**
     * A native transport's connect cannot be held without stalling its event loop (it asks the
     * kernel itself for the connect's completion): it goes at once, and the user is told, once.
     */
    private void warnNativeDelay(Session.Hit hit) {
        String target = hit.target().name();
        if (nativeDelayTold.add(target)) {
            String message = "slow_connect cannot hold a connect made through Netty's native transport (epoll, io_uring);"
                    + " it goes at once (the library's NIO transport gets the delay: -Dio.netty.transport.noNative=true,"
                    + " -Dreactor.netty.native=false for reactor-netty, or a shaded copy's property)";
            LOG.warning(() -> "vaurien agent: target '" + target + "': " + message);
            NoticeEvent.commit(target, message);
        }
    }

    /**
     * A slow connect: a blocking one waits on the caller's thread (timing out first when its
     * timeout is shorter, as a slow network would make it); a non-blocking or asynchronous one
     * goes at once and its completion is held, so that no event loop stalls.
     */
    private void late(Object channel, int mode, int timeoutMs, long delayMs) throws SocketTimeoutException {
        if (mode == Bridge.NON_BLOCKING || mode == Bridge.ASYNC) {
            holds.hold(channel, delayMs, mode == Bridge.ASYNC);
            return;
        }
        if (mode == Bridge.TIMED && timeoutMs > 0 && delayMs >= timeoutMs) {
            sleep(timeoutMs);
            throw new SocketTimeoutException("Connect timed out");
        }
        sleep(delayMs);
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

    @Override
    public int interestEvents(Object key, Object channel, int events) {
        return holds.interestEvents(key, channel, events);
    }

    @Override
    public boolean trusts(X509Certificate[] chain, Object peer) {
        Session s = session;
        return s != null && s.trusts(chain, peer);
    }

    @Override
    public boolean holdsCompletion(Object channel) {
        return holds.holdsCompletion(channel);
    }
}
