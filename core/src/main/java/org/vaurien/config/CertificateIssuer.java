package org.vaurien.config;

import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.ServiceLoader;
import org.vaurien.BadInputException;

/**
 * Vaurien's certificate authority: found with {@link java.util.ServiceLoader} in the
 * {@code vaurien-tls} module, which brings the certificate library, so that core stays light.
 */
public interface CertificateIssuer {
    /** The issuer of the vaurien-tls module; a BadInputException when it is not on the class path. */
    static CertificateIssuer load() {
        for (CertificateIssuer i : ServiceLoader.load(CertificateIssuer.class, CertificateIssuer.class.getClassLoader())) {
            return i;
        }
        throw new BadInputException("tls: issuing certificates needs Vaurien's CA, in the vaurien-tls module,"
                + " which is not on the class path (or give a keystore)");
    }

    /** The CA's certificate file (PEM) in {@code dir}, the CA created there on first use. */
    Path caCertificate(Path dir);

    /**
     * A key and a certificate for {@code names} (DNS names or IP addresses; the first is its
     * subject), signed by the CA in {@code dir}: the chain holds both.
     */
    KeyStore.PrivateKeyEntry issue(Path dir, List<String> names);
}
