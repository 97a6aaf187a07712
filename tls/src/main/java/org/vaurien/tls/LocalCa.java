package org.vaurien.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.vaurien.BadInputException;
import org.vaurien.config.CertificateIssuer;

/**
 * A certificate authority of Vaurien's own, kept in a directory the user can see ({@code ca.pem},
 * the certificate to trust, and {@code ca-key.pem}, readable by its owner only): made on first
 * use, then loaded. It issues the certificates a proxy shows its clients, one per host name, EC
 * P-256 keys signed by the JDK's own providers.
 */
public final class LocalCa implements CertificateIssuer {
    static final String CERTIFICATE = "ca.pem";
    static final String KEY = "ca-key.pem";
    private static final Duration CA_LIFE = Duration.ofDays(3650);
    /** Under the 398 days that browsers and some clients accept for a server's certificate. */
    private static final Duration LEAF_LIFE = Duration.ofDays(397);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<Path, Loaded> LOADED = new ConcurrentHashMap<>();

    /** The CA of one directory, in memory. */
    private record Loaded(X509Certificate certificate, PrivateKey key) {
    }

    @Override
    public Path caCertificate(Path dir) {
        load(dir);
        return dir.resolve(CERTIFICATE);
    }

    @Override
    public KeyStore.PrivateKeyEntry issue(Path dir, List<String> names) {
        Loaded ca = load(dir);
        try {
            KeyPair pair = ecKeys();
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(LEAF_LIFE)),
                    new X500Name("CN=" + cn(names.get(0)) + ", O=Vaurien"), pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, alternativeNames(names));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
            X509Certificate leaf = sign(b, ca.key());
            return new KeyStore.PrivateKeyEntry(pair.getPrivate(), new Certificate[] {leaf, ca.certificate()});
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("issuing a certificate for " + names + " failed", e);
        }
    }

    /** The CA of {@code dir}: loaded once, made when the directory has none; an expired one is refused. */
    static Loaded load(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        Loaded ca = LOADED.computeIfAbsent(absolute, LocalCa::loadOrCreate);
        if (ca.certificate().getNotAfter().before(new Date())) {
            LOADED.remove(absolute);
            throw new BadInputException("tls: Vaurien's CA in " + absolute + " expired on " + ca.certificate().getNotAfter().toInstant()
                    + "; delete that directory to have a new one made (and trust the new " + CERTIFICATE + ")");
        }
        return ca;
    }

    private static Loaded loadOrCreate(Path dir) {
        Path cert = dir.resolve(CERTIFICATE);
        Path key = dir.resolve(KEY);
        try {
            if (!Files.exists(cert) && !Files.exists(key)) {
                create(dir);
            }
            return read(cert, key);
        } catch (IOException e) {
            throw new BadInputException("tls: Vaurien's CA in " + dir + " cannot be made or read: " + e);
        }
    }

    private static Loaded read(Path cert, Path key) throws IOException {
        if (!Files.exists(cert) || !Files.exists(key)) {
            throw new BadInputException("tls: " + (Files.exists(cert) ? key : cert) + " is missing: a CA directory holds both "
                    + CERTIFICATE + " and " + KEY + " (delete it to have a new CA made)");
        }
        try {
            X509Certificate c;
            try (var in = Files.newInputStream(cert)) {
                c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            PrivateKey k = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pem(Files.readString(key))));
            if (c.getBasicConstraints() < 0) {
                throw new BadInputException("tls: " + cert + " is not a CA certificate");
            }
            return new Loaded(c, k);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BadInputException("tls: the CA in " + cert.getParent() + " cannot be read (" + e.getMessage()
                    + "); delete that directory to have a new one made");
        }
    }

    /** A new CA, written beside its key; a CA another process made first is kept. */
    private static void create(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            KeyPair pair = ecKeys();
            Instant now = Instant.now();
            String owner = System.getProperty("user.name", "user") + " " + now.toString().substring(0, 10);
            X500Name name = new X500Name("CN=Vaurien CA (" + cn(owner) + "), O=Vaurien");
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(CA_LIFE)), name, pair.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = sign(b, pair.getPrivate());
            Path key = write(dir, KEY, "PRIVATE KEY", pair.getPrivate().getEncoded(), true);
            Path certificate = write(dir, CERTIFICATE, "CERTIFICATE", cert.getEncoded(), false);
            try {
                Files.move(key, dir.resolve(KEY), StandardCopyOption.ATOMIC_MOVE);
                Files.move(certificate, dir.resolve(CERTIFICATE), StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(key);
                Files.deleteIfExists(certificate);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("making a CA failed", e);
        }
    }

    /** A temporary PEM file in {@code dir}, the owner's only when {@code secret}. */
    private static Path write(Path dir, String name, String type, byte[] der, boolean secret) throws IOException {
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        if (secret) {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its own defaults apply
            }
        }
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(tmp, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        return tmp;
    }

    private static byte[] pem(String text) {
        String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static GeneralNames alternativeNames(List<String> names) {
        GeneralName[] all = new GeneralName[names.size()];
        for (int i = 0; i < all.length; i++) {
            String n = names.get(i);
            all[i] = new GeneralName(isAddress(n) ? GeneralName.iPAddress : GeneralName.dNSName, n);
        }
        return new GeneralNames(all);
    }

    private static boolean isAddress(String name) {
        return name.contains(":") || name.matches("[0-9.]+");
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    /** A name as an X.500 attribute value: without the characters that would need escaping. */
    private static String cn(String name) {
        return name.replaceAll("[,+=\"\\\\<>;#]", "_");
    }
}
