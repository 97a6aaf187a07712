/**
 * Chaos experiments: a file of probes, a timeline and abort conditions, run against proxies
 * through their control API, and the reports of the run.
 */
module org.vaurien.experiments {
    requires org.vaurien.core;
    requires org.snakeyaml.engine.v2;
    requires com.google.gson;
    requires java.net.http;
    requires java.sql;
    requires java.logging;
    requires jdk.httpserver;

    exports org.vaurien.experiments;
}
