package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates of the TLS tests' servers, made by openssl (not by Vaurien's own CA, so that
 * the proxy meets certificates it did not make), and the trust a test's client gives Vaurien's CA.
 */
final class Pki {
    private Pki() {
    }

    /** Runs a command to its end; its output, or a failed assertion with it. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command + " did not end");
        assertEquals(0, p.exitValue(), command + ":\n" + out);
        return out;
    }

    /** A self-signed server certificate for localhost and 127.0.0.1: {@code NAME.pem} and {@code NAME-key.pem} in {@code dir}. */
    static Path serverCertificate(Path dir, String name) throws IOException, InterruptedException {
        Path cert = dir.resolve(name + ".pem");
        run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key(cert).toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"));
        return cert;
    }

    /** Vaurien's CA made in {@code dir} by {@code vaurien ca}, as a user makes it; its certificate (PEM). */
    static Path vaurienCa(Path dir) throws IOException, InterruptedException {
        run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", VaurienProcess.jar().toString(),
                "ca", "--dir", dir.toString()));
        return dir.resolve("ca.pem");
    }

    /** The key beside a certificate made here. */
    static Path key(Path certificate) {
        return certificate.resolveSibling(certificate.getFileName().toString().replace(".pem", "-key.pem"));
    }

    /** A trust manager that trusts this PEM file's CA only: an application's test set-up. */
    static X509TrustManager trustManager(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        return (X509TrustManager) f.getTrustManagers()[0];
    }

    /** A context that trusts this PEM file's CA only. */
    static SSLContext trusting(Path pem) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {trustManager(pem)}, null);
        return context;
    }
}
