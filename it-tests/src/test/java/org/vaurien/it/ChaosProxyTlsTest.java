package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vaurien.VaurienProxy;
import org.vaurien.junit.ChaosProxy;
import org.vaurien.junit.VaurienExtension;

/** HTTPS faults in a JUnit test from one annotation: {@code @ChaosProxy(terminateTls = true)}. */
@ExtendWith(VaurienExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChaosProxyTlsTest {
    private static ServerProcess nginx;
    private static SSLContext trustingVaurien;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("junit-tls");
        Path root = Files.createDirectories(dir.resolve("www/api"));
        Files.writeString(root.resolve("orders"), "orders", StandardCharsets.US_ASCII);
        Files.writeString(root.resolveSibling("index.html"), "hello over TLS", StandardCharsets.US_ASCII);
        Path cert = Pki.serverCertificate(dir, "nginx");
        nginx = ServerProcess.nginx(root.getParent(), cert, Pki.key(cert), "");
        System.setProperty("vaurien.test.https", Integer.toString(nginx.port()));
        System.setProperty("vaurien.test.https.cert", cert.toString());
        System.setProperty("vaurien.test.ca.dir", dir.resolve("ca").toString());
        trustingVaurien = Pki.trusting(Pki.vaurienCa(dir.resolve("ca")));
    }

    @AfterAll
    static void stop() {
        nginx.close();
    }

    @Test
    void httpsFaultsFromOneAnnotation(@ChaosProxy(backend = "localhost:${vaurien.test.https}", protocol = "http",
            behavior = "100:error", options = "error.match=GET /api/*", terminateTls = true,
            tls = {"ca_dir=${vaurien.test.ca.dir}", "backend_ca=${vaurien.test.https.cert}"}) VaurienProxy proxy) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trustingVaurien).version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> api = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + proxy.port() + "/api/orders"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(api.statusCode() >= 500, api.statusCode() + " " + api.body());
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + proxy.port() + "/index.html"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("hello over TLS", page.body());
    }
}
