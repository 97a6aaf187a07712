package org.vaurien.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend for tests, on a free loopback port: a thread per connection running a handler;
 * counts the connections and what it received.
 */
public final class TestBackend implements AutoCloseable {
    /** What the backend does with each connection. */
    public interface Handler {
        void serve(Socket socket, TestBackend backend) throws IOException;
    }

    public final AtomicLong bytesReceived = new AtomicLong();
    public final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket server;
    private final Handler handler;

    /** A backend that serves each connection with {@code handler}. */
    public static TestBackend serving(Handler handler) throws IOException {
        return new TestBackend(handler);
    }

    /** A backend that serves each connection with {@code handler}, on {@code port} (0: a free one). */
    public static TestBackend serving(int port, Handler handler) throws IOException {
        return new TestBackend(port, handler);
    }

    private TestBackend(Handler handler) throws IOException {
        this(0, handler);
    }

    private TestBackend(int port, Handler handler) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        Thread acceptor = new Thread(this::acceptLoop, "test-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Sends back everything it reads. */
    public static TestBackend echo() throws IOException {
        return echoOn(0);
    }

    /** An echo on {@code port}: a backend that comes back where it was. */
    public static TestBackend echoOn(int port) throws IOException {
        return new TestBackend(port, (s, b) -> {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                b.bytesReceived.addAndGet(n);
                out.write(buf, 0, n);
            }
        });
    }

    /** Reads everything until the client shuts its output, then answers with the byte count. */
    public static TestBackend countThenAnswer() throws IOException {
        return new TestBackend((s, b) -> {
            long total = s.getInputStream().transferTo(OutputStream.nullOutputStream());
            b.bytesReceived.addAndGet(total);
            s.getOutputStream().write(("received " + total + "\n").getBytes(StandardCharsets.US_ASCII));
        });
    }

    /** Sends {@code data} to every client on connect, then closes. */
    public static TestBackend source(byte[] data) throws IOException {
        return new TestBackend((s, b) -> {
            s.getOutputStream().write(data);
            s.shutdownOutput();
            s.getInputStream().transferTo(OutputStream.nullOutputStream());
        });
    }

    /** Reads everything, remembering when the first and the last byte came. */
    public static TestBackend timedSink() throws IOException {
        return new TestBackend((s, b) -> {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                long now = System.nanoTime();
                b.firstByte.compareAndSet(0, now);
                b.lastByte.set(now);
                b.bytesReceived.addAndGet(n);
            }
        });
    }

    public final AtomicLong firstByte = new AtomicLong();
    public final AtomicLong lastByte = new AtomicLong();

    /** Accepts and never reads. */
    public static TestBackend neverReads() throws IOException {
        return new TestBackend((s, b) -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread t = new Thread(() -> {
                    try (s) {
                        handler.serve(s, this);
                    } catch (IOException ignored) {
                        // the proxy or the test closed it: that is what some tests do
                    }
                }, "test-backend-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
