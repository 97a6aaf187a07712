package org.vaurien.agent.bridge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectableChannel;

/**
 * What the advice inlined into the JDK's socket classes calls. It sits on the boot class path,
 * depends on nothing, and holds only a hook: without one (no session), every call gives back its
 * argument. It never throws: a failing hook leaves the connection as the application made it.
 */
public final class Bridge {
    /** The agent's side. */
    public interface Hook {
        /**
         * Where to connect instead of {@code target}; {@code target} itself when nothing changes.
         * {@code untimed}: the connect has no timeout the agent could shorten (a blocking
         * {@code SocketChannel.connect}). An IOException thrown here is a fault to inject.
         */
        SocketAddress redirect(Object channel, SocketAddress target, boolean untimed) throws IOException;

        /** The connect timeout in ms, given the application's (0: none) after a redirect on this thread. */
        int connectTimeout(int timeout);

        /** What the application sees as the remote address of {@code channel}, given the real one. */
        SocketAddress remote(Object channel, SocketAddress actual);
    }

    private static volatile Hook hook;
    /** The agent's runtime, whichever copy of the agent jar started it. */
    private static volatile Object runtime;
    private static final ThreadLocal<Boolean> OWN = new ThreadLocal<Boolean>();

    private Bridge() {
    }

    public static Object runtime() {
        return runtime;
    }

    public static void runtime(Object r) {
        runtime = r;
    }

    public static void install(Hook h) {
        hook = h;
    }

    public static Hook installed() {
        return hook;
    }

    /** Marks the calling thread as the agent's: its connects are never redirected. */
    public static void markOwnThread() {
        OWN.set(Boolean.TRUE);
    }

    /** A connect the agent can give a timeout to: {@code Socket.connect}, {@code blockingConnect}, asynchronous. */
    public static SocketAddress connect(Object channel, SocketAddress target) {
        try {
            return redirect(channel, target, false);
        } catch (IOException e) {
            debug(e);
            return target;
        }
    }

    /** {@code SocketChannel.connect}: may throw the IOException of an injected fault. */
    public static SocketAddress connectChannel(Object channel, SocketAddress target) throws IOException {
        boolean untimed = channel instanceof SelectableChannel && ((SelectableChannel) channel).isBlocking();
        SocketAddress to = redirect(channel, target, untimed);
        connectTimeout(0); // no timeout to override here: the application's own (Netty's, HttpClient's) fires
        return to;
    }

    private static SocketAddress redirect(Object channel, SocketAddress target, boolean untimed) throws IOException {
        Hook h = hook;
        if (h == null || OWN.get() != null) {
            return target;
        }
        try {
            SocketAddress to = h.redirect(channel, target, untimed);
            return to == null ? target : to;
        } catch (IOException injected) {
            throw injected;
        } catch (Throwable t) {
            debug(t);
            return target;
        }
    }

    /** {@code -Dvaurien.agent.debug=true} shows what the bridge swallowed, to diagnose the agent. */
    private static void debug(Throwable t) {
        if (Boolean.getBoolean("vaurien.agent.debug")) {
            t.printStackTrace();
        }
    }

    public static int connectTimeout(int timeout) {
        Hook h = hook;
        if (h == null || OWN.get() != null) {
            return timeout;
        }
        try {
            return h.connectTimeout(timeout);
        } catch (Throwable t) {
            return timeout;
        }
    }

    public static long connectTimeoutNanos(long nanos) {
        int ms = connectTimeout(nanos <= 0 ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, nanos / 1000000L)));
        return ms == 0 ? nanos : ms * 1000000L;
    }

    public static SocketAddress remote(Object channel, SocketAddress actual) {
        Hook h = hook;
        if (h == null || actual == null) {
            return actual;
        }
        try {
            return h.remote(channel, actual);
        } catch (Throwable t) {
            return actual;
        }
    }

    /** The address the application asked for, when the channel was redirected; null otherwise. */
    private static SocketAddress original(Object channel) {
        Hook h = hook;
        try {
            return h == null ? null : h.remote(channel, null);
        } catch (Throwable t) {
            return null;
        }
    }

    public static InetAddress remoteInet(Object channel, InetAddress actual) {
        if (hook == null || actual == null) {
            return actual;
        }
        SocketAddress mapped = original(channel);
        return mapped instanceof InetSocketAddress && ((InetSocketAddress) mapped).getAddress() != null
                ? ((InetSocketAddress) mapped).getAddress() : actual;
    }

    public static int remotePort(Object channel, int actual) {
        if (hook == null || actual <= 0) {
            return actual;
        }
        SocketAddress mapped = original(channel);
        return mapped instanceof InetSocketAddress ? ((InetSocketAddress) mapped).getPort() : actual;
    }
}
