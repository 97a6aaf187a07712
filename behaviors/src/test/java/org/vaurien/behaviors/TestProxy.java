package org.vaurien.behaviors;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.vaurien.config.HostPort;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.Registry;
import org.vaurien.engine.Engine;
import org.vaurien.engine.ProxyServer;

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
