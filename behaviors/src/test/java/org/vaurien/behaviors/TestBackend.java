package org.vaurien.behaviors;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A backend for engine tests: a thread per connection running a handler; counts what it received. */
final class TestBackend implements AutoCloseable {
    interface Handler {
        void serve(Socket socket, TestBackend backend) throws IOException;
    }

    final AtomicLong bytesReceived = new AtomicLong();
    final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket server;
    private final Handler handler;

    private TestBackend(Handler handler) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "test-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Sends back everything it reads. */
    static TestBackend echo() throws IOException {
        return new TestBackend((s, b) -> {
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
    static TestBackend countThenAnswer() throws IOException {
        return new TestBackend((s, b) -> {
            long total = s.getInputStream().transferTo(OutputStream.nullOutputStream());
            b.bytesReceived.addAndGet(total);
            s.getOutputStream().write(("received " + total + "\n").getBytes());
        });
    }

    /** Sends {@code data} to every client on connect, then closes. */
    static TestBackend source(byte[] data) throws IOException {
        return new TestBackend((s, b) -> {
            s.getOutputStream().write(data);
            s.shutdownOutput();
            s.getInputStream().transferTo(OutputStream.nullOutputStream());
        });
    }

    /** Reads everything, remembering when the first and the last byte came. */
    static TestBackend timedSink() throws IOException {
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

    final AtomicLong firstByte = new AtomicLong();
    final AtomicLong lastByte = new AtomicLong();

    /** Accepts and never reads. */
    static TestBackend neverReads() throws IOException {
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

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
