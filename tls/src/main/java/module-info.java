/** Vaurien's local certificate authority: the certificates a proxy that terminates TLS shows its clients. */
module org.vaurien.tls {
    requires org.vaurien.core;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.util;

    provides org.vaurien.config.CertificateIssuer with org.vaurien.tls.LocalCa;
}
