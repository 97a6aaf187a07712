package org.vaurien.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.vaurien.config.CertificateIssuer;
import org.vaurien.config.TlsSettings;

/**
 * The trust the agent adds for its own targets, and for them only: a server certificate that
 * Vaurien's CA signed, shown to a handshake whose peer is a target that terminates TLS, naming
 * that peer (host name verification stays on). Any other chain, or any other peer, is left to
 * the JDK's own check, unchanged.
 */
final class TargetTrust {
    /** The type of an IP address in a certificate's alternative names (RFC 5280). */
    private static final int IP_ADDRESS = 7;
    private final Function<InetSocketAddress, Session.Hit> targets;
    private final Map<Path, PublicKey> caKeys = new ConcurrentHashMap<>();

    TargetTrust(Function<InetSocketAddress, Session.Hit> targets) {
        this.targets = targets;
    }

    boolean trusts(X509Certificate[] chain, Object peer) {
        SSLSession handshake = peer instanceof SSLEngine e ? e.getHandshakeSession()
                : peer instanceof SSLSocket s ? s.getHandshakeSession() : null;
        if (handshake == null || handshake.getPeerHost() == null || handshake.getPeerPort() <= 0) {
            return false;
        }
        String host = handshake.getPeerHost();
        Session.Hit hit = targets.apply(InetSocketAddress.createUnresolved(host, handshake.getPeerPort()));
        TlsSettings tls = hit == null ? null : hit.target().proxy().tls();
        if (tls == null || tls.keystore() != null) {
            return false;
        }
        X509Certificate leaf = chain[0];
        try {
            leaf.verify(caKey(tls.caDirectory()));
            leaf.checkValidity();
            return names(leaf, host);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return false;
        }
    }

    private PublicKey caKey(Path dir) throws IOException, GeneralSecurityException {
        PublicKey key = caKeys.get(dir);
        if (key == null) {
            try (InputStream in = Files.newInputStream(CertificateIssuer.load().caCertificate(dir))) {
                key = CertificateFactory.getInstance("X.509").generateCertificate(in).getPublicKey();
            }
            caKeys.put(dir, key);
        }
        return key;
    }

    /** Whether the certificate names {@code host}, as a DNS name (any case) or an IP address. */
    private static boolean names(X509Certificate leaf, String host) throws GeneralSecurityException {
        if (leaf.getSubjectAlternativeNames() == null) {
            return false;
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        boolean literal = h.contains(":") || h.matches("[0-9.]+");
        for (List<?> n : leaf.getSubjectAlternativeNames()) {
            Object value = n.get(1);
            if (!(value instanceof String v)) {
                continue;
            }
            if (literal ? (Integer) n.get(0) == IP_ADDRESS && sameAddress(v, h) : v.equalsIgnoreCase(h)) {
                return true;
            }
        }
        return false;
    }

    /** Two IP literals (no name is looked up), written any way (::1, 0:0:0:0:0:0:0:1). */
    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
