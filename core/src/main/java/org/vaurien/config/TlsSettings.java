package org.vaurien.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.vaurien.BadInputException;
import org.vaurien.spi.Option;

/**
 * TLS terminated by a proxy: it accepts TLS from its clients with a certificate for the name
 * they ask (issued by Vaurien's CA, or taken from the user's keystore), opens TLS to its backend,
 * and frames the plaintext between.
 *
 * @param caDir where Vaurien's CA lives (created on first use); null for the default, ~/.vaurien/ca
 * @param keystore a PKCS12 keystore whose key and certificate the proxy shows its clients
 *                 instead of issuing one; null to issue
 * @param keystorePassword its password ("" for none)
 * @param backendCa a PEM file of the CA certificates trusted for the backend; null for the JVM's
 * @param verifyBackend whether the backend's certificate and host name are checked
 * @param clientKeystore a PKCS12 keystore with the client certificate shown to the backend (mTLS); null for none
 * @param clientKeystorePassword its password ("" for none)
 */
public record TlsSettings(Path caDir, Path keystore, String keystorePassword, Path backendCa, boolean verifyBackend,
                          Path clientKeystore, String clientKeystorePassword) {
    /** Terminated with the defaults: Vaurien's CA in its default place, the backend verified with the JVM's trust. */
    public static final TlsSettings DEFAULTS = new TlsSettings(null, null, "", null, true, null, "");

    public TlsSettings {
        keystorePassword = keystorePassword == null ? "" : keystorePassword;
        clientKeystorePassword = clientKeystorePassword == null ? "" : clientKeystorePassword;
    }

    /** The config keys (and, with dashes, the flags after {@code --tls-}) that set them. */
    public static final List<String> KEYS = List.of("tls_ca_dir", "tls_keystore", "tls_keystore_password", "tls_backend_ca",
            "tls_verify_backend", "tls_client_keystore", "tls_client_keystore_password");

    /** These settings with one key of {@link #KEYS} set from its text. */
    public TlsSettings with(String key, String text) {
        String v = text.strip();
        Path path = v.isEmpty() ? null : Path.of(v);
        switch (key) {
            case "tls_ca_dir":
                return new TlsSettings(path, keystore, keystorePassword, backendCa, verifyBackend, clientKeystore, clientKeystorePassword);
            case "tls_keystore":
                return new TlsSettings(caDir, path, keystorePassword, backendCa, verifyBackend, clientKeystore, clientKeystorePassword);
            case "tls_keystore_password":
                return new TlsSettings(caDir, keystore, v, backendCa, verifyBackend, clientKeystore, clientKeystorePassword);
            case "tls_backend_ca":
                return new TlsSettings(caDir, keystore, keystorePassword, path, verifyBackend, clientKeystore, clientKeystorePassword);
            case "tls_verify_backend":
                return new TlsSettings(caDir, keystore, keystorePassword, backendCa,
                        Option.bool(key, "", true).parse(v), clientKeystore, clientKeystorePassword);
            case "tls_client_keystore":
                return new TlsSettings(caDir, keystore, keystorePassword, backendCa, verifyBackend, path, clientKeystorePassword);
            case "tls_client_keystore_password":
                return new TlsSettings(caDir, keystore, keystorePassword, backendCa, verifyBackend, clientKeystore, v);
            default:
                throw new BadInputException("unknown key '" + key + "'");
        }
    }

    /** {@code tls}: {@code terminate}, or {@code off} (bytes pass as they are, TLS or not). */
    public static boolean terminates(String text) {
        switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "terminate": return true;
            case "off": case "": return false;
            default: throw new BadInputException("'" + text.strip() + "' is not terminate or off");
        }
    }

    /** The CA's directory: the one given, or ~/.vaurien/ca. */
    public Path caDirectory() {
        return caDir != null ? caDir : defaultCaDir();
    }

    public static Path defaultCaDir() {
        return Path.of(System.getProperty("user.home"), ".vaurien", "ca");
    }
}
