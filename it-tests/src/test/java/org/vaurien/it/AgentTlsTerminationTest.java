package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.Vaurien;
import org.vaurien.VaurienProxy;

/**
 * {@code tls = terminate} on an agent target: an application's HTTPS to nginx gets HTTP's faults
 * with no change to its configuration and its host name verification on; the agent trusts its own
 * CA for that target, and for nothing else.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AgentTlsTerminationTest {
    private static Path dir;
    private static ServerProcess nginx;
    private static Path appTrust;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("agent-tls");
        Path root = Files.createDirectories(dir.resolve("www/api"));
        Files.writeString(root.resolve("orders"), "orders", StandardCharsets.US_ASCII);
        Files.writeString(root.resolveSibling("index.html"), "hello over TLS", StandardCharsets.US_ASCII);
        Path cert = Pki.serverCertificate(dir, "nginx");
        nginx = ServerProcess.nginx(root.getParent(), cert, Pki.key(cert), "");
        // the application trusts nginx, as it would trust its real server: its own truststore, nothing of Vaurien's
        appTrust = dir.resolve("app-trust.p12");
        Pki.run(List.of(AppProcess.javaHome().resolve("bin/keytool").toString(), "-importcert", "-noprompt", "-alias", "nginx",
                "-file", cert.toString(), "-keystore", appTrust.toString(), "-storetype", "PKCS12", "-storepass", "changeit"));
    }

    @AfterAll
    static void stop() {
        nginx.close();
    }

    @Test
    void httpsToATargetGetsHttpFaultsAndOtherTrustIsUntouched() throws Exception {
        exercise(AppProcess.javaHome());
    }

    /** The trust the agent adds is advice in a JDK class: JDK 25's too. */
    @Test
    void onJdk25Too() throws Exception {
        assumeTrue(AppProcess.jdk25() != null, AppProcess.NO_JDK25);
        exercise(AppProcess.jdk25());
    }

    private static void exercise(Path javaHome) throws Exception {
        Path ca = dir.resolve("ca");
        Path config = Files.writeString(dir.resolve("chaos.ini"), String.join("\n",
                "[vaurien]", "http = true", "http_port = 0",
                "[target:api]", "match = localhost:" + nginx.port(), "protocol = http", "tls = terminate",
                "tls_ca_dir = " + ca, "behavior = 100:error",
                "[behavior:error]", "match = GET /api/*", ""));
        // another TLS server whose certificate Vaurien's CA signed, but which no target names
        try (VaurienProxy other = Vaurien.proxy().backend("localhost", nginx.port()).protocol("http").terminateTls()
                .tlsOption("ca_dir", ca).tlsOption("verify_backend", false).start();
             AppProcess app = AppProcess.start(javaHome, config.toString(),
                     "-Djavax.net.ssl.trustStore=" + appTrust, "-Djavax.net.ssl.trustStorePassword=changeit")) {
            int port = nginx.port();
            for (String client : List.of("https", "okhttps")) {
                String api = app.call(client + " localhost/api/orders " + port);
                assertTrue(api.startsWith("OK 50"), client + ": " + api + "\n" + app.stderr());
                assertEquals("OK 200 hello over TLS", app.call(client + " localhost " + port), client + "\n" + app.stderr());
                String untrusted = app.call(client + " localhost " + other.port());
                assertTrue(untrusted.startsWith("FAIL") && untrusted.contains("SSLHandshakeException"), client + ": " + untrusted);
            }
            assertEquals(0, app.exit(), app.stderr());
        }
    }
}
