package org.vaurien.agent.bridge;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.security.cert.X509Certificate;

/**
 * What the advice inlined into the JDK's socket classes calls. It sits on the boot class path,
 * depends on nothing, and holds only a hook: without one (no session), every call gives back its
 * argument. It never throws: a failing hook leaves the connection as the application made it.
 */
public final class Bridge {
    /** Socket.connect and blockingConnect: the application's timeout is known (0: none). */
    public static final int TIMED = 0;
    /** A blocking SocketChannel.connect: it has no timeout of its own. */
    public static final int UNTIMED = 1;
    /** A non-blocking SocketChannel.connect: a selector reports its completion, on the caller's event loop. */
    public static final int NON_BLOCKING = 2;
    /** AsynchronousSocketChannel.connect: the channel group reports its completion. */
    public static final int ASYNC = 3;
    /** A native transport's non-blocking socket (Netty's epoll): its event loop is not the JDK's. */
    public static final int NATIVE = 4;

    /** The agent's side. */
    public interface Hook {
        /**
         * Where to connect instead of {@code target}; {@code target} itself when nothing changes.
         * {@code mode} is one of the constants above; {@code timeoutMs} the application's timeout
         * for a TIMED connect. An IOException thrown here is a fault to inject.
         */
        SocketAddress redirect(Object channel, SocketAddress target, int mode, int timeoutMs) throws IOException;

        /** The connect timeout in ms, given the application's (0: none) after a redirect on this thread. */
        int connectTimeout(int timeout);

        /** What the application sees as the remote address of {@code channel}, given the real one. */
        SocketAddress remote(Object channel, SocketAddress actual);

        /** The poll events a selector registers for a key of {@code channel}: none while its connect is held. */
        int interestEvents(Object key, Object channel, int events);

        /** Whether the completion of an asynchronous channel's connect is held back for now. */
        boolean holdsCompletion(Object channel);

        /**
         * Whether a server's certificate chain is one the agent's own proxy showed, for a target
         * that terminates TLS, to a peer named as that target ({@code peer}: the SSLEngine or
         * the SSLSocket of the handshake).
         */
        boolean trusts(X509Certificate[] chain, Object peer);
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

    /** {@code Socket.connect(address, timeout)} and {@code blockingConnect}: the timeout is known. */
    public static SocketAddress connect(Object channel, SocketAddress target, int timeoutMs) throws IOException {
        return redirect(channel, target, TIMED, timeoutMs);
    }

    /** {@code SocketChannel.connect}, blocking (no timeout) or not (completion on a selector). */
    public static SocketAddress connectChannel(Object channel, SocketAddress target) throws IOException {
        boolean blocking = channel instanceof SelectableChannel && ((SelectableChannel) channel).isBlocking();
        SocketAddress to = redirect(channel, target, blocking ? UNTIMED : NON_BLOCKING, 0);
        connectTimeout(0); // no timeout to override here: the application's own (Netty's, HttpClient's) fires
        return to;
    }

    /** {@code io.netty.channel.unix.Socket.connect}, shaded copies included: Netty's epoll transport. */
    public static SocketAddress connectNative(Object socket, SocketAddress target) throws IOException {
        SocketAddress to = redirect(socket, target, NATIVE, 0);
        connectTimeout(0);
        return to;
    }

    /**
     * {@code AbstractIoUringChannel.AbstractUringUnsafe.connect}, shaded copies included: Netty's
     * io_uring transport. The channel, whose {@code remoteAddress0()} reports the peer, is the
     * key under which the redirect is remembered.
     */
    public static SocketAddress connectUring(Object unsafe, SocketAddress target) throws IOException {
        SocketAddress to = redirect(outer(unsafe), target, NATIVE, 0);
        connectTimeout(0);
        return to;
    }

    /** The instance an inner class's instance belongs to (javac's {@code this$0}); itself if none. */
    private static Object outer(Object inner) {
        for (Class<?> c = inner.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField("this$0");
                f.setAccessible(true);
                return f.get(inner);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not declared here: its superclass may
            }
        }
        return inner;
    }

    /** {@code AsynchronousSocketChannel.connect}: the application waits on its own future or handler. */
    public static SocketAddress connectAsync(Object channel, SocketAddress target) {
        try {
            SocketAddress to = redirect(channel, target, ASYNC, 0);
            connectTimeout(0);
            return to;
        } catch (IOException e) {
            debug(e);
            return target;
        }
    }

    private static SocketAddress redirect(Object channel, SocketAddress target, int mode, int timeoutMs) throws IOException {
        Hook h = hook;
        if (h == null || OWN.get() != null) {
            return target;
        }
        try {
            SocketAddress to = h.redirect(channel, target, mode, timeoutMs);
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
        int ms = connectTimeout(millis(nanos));
        return ms == 0 ? nanos : ms * 1000000L;
    }

    /** A timeout in nanoseconds as whole milliseconds, 0 for none. */
    public static int millis(long nanos) {
        return nanos <= 0 ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, nanos / 1000000L));
    }

    /** {@code SelectionKeyImpl.translateInterestOps}: the events a selector asks the kernel for. */
    public static int interestEvents(Object key, int events) {
        Hook h = hook;
        if (h == null) {
            return events;
        }
        try {
            return h.interestEvents(key, ((SelectionKey) key).channel(), events);
        } catch (Throwable t) {
            return events;
        }
    }

    /** {@code UnixAsynchronousSocketChannelImpl.onEvent}: true to skip it for now. */
    public static boolean holdsCompletion(Object channel) {
        Hook h = hook;
        if (h == null) {
            return false;
        }
        try {
            return h.holdsCompletion(channel);
        } catch (Throwable t) {
            return false;
        }
    }

    /** {@code X509TrustManagerImpl.checkServerTrusted}: true to skip the JDK's check, the agent having made it. */
    public static boolean trustedByAgent(X509Certificate[] chain, Object peer) {
        Hook h = hook;
        if (h == null || chain == null || chain.length == 0) {
            return false;
        }
        try {
            return h.trusts(chain, peer);
        } catch (Throwable t) {
            return false;
        }
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
