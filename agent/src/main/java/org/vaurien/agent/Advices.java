package org.vaurien.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import net.bytebuddy.asm.Advice;
import org.vaurien.agent.bridge.Bridge;

/**
 * The advice inlined into the JDK's socket classes: one or two calls to the bridge each, and
 * any throwable suppressed, so that nothing of the agent's reaches the application.
 */
final class Advices {
    private Advices() {
    }

    /**
     * {@code Socket.connect(SocketAddress, int)}: every SocketImpl, SSL sockets included. Not
     * suppressed: the bridge throws nothing but the IOException of an injected fault (a slow
     * connect that outlasts the application's timeout).
     */
    static final class SocketConnect {
        @Advice.OnMethodEnter
        static void enter(@Advice.This Object self, @Advice.Argument(value = 0, readOnly = false) SocketAddress endpoint,
                          @Advice.Argument(value = 1, readOnly = false) int timeout) throws IOException {
            endpoint = Bridge.connect(self, endpoint, timeout);
            timeout = Bridge.connectTimeout(timeout);
        }
    }

    /**
     * {@code SocketChannelImpl.connect(SocketAddress)}: blocking and non-blocking NIO, Netty,
     * HttpClient. Not suppressed: the bridge throws nothing but the IOException of an injected
     * fault (a blocking channel has no connect timeout to shorten, so its timeout is thrown).
     */
    static final class ChannelConnect {
        @Advice.OnMethodEnter
        static void enter(@Advice.This Object self, @Advice.Argument(value = 0, readOnly = false) SocketAddress remote)
                throws IOException {
            remote = Bridge.connectChannel(self, remote);
        }
    }

    /** {@code UnixAsynchronousSocketChannelImpl.implConnect}: the application waits on its own future. */
    static final class AsyncConnect {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object self, @Advice.Argument(value = 0, readOnly = false) SocketAddress remote) {
            remote = Bridge.connectAsync(self, remote);
        }
    }

    /**
     * {@code SocketChannelImpl.blockingConnect(SocketAddress, long)}: the path of
     * {@code channel.socket().connect}; throws like {@link SocketConnect}.
     */
    static final class BlockingConnect {
        @Advice.OnMethodEnter
        static void enter(@Advice.This Object self, @Advice.Argument(value = 0, readOnly = false) SocketAddress remote,
                          @Advice.Argument(value = 1, readOnly = false) long nanos) throws IOException {
            remote = Bridge.connect(self, remote, Bridge.millis(nanos));
            nanos = Bridge.connectTimeoutNanos(nanos);
        }
    }

    /**
     * {@code SelectionKeyImpl.translateInterestOps()}: a non-blocking connect held by
     * {@code slow_connect} asks the kernel for no event until its time, so the application's
     * event loop sleeps instead of spinning, and the completion is what comes late.
     */
    static final class InterestEvents {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This SelectionKey self, @Advice.Return(readOnly = false) int returned) {
            returned = Bridge.interestEvents(self, self.channel(), returned);
        }
    }

    /** {@code UnixAsynchronousSocketChannelImpl.onEvent}: skipped while a slow connect is held. */
    static final class AsyncCompletion {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static boolean enter(@Advice.This Object self) {
            return Bridge.holdsCompletion(self);
        }
    }

    /** Getters of a remote SocketAddress: the address the application asked for. */
    static final class RemoteAddress {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Return(readOnly = false) SocketAddress returned) {
            returned = Bridge.remote(self, returned);
        }
    }

    /** {@code Socket.getInetAddress()}. */
    static final class RemoteInet {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Return(readOnly = false) InetAddress returned) {
            returned = Bridge.remoteInet(self, returned);
        }
    }

    /** {@code Socket.getPort()}. */
    static final class RemotePort {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Return(readOnly = false) int returned) {
            returned = Bridge.remotePort(self, returned);
        }
    }
}
