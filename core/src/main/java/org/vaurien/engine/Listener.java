package org.vaurien.engine;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.vaurien.BadInputException;

/**
 * A proxy's listening socket, on its accept loop: bound, registered for accepts, closed while the
 * plan refuses connections and bound again on the same address, moved to another. Every method
 * but {@link #bind} and {@link #address} runs on the accept loop.
 */
final class Listener {
    private final EventLoop loop;
    private final int backlog;
    private final EventLoop.Handler onAcceptable;
    private volatile ServerSocketChannel channel;
    private volatile InetSocketAddress address;

    Listener(EventLoop loop, int backlog, EventLoop.Handler onAcceptable) {
        this.loop = loop;
        this.backlog = backlog;
        this.onAcceptable = onAcceptable;
    }

    /** Binds {@code listen} ({@code asWritten} for the message); a port taken is a BadInputException. */
    void bind(InetSocketAddress listen, String asWritten) {
        try {
            channel = open(listen);
            address = (InetSocketAddress) channel.getLocalAddress();
        } catch (BindException e) {
            close();
            throw new BadInputException("cannot listen on " + asWritten + ": "
                    + (String.valueOf(e.getMessage()).contains("in use") ? "address already in use" : e.getMessage()));
        } catch (IOException e) {
            close();
            throw new BadInputException("cannot listen on " + asWritten + ": " + e.getMessage());
        }
    }

    private ServerSocketChannel open(InetSocketAddress at) throws IOException {
        ServerSocketChannel c = ServerSocketChannel.open();
        try {
            c.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            c.bind(at, backlog);
            c.configureBlocking(false);
            return c;
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }

    /** Accepts from now on. */
    void register() throws IOException {
        channel.register(loop.selector(), SelectionKey.OP_ACCEPT, onAcceptable);
    }

    /** The next client waiting, or null. */
    SocketChannel accept() throws IOException {
        return channel.accept();
    }

    /** Accepts nobody for {@code millis} (the descriptors ran out, say). */
    void pause(long millis) {
        SelectionKey key = channel.keyFor(loop.selector());
        if (key == null || !key.isValid()) {
            return;
        }
        key.interestOps(0);
        loop.schedule(loop.now() + millis * 1_000_000, () -> {
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        });
    }

    /** Stops listening: new clients get "connection refused". */
    void down() throws IOException {
        channel.close();
        // a registered channel's socket is only released by the next select: do one now,
        // or clients would still be queued by a listener that is meant to be gone
        loop.selector().selectNow(key -> { });
    }

    /** Listens again on the same address. */
    void up() throws IOException {
        channel = open(address);
        register();
    }

    /** Listens on {@code to} instead, accepting there if it accepted here. */
    void moveTo(InetSocketAddress to, String asWritten) throws IOException {
        ServerSocketChannel next;
        try {
            next = open(to);
        } catch (IOException e) {
            throw new BadInputException("cannot listen on " + asWritten + ": " + e.getMessage());
        }
        boolean wasOpen = channel.isOpen();
        down();
        channel = next;
        address = (InetSocketAddress) next.getLocalAddress();
        if (wasOpen) {
            register();
        } else {
            next.close();
        }
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /** The address bound (the port chosen, for port 0). */
    InetSocketAddress address() {
        return address;
    }

    void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // stopping: nothing more to do with it
        }
    }
}
