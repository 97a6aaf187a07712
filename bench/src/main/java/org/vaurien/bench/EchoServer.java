package org.vaurien.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** An echo server on one selector thread of the bench's JVM: thousands of connections, each byte sent back. */
final class EchoServer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread thread;
    private volatile boolean running = true;

    EchoServer() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), 2048);
        server.configureBlocking(false);
        selector = Selector.open();
        server.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::loop, "bench-echo");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.socket().getLocalPort();
    }

    private void loop() {
        try {
            while (running) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isAcceptable()) {
                        for (SocketChannel c; (c = server.accept()) != null;) {
                            c.configureBlocking(false);
                            c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(64 * 1024));
                        }
                    } else {
                        echo(key);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            System.err.println("bench: echo server stopped: " + e);
        }
    }

    /** Reads what there is, writes it back; what the socket refuses waits, and reading waits with it. */
    private static void echo(SelectionKey key) {
        SocketChannel c = (SocketChannel) key.channel();
        ByteBuffer b = (ByteBuffer) key.attachment();
        try {
            if (key.isValid() && key.isReadable() && c.read(b) < 0) {
                c.close();
                return;
            }
            b.flip();
            c.write(b);
            b.compact();
            key.interestOps(b.position() > 0 ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        } catch (IOException e) {
            try {
                c.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        thread.interrupt();
        selector.wakeup();
        server.close();
    }
}
