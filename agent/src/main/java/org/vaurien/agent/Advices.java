package org.vaurien.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;
import org.vaurien.agent.bridge.Bridge;

/**
 * The advice inlined into the JDK's socket classes: one or two calls to the bridge each, and
 * any throwable suppressed, so that nothing of the agent's reaches the application.
 */
final class Advices {
    private Advices() {
    }

    /** {@code Socket.connect(SocketAddress, int)}: every SocketImpl, SSL sockets included. */
    static final class SocketConnect {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object self, @Advice.Argument(value = 0, readOnly = false) SocketAddress endpoint,
                          @Advice.Argument(value = 1, readOnly = false) int timeout) {
            endpoint = Bridge.connect(self, endpoint);
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
            remote = Bridge.connect(self, remote);
            Bridge.connectTimeout(0);
        }
    }

    /** {@code SocketChannelImpl.blockingConnect(SocketAddress, long)}: the path of {@code channel.socket().connect}. */
    static final class BlockingConnect {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object self, @Advice.Argument(value = 0, readOnly = false) SocketAddress remote,
                          @Advice.Argument(value = 1, readOnly = false) long nanos) {
            remote = Bridge.connect(self, remote);
            nanos = Bridge.connectTimeoutNanos(nanos);
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
