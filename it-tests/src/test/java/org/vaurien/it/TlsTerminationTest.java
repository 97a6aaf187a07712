package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.BadInputException;
import org.vaurien.Vaurien;
import org.vaurien.VaurienProxy;

/**
 * {@code tls = terminate} in front of nginx serving HTTPS with its own certificate (made by
 * openssl, trusted by the proxy as the backend's CA): clients that trust Vaurien's CA get HTTP's
 * faults on HTTPS, as a matcher chooses, with host names verified on both legs.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TlsTerminationTest {
    private static Path dir;
    private static Path ca;
    private static Path backendCert;
    private static ServerProcess nginx;
    /** nginx requiring a client certificate of its own CA (mTLS). */
    private static ServerProcess mutual;
    private static Path clientKeystore;
    private static SSLContext trustingVaurien;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("tls");
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(root.resolve("api"));
        Files.writeString(root.resolve("api/orders"), "orders", StandardCharsets.US_ASCII);
        Files.writeString(root.resolve("index.html"), "hello over TLS", StandardCharsets.US_ASCII);
        backendCert = Pki.serverCertificate(dir, "backend");
        Path key = Pki.key(backendCert);
        nginx = ServerProcess.nginx(root, backendCert, key, "");
        Path clientCa = dir.resolve("client-ca.pem");
        Path clientCaKey = dir.resolve("client-ca-key.pem");
        Pki.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", clientCaKey.toString(), "-out", clientCa.toString(), "-days", "2", "-subj", "/CN=clients"));
        Path clientKey = dir.resolve("client-key.pem");
        Path clientCsr = dir.resolve("client.csr");
        Path clientCert = dir.resolve("client.pem");
        Pki.run(List.of("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", clientKey.toString(), "-out", clientCsr.toString(), "-subj", "/CN=app"));
        Pki.run(List.of("openssl", "x509", "-req", "-in", clientCsr.toString(), "-CA", clientCa.toString(), "-CAkey",
                clientCaKey.toString(), "-CAcreateserial", "-out", clientCert.toString(), "-days", "2"));
        clientKeystore = dir.resolve("client.p12");
        Pki.run(List.of("openssl", "pkcs12", "-export", "-in", clientCert.toString(), "-inkey", clientKey.toString(),
                "-out", clientKeystore.toString(), "-passout", "pass:secret"));
        mutual = ServerProcess.nginx(root, backendCert, key, "; ssl_client_certificate " + clientCa + "; ssl_verify_client on");
        ca = dir.resolve("ca");
        trustingVaurien = Pki.trusting(Pki.vaurienCa(ca));
    }

    @AfterAll
    static void stop() {
        nginx.close();
        mutual.close();
    }

    private static VaurienProxy proxy(String mix, String... behaviorOptions) {
        Vaurien.Builder b = Vaurien.proxy().backend("localhost", nginx.port()).protocol("http").behavior(mix)
                .terminateTls().tlsOption("ca_dir", ca).tlsOption("backend_ca", backendCert);
        String name = mix.substring(mix.indexOf(':') + 1);
        for (int i = 0; i < behaviorOptions.length; i += 2) {
            b.behaviorOption(name, behaviorOptions[i], behaviorOptions[i + 1]);
        }
        return b.start();
    }

    private static String jdk(String url) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trustingVaurien).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body().strip();
    }

    private static String okhttp(String url) throws IOException {
        X509TrustManager tm;
        try {
            tm = Pki.trustManager(ca.resolve("ca.pem"));
        } catch (Exception e) {
            throw new IOException(e);
        }
        OkHttpClient client = new OkHttpClient.Builder().sslSocketFactory(trustingVaurien.getSocketFactory(), tm)
                .readTimeout(10, TimeUnit.SECONDS).build();
        try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
            return r.code() + " " + r.body().string().strip();
        }
    }

    private static String curl(String url) throws Exception {
        return Pki.run(List.of("curl", "-sS", "--max-time", "10", "--cacert", ca.resolve("ca.pem").toString(),
                "-o", "/dev/null", "-w", "%{http_code}", url));
    }

    @Test
    void httpsGetsHttpFaultsWhereTheMatcherSays() throws Exception {
        try (VaurienProxy p = proxy("100:error", "match", "GET /api/*")) {
            for (String host : List.of("localhost", "127.0.0.1")) {
                String base = "https://" + host + ":" + p.port();
                assertTrue(jdk(base + "/api/orders").startsWith("5"), "java.net.http, " + host);
                assertEquals("200 hello over TLS", jdk(base + "/index.html"));
                assertTrue(okhttp(base + "/api/orders").startsWith("5"), "OkHttp, " + host);
                assertEquals("200 hello over TLS", okhttp(base + "/index.html"));
                assertTrue(curl(base + "/api/orders").startsWith("5"), "curl, " + host);
                assertEquals("200", curl(base + "/index.html"));
            }
            assertEquals(6, p.faultCounts().get("error"));
        }
    }

    /** The same with the command line's flags. */
    @Test
    void theCommandLineDoesTheSame() throws Exception {
        try (VaurienProcess v = VaurienProcess.proxy(nginx.port(), "http", "--tls", "terminate", "--tls-ca-dir", ca.toString(),
                "--tls-backend-ca", backendCert.toString(), "--behavior", "100:error", "--behavior-error-match", "GET /api/*")) {
            String base = "https://localhost:" + v.port();
            assertTrue(curl(base + "/api/orders").startsWith("5"));
            assertEquals("200", curl(base + "/index.html"));
            assertEquals("200 hello over TLS", okhttp(base + "/index.html"));
        }
    }

    @Test
    void manyRequestsOnKeptConnectionsPassWhole() throws Exception {
        Files.write(dir.resolve("www/big"), new byte[3 << 20]);
        try (VaurienProxy p = proxy("100:dummy")) {
            HttpClient client = HttpClient.newBuilder().sslContext(trustingVaurien).version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 20; i++) {
                HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + p.port()
                        + (i % 2 == 0 ? "/big" : "/index.html"))).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, r.statusCode());
                assertEquals(i % 2 == 0 ? 3 << 20 : 14, r.body().length);
            }
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefusedByItsOwnCheck() {
        try (VaurienProxy p = proxy("100:dummy")) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThrows(SSLHandshakeException.class, () -> client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + p.port() + "/")).build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void theBackendIsVerified() throws Exception {
        // without the backend's CA, the JVM's trust does not know nginx's certificate: the proxy closes the client
        try (VaurienProxy p = Vaurien.proxy().backend("localhost", nginx.port()).protocol("http").terminateTls()
                .tlsOption("ca_dir", ca).start()) {
            assertThrows(IOException.class, () -> jdk("https://localhost:" + p.port() + "/index.html"));
        }
        try (VaurienProxy p = Vaurien.proxy().backend("localhost", nginx.port()).protocol("http").terminateTls()
                .tlsOption("ca_dir", ca).tlsOption("verify_backend", false).start()) {
            assertEquals("200 hello over TLS", jdk("https://localhost:" + p.port() + "/index.html"));
        }
    }

    /** mTLS: the backend wants a client certificate; the proxy shows the one it was given, or none. */
    @Test
    void aClientCertificateForTheBackend() throws Exception {
        try (VaurienProxy p = Vaurien.proxy().backend("localhost", mutual.port()).protocol("http").terminateTls()
                .tlsOption("ca_dir", ca).tlsOption("backend_ca", backendCert).start()) {
            assertTrue(jdk("https://localhost:" + p.port() + "/index.html").startsWith("400 "), "nginx: no required certificate");
        }
        try (VaurienProxy p = Vaurien.proxy().backend("localhost", mutual.port()).protocol("http").terminateTls()
                .tlsOption("ca_dir", ca).tlsOption("backend_ca", backendCert).tlsOption("client_keystore", clientKeystore)
                .tlsOption("client_keystore_password", "secret").behavior("100:error").behaviorOption("error", "match", "path=/api/*")
                .start()) {
            assertEquals("200 hello over TLS", jdk("https://localhost:" + p.port() + "/index.html"));
            assertTrue(jdk("https://localhost:" + p.port() + "/api/orders").startsWith("5"));
        }
        BadInputException wrong = assertThrows(BadInputException.class, () -> Vaurien.proxy().backend("localhost", mutual.port())
                .terminateTls().tlsOption("ca_dir", ca).tlsOption("client_keystore", clientKeystore)
                .tlsOption("client_keystore_password", "wrong").start());
        assertTrue(wrong.getMessage().startsWith("tls client keystore " + clientKeystore + " cannot be read as PKCS12 (a wrong password?)"),
                wrong.getMessage());
    }

    @Test
    void mistakesAreNamedAndNothingStarts() throws Exception {
        BadInputException missing = assertThrows(BadInputException.class, () -> Vaurien.proxy().backend("localhost", nginx.port())
                .terminateTls().tlsOption("keystore", dir.resolve("nope.p12")).start());
        assertEquals("tls keystore " + dir.resolve("nope.p12") + " does not exist", missing.getMessage());
        Path notPem = Files.writeString(dir.resolve("not.pem"), "not a certificate");
        BadInputException badCa = assertThrows(BadInputException.class, () -> Vaurien.proxy().backend("localhost", nginx.port())
                .terminateTls().tlsOption("ca_dir", ca).tlsOption("backend_ca", notPem).start());
        assertTrue(badCa.getMessage().startsWith("tls backend CA " + notPem + " holds no certificate"), badCa.getMessage());
        Path expired = dir.resolve("expired.pem");
        // OpenSSL 3.0 cannot date a certificate back; the JDK's keytool can
        Path store = dir.resolve("expired.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Pki.run(List.of(keytool, "-genkeypair", "-keystore", store.toString(), "-storepass", "changeit", "-alias", "old",
                "-keyalg", "EC", "-dname", "CN=old", "-startdate", "2020/01/01 00:00:00", "-validity", "366"));
        Pki.run(List.of(keytool, "-exportcert", "-rfc", "-keystore", store.toString(), "-storepass", "changeit", "-alias", "old",
                "-file", expired.toString()));
        BadInputException old = assertThrows(BadInputException.class, () -> Vaurien.proxy().backend("localhost", nginx.port())
                .terminateTls().tlsOption("ca_dir", ca).tlsOption("backend_ca", expired).start());
        assertTrue(old.getMessage().contains("the certificate of CN=old expired on 2021-01-0"), old.getMessage());
        VaurienProcess.Result flags = VaurienProcess.run("--backend", "localhost:" + nginx.port(), "--tls-backend-ca", backendCert.toString());
        assertEquals(2, flags.exitCode());
        assertTrue(flags.output().contains("TLS settings are given, but not tls = terminate"), flags.output());
    }
}
