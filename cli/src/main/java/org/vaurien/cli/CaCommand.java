package org.vaurien.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import org.vaurien.config.CertificateIssuer;
import org.vaurien.config.TlsSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vaurien ca}: where Vaurien's CA is (made now if it was not), and how to trust it. */
@Command(name = "vaurien ca", usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = "Prints the certificate of Vaurien's CA, which signs what a proxy with --tls terminate shows its clients,"
                + " and how to trust it. Makes the CA on first use.")
final class CaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "the CA's directory (default: ~/.vaurien/ca, as --tls-ca-dir)")
    Path dir;

    @Override
    public Integer call() throws IOException, GeneralSecurityException {
        Path d = dir != null ? dir : TlsSettings.defaultCaDir();
        Path pem = CertificateIssuer.load().caCertificate(d).toAbsolutePath();
        X509Certificate c;
        try (InputStream in = Files.newInputStream(pem)) {
            c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(pem);
        out.println();
        out.println("Vaurien's CA: " + c.getSubjectX500Principal().getName() + ", valid until " + c.getNotAfter().toInstant());
        out.println("Its key is " + pem.resolveSibling("ca-key.pem") + ", readable by you only. Trust the CA where you test, not elsewhere:");
        out.println("  curl --cacert " + pem + " https://localhost:PORT/");
        out.println("  keytool -importcert -noprompt -alias vaurien-ca -file " + pem
                + " -keystore vaurien-trust.p12 -storetype PKCS12 -storepass changeit");
        out.println("  java -Djavax.net.ssl.trustStore=vaurien-trust.p12 -Djavax.net.ssl.trustStorePassword=changeit ...");
        out.println("  SSL_CERT_FILE=" + pem + " (OpenSSL-based tools), NODE_EXTRA_CA_CERTS=" + pem + " (Node.js)");
        return 0;
    }
}
