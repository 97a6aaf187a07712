package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.uring.IoUring;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.vaurien.BehaviorControl;
import org.vaurien.BehaviorControl.BehaviorScope;
import org.vaurien.junit.ChaosTarget;
import org.vaurien.junit.VaurienExtension;
import reactor.netty.http.client.HttpClient;

/**
 * Spring's WebClient on reactor-netty, whose default on Linux is a native transport of Netty's:
 * io_uring when it is on the class path (as here), epoll otherwise. Neither touches the JDK's
 * sockets; the agent redirects the address where Netty's Java code hands it to the kernel, and
 * the channel still reports the server's address.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(VaurienExtension.class)
class WebClientNativeTransportTest {
    private static final ServerProcess NGINX = ServerProcess.withPortProperty("webclient.nginx.port",
            () -> ServerProcess.nginx(site()));
    private static final EventLoopGroup EPOLL = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());

    @ChaosTarget(match = "127.0.0.1:${webclient.nginx.port}", protocol = "http")
    private static BehaviorControl web;

    private static Path site() throws IOException {
        Path root = Files.createTempDirectory("www");
        Files.writeString(root.resolve("index.html"), "hello from nginx\n");
        return root;
    }

    @AfterAll
    static void stop() {
        EPOLL.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        NGINX.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "epoll"})
    void webClientOnANativeTransportGetsTheFaults(String transport) {
        assertTrue(Epoll.isAvailable(), "Netty's epoll transport is not available: " + Epoll.unavailabilityCause());
        String expected = transport.equals("epoll") || !IoUring.isAvailable() ? "EpollSocketChannel" : "IoUringSocketChannel";
        AtomicReference<String> channel = new AtomicReference<>();
        AtomicReference<SocketAddress> peer = new AtomicReference<>();
        HttpClient http = HttpClient.newConnection().doOnConnected(c -> {
            channel.set(c.channel().getClass().getSimpleName());
            peer.set(c.channel().remoteAddress());
        });
        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + NGINX.port())
                .clientConnector(new ReactorClientHttpConnector(transport.equals("epoll") ? http.runOn(EPOLL) : http))
                .build();

        assertEquals("hello from nginx", get(client).trim());
        assertEquals(expected, channel.get(), "the transport reactor-netty took");
        assertEquals(NGINX.port(), ((InetSocketAddress) peer.get()).getPort(), "the channel reports the server, not the proxy");
        try (BehaviorScope errors = web.withBehavior("error")) {
            WebClientResponseException e = assertThrows(WebClientResponseException.class, () -> get(client));
            assertTrue(e.getStatusCode().is5xxServerError(), e.getMessage());
        }
        try (BehaviorScope refused = web.withBehavior("refuse")) {
            WebClientRequestException e = assertThrows(WebClientRequestException.class, () -> get(client));
            assertInstanceOf(ConnectException.class, rootCause(e), e.toString());
        }
        try (BehaviorScope unknown = web.withBehavior("unknown_host")) {
            WebClientRequestException e = assertThrows(WebClientRequestException.class, () -> get(client));
            assertInstanceOf(UnknownHostException.class, rootCause(e), e.toString());
        }
        assertEquals("hello from nginx", get(client).trim(), "the blocks ended: faults gone");
    }

    private static String get(WebClient client) {
        return client.get().uri("/index.html").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
