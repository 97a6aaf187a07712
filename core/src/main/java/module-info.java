/**
 * Vaurien's core. Two faces are exported: the user API ({@code org.vaurien}) and the plug-in
 * interface ({@code org.vaurien.spi}). The engine, the control API and the config are internals,
 * open only to Vaurien's own modules that run them.
 */
module org.vaurien.core {
    requires java.logging;
    requires java.net.http;
    requires jdk.httpserver;
    requires transitive com.google.gson;

    exports org.vaurien;
    exports org.vaurien.spi;
    exports org.vaurien.engine to org.vaurien.cli, org.vaurien.agent, org.vaurien.experiments;
    exports org.vaurien.control to org.vaurien.cli, org.vaurien.agent, org.vaurien.experiments;
    exports org.vaurien.config to org.vaurien.cli, org.vaurien.agent, org.vaurien.experiments, org.vaurien.tls;
    exports org.vaurien.faults to org.vaurien.cli, org.vaurien.agent, org.vaurien.experiments;

    uses org.vaurien.spi.Behavior;
    uses org.vaurien.spi.Protocol;
    uses org.vaurien.config.CertificateIssuer;
}
