package org.vaurien.behaviors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.vaurien.config.HostPort;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.Registry;
import org.vaurien.engine.Engine;
import org.vaurien.engine.ProxyServer;
import org.vaurien.testkit.Wire;
import org.vaurien.testkit.Wire.Outcome;

/** An in-process proxy in front of a test backend, on a free port. */
final class TestProxy implements AutoCloseable {
    private static final Engine ENGINE = new Engine(2, true);
    private static final Registry REGISTRY = Registry.load();

    final ProxyServer server;

    private TestProxy(ProxyServer server) {
        this.server = server;
    }

    static TestProxy start(int backendPort, String mix, Map<String, Map<String, String>> options,
                           Long seed) {
        ProxyConfig.Builder b = ProxyConfig.builder()
                .listen(new HostPort("127.0.0.1", 0))
                .backend(new HostPort("127.0.0.1", backendPort))
                .behavior(mix).seed(seed).stayConnected(true);
        options.forEach((behavior, opts) -> opts.forEach((k, v) -> b.behaviorOption(behavior, k, v)));
        return new TestProxy(ENGINE.start(b.build(), REGISTRY));
    }

    /** A proxy with settings beyond a mix (protocol options, timeouts). */
    static TestProxy start(int backendPort, UnaryOperator<ProxyConfig.Builder> settings) {
        ProxyConfig.Builder b = ProxyConfig.builder().listen(new HostPort("127.0.0.1", 0))
                .backend(new HostPort("127.0.0.1", backendPort)).stayConnected(true);
        return new TestProxy(ENGINE.start(settings.apply(b).build(), REGISTRY));
    }

    static TestProxy start(int backendPort, String mix) {
        return start(backendPort, mix, Map.of(), null);
    }

    /** What an echo backend sends back, and what the helpers below write. */
    static final byte[] PING = "ping\n".getBytes(StandardCharsets.US_ASCII);

    /** A proxy with behaviors in its stack, and their options. */
    static TestProxy stacked(int port, List<String> stack, Map<String, Map<String, String>> options) {
        return start(port, b -> {
            b.stack(stack);
            options.forEach((behavior, opts) -> opts.forEach((k, v) -> b.behaviorOption(behavior, k, v)));
            return b;
        });
    }

    /** The settings of a proxy to {@code port}, for a plan to replace another's. */
    static ProxyConfig.Builder config(int port) {
        return ProxyConfig.builder().listen(new HostPort("127.0.0.1", 0)).backend(new HostPort("127.0.0.1", port)).stayConnected(true);
    }

    /** One PING through an echo backend, timed. */
    static long roundTripNanos(Socket s) throws IOException {
        long start = System.nanoTime();
        s.getOutputStream().write(PING);
        assertEquals(Outcome.ECHOED, Wire.read(s, PING));
        return System.nanoTime() - start;
    }

    Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setTcpNoDelay(true);
        s.setSoTimeout(5000);
        return s;
    }

    static Registry registry() {
        return REGISTRY;
    }

    @Override
    public void close() {
        server.close();
    }
}
