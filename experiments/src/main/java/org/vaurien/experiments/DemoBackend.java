package org.vaurien.experiments;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The demo's backend: an HTTP server on a free loopback port answering every request with one
 * short line, so that {@code vaurien demo} and an example experiment need nothing installed.
 */
public final class DemoBackend implements AutoCloseable {
    private final HttpServer server;

    private DemoBackend(HttpServer server) {
        this.server = server;
    }

    public static DemoBackend start() {
        // the JDK server leaves Nagle on, which would add 40 ms to responses written in two parts
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the demo backend: " + e.getMessage(), e);
        }
        byte[] body = "hello from the backend\n".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        // requests a fault holds must not hold the others
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vaurien-demo-backend");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new DemoBackend(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
