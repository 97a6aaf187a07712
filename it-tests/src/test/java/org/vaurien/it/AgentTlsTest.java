package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HTTPS through the agent's redirect: the TLS bytes pass through the embedded proxy untouched
 * (the http protocol sees TLS and carries on as tcp), and the clients' hostname verification
 * still checks the name the application asked for, against a certificate made for localhost.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AgentTlsTest {
    private static Path dir;
    private static HttpsServer server;

    @BeforeAll
    static void httpsServer() throws Exception {
        dir = Files.createTempDirectory("tls");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", "2", "-keystore", "server.p12", "-storetype", "PKCS12");
        keytool("-exportcert", "-alias", "server", "-keystore", "server.p12", "-file", "server.crt");
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", "server.crt", "-keystore", "trust.p12",
                "-storetype", "PKCS12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(dir.resolve("server.p12").toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            byte[] body = "hello over tls\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void httpsKeepsWorkingAndKeepsItsHostnameVerification() throws Exception {
        int port = server.getAddress().getPort();
        String config = "match=*:" + port + ";protocol=http;http=true;http_port=0";
        try (AppProcess app = AppProcess.start(AppProcess.javaHome(), config,
                "-Djavax.net.ssl.trustStore=" + dir.resolve("trust.p12"), "-Djavax.net.ssl.trustStorePassword=changeit")) {
            assertEquals("OK 200 hello over tls", app.call("https localhost " + port), app.stderr());
            assertEquals("OK 200 hello over tls", app.call("okhttps localhost " + port), app.stderr());
            Map<String, Long> accepted = AgentClientsTest.accepted(app.controlPort());
            assertTrue(accepted.values().stream().mapToLong(Long::longValue).sum() >= 2,
                    "the HTTPS connects did not go through the agent's proxy: " + accepted);
            // the certificate names localhost only: asked by IP, verification fails as it would without the agent
            for (String client : List.of("https", "okhttps")) {
                String line = app.call(client + " 127.0.0.1 " + port);
                assertTrue(line.startsWith("FAIL") && (line.contains("SSLPeerUnverifiedException")
                        || line.contains("SSLHandshakeException")), client + ": " + line);
            }
            assertEquals(0, app.exit(), app.stderr());
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(AppProcess.javaHome().resolve("bin/keytool").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storepass", "changeit"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + output);
    }
}
