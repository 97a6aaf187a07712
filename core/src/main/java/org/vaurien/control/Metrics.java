package org.vaurien.control;

import java.util.List;
import java.util.Map;
import org.vaurien.spi.Direction;
import org.vaurien.engine.ProxyServer;

/** Prometheus text: bytes and connections per proxy and direction, faults per behavior; read live. */
final class Metrics {
    private Metrics() {
    }

    static String render(List<ManagedProxy> proxies) {
        StringBuilder s = new StringBuilder();
        header(s, "vaurien_proxy_bytes_total", "counter", "Bytes a proxy read, by direction (upstream: from clients).");
        for (ManagedProxy p : proxies) {
            for (Direction d : Direction.values()) {
                line(s, "vaurien_proxy_bytes_total", p, "direction=\"" + d.wireName() + "\"", p.server().stats().bytes(d));
            }
        }
        header(s, "vaurien_proxy_exchanges_total", "counter", "Exchanges started (requests; reads for raw tcp).");
        for (ManagedProxy p : proxies) {
            line(s, "vaurien_proxy_exchanges_total", p, null, p.server().stats().exchanges());
        }
        header(s, "vaurien_proxy_connections", "gauge", "Connections open now.");
        for (ManagedProxy p : proxies) {
            line(s, "vaurien_proxy_connections", p, null, p.server().openConnections());
        }
        header(s, "vaurien_proxy_connections_total", "counter", "Connections accepted.");
        for (ManagedProxy p : proxies) {
            line(s, "vaurien_proxy_connections_total", p, null, p.server().acceptedConnections());
        }
        header(s, "vaurien_proxy_backend_failures_total", "counter", "Connections whose backend could not be reached.");
        for (ManagedProxy p : proxies) {
            line(s, "vaurien_proxy_backend_failures_total", p, null, p.server().stats().backendFailures());
        }
        header(s, "vaurien_limits_total", "counter", "Times a limit was reached (max_pending, max_buffer, max_depth...).");
        for (ManagedProxy p : proxies) {
            for (Map.Entry<String, Long> e : p.server().stats().limitCounts().entrySet()) {
                line(s, "vaurien_limits_total", p, "limit=\"" + e.getKey() + "\"", e.getValue());
            }
        }
        if (!proxies.isEmpty()) {
            header(s, "vaurien_held_bytes", "gauge", "Bytes the process holds now (queued, held heads, lines being read), within max_buffer.");
            s.append("vaurien_held_bytes ").append(proxies.get(0).server().heldBytes()).append('\n');
        }
        header(s, "vaurien_faults_total", "counter", "Times a behavior acted on an exchange or a connection.");
        for (ManagedProxy p : proxies) {
            for (Map.Entry<String, Long> e : p.server().stats().faultCounts().entrySet()) {
                line(s, "vaurien_faults_total", p, "behavior=\"" + e.getKey() + "\"", e.getValue());
            }
        }
        return s.toString();
    }

    private static void header(StringBuilder s, String name, String type, String help) {
        s.append("# HELP ").append(name).append(' ').append(help).append('\n');
        s.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void line(StringBuilder s, String name, ManagedProxy p, String label, long value) {
        ProxyServer server = p.server();
        s.append(name).append("{proxy=\"").append(escape(p.name())).append("\",upstream=\"")
                .append(escape(server.backendText())).append('"');
        if (label != null) {
            s.append(',').append(label);
        }
        s.append("} ").append(value).append('\n');
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
