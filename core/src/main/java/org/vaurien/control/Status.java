package org.vaurien.control;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.Supplier;
import org.vaurien.spi.Direction;
import org.vaurien.engine.ProxyServer;

/**
 * {@code GET /status}: everything a watcher needs at once, every proxy's settings and counters,
 * the master switch, the last change the page can undo, and what other routes add (the
 * experiments running); {@code GET /status/stream} sends it twice a second.
 */
final class Status {
    private final ProxyManager manager;
    private final Undo undo;
    private final Map<String, ControlServer.Route> routes;
    private final String version;

    Status(ProxyManager manager, Undo undo, Map<String, ControlServer.Route> routes, String version) {
        this.manager = manager;
        this.undo = undo;
        this.routes = routes;
        this.version = version;
    }

    JsonObject now() {
        JsonObject o = new JsonObject();
        o.addProperty("version", version);
        o.addProperty("time_ms", System.currentTimeMillis());
        ProxyManager.Stop stop = manager.faultsStopped();
        if (stop != null) {
            JsonObject s = new JsonObject();
            s.addProperty("since", stop.since().toString());
            s.addProperty("by", stop.by());
            o.add("faults_stopped", s);
        }
        Undo.Entry last = undo.last();
        if (last != null) {
            JsonObject u = new JsonObject();
            u.addProperty("change", last.change());
            u.addProperty("at", last.at().toString());
            o.add("undo", u);
        }
        JsonObject proxies = new JsonObject();
        for (ManagedProxy p : manager.all()) {
            proxies.add(p.name(), proxy(p));
        }
        o.add("proxies", proxies);
        routes.forEach((name, route) -> {
            JsonElement live = route.live();
            if (live != null) {
                o.add(name, live);
            }
        });
        return o;
    }

    private JsonObject proxy(ManagedProxy p) {
        JsonObject o = Json.proxy(p);
        ProxyServer server = p.server();
        o.addProperty("behavior", p.behavior());
        o.add("options", Json.GSON.toJsonTree(p.behaviorOptions()));
        o.addProperty("suspended", p.suspended());
        o.addProperty("connections", server.openConnections());
        o.addProperty("accepted", server.acceptedConnections());
        o.addProperty("bytes_upstream", server.stats().bytes(Direction.UPSTREAM));
        o.addProperty("bytes_downstream", server.stats().bytes(Direction.DOWNSTREAM));
        o.addProperty("exchanges", server.stats().exchanges());
        o.addProperty("backend_failures", server.stats().backendFailures());
        o.add("faults", Json.GSON.toJsonTree(manager.faultCounts(p)));
        return o;
    }

    /** The status as server-sent events ({@code event: status}), every half second. */
    static final class Stream extends EventStream {
        private static final long PERIOD_MS = 500;
        private final Supplier<JsonObject> status;

        Stream(Supplier<JsonObject> status) {
            super("status streams");
            this.status = status;
        }

        @Override
        void follow(OutputStream out) throws IOException, InterruptedException {
            while (open()) {
                write(out, "event: status\ndata: " + status.get() + "\n\n");
                out.flush();
                Thread.sleep(PERIOD_MS);
            }
        }
    }
}
