package org.vaurien.control;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@code /leases}: a client's hold on proxies it changes (an experiment's run). Taking a lease
 * keeps what the proxies do now; ending it ({@code DELETE}) puts that back, and so does its
 * expiry when the client stops renewing it ({@code PUT}), killed or cut off: the proxies never
 * stay broken after the run that broke them.
 */
final class Leases {
    private static final Logger LOG = Logger.getLogger("org.vaurien");
    private static final long MIN_TTL_MS = 100;
    private static final long MAX_TTL_MS = 3_600_000;

    /** One hold: the proxies' states when it was taken, and when it expires unless renewed. */
    private static final class Lease {
        final String id;
        final Map<String, ManagedProxy.State> kept;
        final long ttlMs;
        volatile long expiresAt;

        Lease(String id, Map<String, ManagedProxy.State> kept, long ttlMs) {
            this.id = id;
            this.kept = kept;
            this.ttlMs = ttlMs;
            renew();
        }

        void renew() {
            expiresAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ttlMs);
        }
    }

    private final ProxyManager manager;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vaurien-leases");
        t.setDaemon(true);
        return t;
    });

    Leases(ProxyManager manager) {
        this.manager = manager;
        clock.scheduleWithFixedDelay(this::expire, 100, 100, TimeUnit.MILLISECONDS);
    }

    Answer handle(String method, List<String> path, String body) {
        if (path.size() == 1) {
            switch (method) {
                case "GET": return Answer.json(200, list().toString());
                case "POST": return Answer.json(201, json(take(Json.object(body))).toString());
                default: throw new ApiException(405, "method not allowed");
            }
        }
        if (path.size() != 2) {
            throw new ApiException(404, "not found: /" + String.join("/", path));
        }
        Lease lease = leases.get(path.get(1));
        if (lease == null) {
            throw new ApiException(404, "lease not found (ended, or expired)");
        }
        switch (method) {
            case "GET": return Answer.json(200, json(lease).toString());
            case "PUT": case "POST":
                lease.renew();
                return Answer.json(200, json(lease).toString());
            case "DELETE":
                end(lease, "ended by its holder");
                return Answer.noContent();
            default: throw new ApiException(405, "method not allowed");
        }
    }

    private Lease take(JsonObject o) {
        JsonElement names = o.get("proxies");
        if (names == null || !names.isJsonArray() || names.getAsJsonArray().isEmpty()) {
            throw new ApiException(400, "missing required field: proxies (an array of proxy names)", "proxies");
        }
        Double ttl = Json.number(o, "ttl_ms");
        long ttlMs = ttl == null ? 10_000 : ttl.longValue();
        if (ttlMs < MIN_TTL_MS || ttlMs > MAX_TTL_MS) {
            throw new ApiException(400, "ttl_ms " + ttlMs + " is out of range (" + MIN_TTL_MS + " to " + MAX_TTL_MS + ")", "ttl_ms");
        }
        Map<String, ManagedProxy.State> kept = new LinkedHashMap<>();
        for (JsonElement n : names.getAsJsonArray()) {
            ManagedProxy p = manager.get(n.getAsString());
            kept.put(p.name(), p.state());
        }
        Lease lease = new Lease(UUID.randomUUID().toString(), kept, ttlMs);
        leases.put(lease.id, lease);
        return lease;
    }

    private void expire() {
        long now = System.nanoTime();
        for (Lease lease : new ArrayList<>(leases.values())) {
            if (lease.expiresAt - now <= 0) {
                end(lease, "expired: its holder stopped renewing it");
            }
        }
    }

    /** Puts back what the lease kept, for the proxies still there. */
    private void end(Lease lease, String why) {
        if (leases.remove(lease.id) == null) {
            return;
        }
        List<String> restored = new ArrayList<>();
        lease.kept.forEach((name, state) -> {
            try {
                manager.get(name).restore(state);
                restored.add(name);
            } catch (ApiException gone) {
                // removed meanwhile: nothing to put back
            }
        });
        if (why.startsWith("expired")) {
            LOG.warning(() -> "lease " + lease.id + " " + why + "; " + String.join(", ", restored) + " put back as they were");
        }
    }

    private JsonArray list() {
        JsonArray a = new JsonArray();
        leases.values().forEach(l -> a.add(json(l)));
        return a;
    }

    private static JsonObject json(Lease l) {
        JsonObject o = new JsonObject();
        o.addProperty("id", l.id);
        o.addProperty("ttl_ms", l.ttlMs);
        JsonArray proxies = new JsonArray();
        l.kept.keySet().forEach(proxies::add);
        o.add("proxies", proxies);
        return o;
    }

    void close() {
        clock.shutdownNow();
    }
}
