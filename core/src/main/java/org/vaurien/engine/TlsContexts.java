package org.vaurien.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import org.vaurien.BadInputException;
import org.vaurien.config.CertificateIssuer;
import org.vaurien.config.TlsSettings;

/**
 * A proxy's two TLS contexts, made and checked when it starts: the one its clients meet (a
 * certificate for the name they ask, from Vaurien's CA or the user's keystore) and the one it
 * opens to its backend (verified with the JVM's trust or a given CA, with a client certificate
 * when one is given).
 */
public final class TlsContexts {
    private final SSLContext server;
    private final SSLContext client;
    private final TlsSettings settings;

    private TlsContexts(SSLContext server, SSLContext client, TlsSettings settings) {
        this.server = server;
        this.client = client;
        this.settings = settings;
    }

    /** Both contexts; a missing file, a wrong password or an expired CA is a BadInputException naming it. */
    static TlsContexts of(TlsSettings settings, List<String> names) {
        try {
            KeyManager[] serverKeys = settings.keystore() != null
                    ? keys("tls keystore", settings.keystore(), settings.keystorePassword())
                    : new KeyManager[] {new IssuingKeyManager(CertificateIssuer.load(), settings.caDirectory(), names)};
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(serverKeys, null, null);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(settings.clientKeystore() == null ? null
                            : keys("tls client keystore", settings.clientKeystore(), settings.clientKeystorePassword()),
                    trust(settings), null);
            return new TlsContexts(server, client, settings);
        } catch (GeneralSecurityException e) {
            throw new BadInputException("tls: " + e.getMessage());
        }
    }

    SSLEngine serverEngine() {
        SSLEngine e = server.createSSLEngine();
        e.setUseClientMode(false);
        return e;
    }

    /** An engine to {@code host}, which it verifies unless told not to, and names in its hello (SNI). */
    SSLEngine clientEngine(String host, int port) {
        SSLEngine e = client.createSSLEngine(host, port);
        e.setUseClientMode(true);
        if (settings.verifyBackend()) {
            SSLParameters p = e.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            e.setSSLParameters(p);
        }
        return e;
    }

    private static KeyManager[] keys(String what, Path file, String password) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        } catch (NoSuchFileException e) {
            throw new BadInputException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new BadInputException(what + " " + file + " cannot be read as PKCS12 (a wrong password?): " + e.getMessage());
        }
        boolean hasKey = false;
        for (String alias : Collections.list(store.aliases())) {
            hasKey |= store.isKeyEntry(alias);
        }
        if (!hasKey) {
            throw new BadInputException(what + " " + file + " holds no private key");
        }
        KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        f.init(store, password.toCharArray());
        return f.getKeyManagers();
    }

    private static TrustManager[] trust(TlsSettings settings) throws GeneralSecurityException {
        if (!settings.verifyBackend()) {
            return new TrustManager[] {new TrustingEveryone()};
        }
        if (settings.backendCa() == null) {
            return null;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int i = 0;
        for (Certificate c : certificates("tls backend CA", settings.backendCa())) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        return f.getTrustManagers();
    }

    /** The certificates of a PEM file, each still valid. */
    static Collection<? extends Certificate> certificates(String what, Path file) {
        Collection<? extends Certificate> all;
        try (InputStream in = Files.newInputStream(file)) {
            all = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (NoSuchFileException e) {
            throw new BadInputException(what + " " + file + " does not exist");
        } catch (IOException | CertificateException e) {
            throw new BadInputException(what + " " + file + " holds no certificate that can be read: " + e.getMessage());
        }
        if (all.isEmpty()) {
            throw new BadInputException(what + " " + file + " holds no certificate");
        }
        for (Certificate c : all) {
            X509Certificate x = (X509Certificate) c;
            if (x.getNotAfter().before(new Date())) {
                throw new BadInputException(what + " " + file + ": the certificate of " + x.getSubjectX500Principal().getName()
                        + " expired on " + x.getNotAfter().toInstant());
            }
        }
        return all;
    }

    /** The server's key: a certificate for the name the client asked (SNI), or for the proxy's own names; issued once each. */
    static final class IssuingKeyManager extends X509ExtendedKeyManager {
        private static final String DEFAULT = "vaurien-default";
        private final CertificateIssuer issuer;
        private final Path dir;
        private final List<String> names;
        private final Map<String, KeyStore.PrivateKeyEntry> issued = new ConcurrentHashMap<>();

        IssuingKeyManager(CertificateIssuer issuer, Path dir, List<String> names) {
            this.issuer = issuer;
            this.dir = dir;
            this.names = List.copyOf(names);
            entry(DEFAULT);
        }

        private KeyStore.PrivateKeyEntry entry(String alias) {
            return issued.computeIfAbsent(alias, a -> issuer.issue(dir, a.equals(DEFAULT) ? names : List.of(a)));
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            if (!"EC".equals(keyType)) {
                return null;
            }
            SSLSession s = engine.getHandshakeSession();
            if (s instanceof ExtendedSSLSession ext) {
                for (SNIServerName n : ext.getRequestedServerNames()) {
                    if (n instanceof SNIHostName host && !names.contains(host.getAsciiName())) {
                        entry(host.getAsciiName());
                        return host.getAsciiName();
                    }
                }
            }
            return DEFAULT;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return "EC".equals(keyType) ? DEFAULT : null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            Certificate[] chain = entry(alias).getCertificateChain();
            X509Certificate[] out = new X509Certificate[chain.length];
            for (int i = 0; i < chain.length; i++) {
                out[i] = (X509Certificate) chain[i];
            }
            return out;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return entry(alias).getPrivateKey();
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return "EC".equals(keyType) ? new String[] {DEFAULT} : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    /** {@code verify_backend = false}: a backend with any certificate, as {@code curl -k}. */
    private static final class TrustingEveryone implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
