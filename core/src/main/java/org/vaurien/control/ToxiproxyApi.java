package org.vaurien.control;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vaurien.BadInputException;
import org.vaurien.config.HostPort;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.TlsSettings;
import org.vaurien.spi.CommonOptions;
import org.vaurien.spi.Directions;

/**
 * Toxiproxy 2.x's API, same paths, methods, shapes and status codes, over Vaurien's proxies:
 * a toxic is any behavior put in the proxy's stack.
 */
final class ToxiproxyApi {
    private final ProxyManager manager;

    ToxiproxyApi(ProxyManager manager) {
        this.manager = manager;
    }

    /** Handles a Toxiproxy path; null when the path is not one of Toxiproxy's. */
    Answer handle(String method, List<String> path, String body) {
        int n = path.size();
        if (n == 0 || !path.get(0).equals("proxies")) {
            return null;
        }
        if (n == 1) {
            switch (method) {
                case "GET": return ok(Json.proxies(manager.all()));
                case "POST": return created(Json.proxy(createProxy(Json.object(body))));
                default: return notAllowed();
            }
        }
        ManagedProxy proxy = manager.get(path.get(1));
        if (n == 2) {
            switch (method) {
                case "GET": return ok(Json.proxy(proxy));
                case "POST": case "PATCH": return ok(Json.proxy(update(proxy, Json.object(body))));
                case "DELETE":
                    manager.remove(proxy.name());
                    return Answer.noContent();
                default: return notAllowed();
            }
        }
        if (!path.get(2).equals("toxics") || n > 4) {
            return null;
        }
        if (n == 3) {
            switch (method) {
                case "GET": return ok(Json.toxics(proxy));
                case "POST": return ok(Json.toxic(proxy, proxy.addToxic(newToxic(Json.object(body)))));
                default: return notAllowed();
            }
        }
        String name = path.get(3);
        switch (method) {
            case "GET": return ok(Json.toxic(proxy, proxy.toxic(name)));
            case "POST": case "PATCH": {
                JsonObject o = Json.object(body);
                String stream = Json.string(o, "stream");
                return ok(Json.toxic(proxy, proxy.updateToxic(name, stream == null ? null : stream(stream), Json.number(o, "toxicity"),
                        Json.texts(o, "attributes"))));
            }
            case "DELETE":
                proxy.removeToxic(name);
                return Answer.noContent();
            default: return notAllowed();
        }
    }

    Answer reset() {
        manager.reset();
        return Answer.noContent();
    }

    /** Creates the proxies given, replacing those of the same name, with their toxics: all or nothing. */
    Answer populate(String body) {
        List<ManagedProxy> done = manager.replace(batch(body));
        JsonObject answer = new JsonObject();
        JsonArray proxies = new JsonArray();
        done.forEach(p -> proxies.add(Json.proxy(p)));
        answer.add("proxies", proxies);
        return Answer.json(201, answer.toString());
    }

    /** A JSON array of proxies, each checked as far as its shape goes (a 400 names what is wrong). */
    static List<ProxyManager.Planned> batch(String body) {
        JsonElement e = Json.parse(body);
        if (!e.isJsonArray()) {
            throw new ApiException(400, "bad request body: a JSON array of proxies is expected", "body");
        }
        List<ProxyManager.Planned> batch = new ArrayList<>();
        int i = 0;
        for (JsonElement item : e.getAsJsonArray()) {
            if (!item.isJsonObject()) {
                throw new ApiException(400, "bad request body: proxy " + i + " of the batch is not an object", "body");
            }
            batch.add(planned(item.getAsJsonObject()));
            i++;
        }
        return batch;
    }

    private ManagedProxy createProxy(JsonObject o) {
        return manager.create(planned(o));
    }

    /** A proxy of Toxiproxy's JSON and its toxics, checked as far as their shape goes. */
    private static ProxyManager.Planned planned(JsonObject o) {
        List<Toxic> toxics = new ArrayList<>();
        JsonElement given = o.get("toxics");
        if (given != null && given.isJsonArray()) {
            for (JsonElement t : given.getAsJsonArray()) {
                if (!t.isJsonObject()) {
                    throw new ApiException(400, "bad request body: each toxic must be an object", "toxics");
                }
                toxics.add(newToxic(t.getAsJsonObject()));
            }
        }
        Boolean enabled = Json.bool(o, "enabled");
        return ProxyManager.toxiproxyPlan(Json.string(o, "name"), Json.string(o, "listen"), Json.string(o, "upstream"),
                Json.string(o, "protocol"), enabled == null || enabled, toxics, tls(o.get("tls")));
    }

    /**
     * Vaurien's addition, {@code "tls"}: {@code "terminate"}, or an object of TLS settings (the
     * config's {@code tls_*} keys without the prefix), which terminates too; null for none.
     */
    private static Map<String, String> tls(JsonElement given) {
        if (given == null || given.isJsonNull()) {
            return null;
        }
        Map<String, String> settings = new LinkedHashMap<>();
        if (given.isJsonPrimitive() && given.getAsJsonPrimitive().isString()) {
            try {
                return TlsSettings.terminates(given.getAsString()) ? settings : null;
            } catch (BadInputException e) {
                throw new ApiException(400, "tls: " + e.getMessage(), "tls");
            }
        }
        if (!given.isJsonObject()) {
            throw new ApiException(400, "tls: \"terminate\" or an object of settings (ca_dir, backend_ca...)", "tls");
        }
        for (Map.Entry<String, JsonElement> e : given.getAsJsonObject().entrySet()) {
            if (!TlsSettings.KEYS.contains("tls_" + e.getKey()) || !e.getValue().isJsonPrimitive()) {
                throw new ApiException(400, "tls: no setting '" + e.getKey() + "' of that kind (known: "
                        + String.join(", ", TlsSettings.KEYS).replace("tls_", "") + ")", "tls");
            }
            settings.put("tls_" + e.getKey(), e.getValue().getAsString());
        }
        return settings;
    }

    private static ManagedProxy update(ManagedProxy proxy, JsonObject o) {
        String upstream = Json.string(o, "upstream");
        String listen = Json.string(o, "listen");
        Boolean enabled = Json.bool(o, "enabled");
        HostPort newUpstream = upstream == null ? null : parse(upstream, "upstream");
        HostPort newListen = listen == null ? null : parse(listen, "listen");
        if (newUpstream != null) {
            proxy.setBackend(newUpstream);
        }
        if (newListen != null && !HostPort.format(proxy.server().address()).equals(listen)) {
            proxy.moveTo(newListen);
        }
        if (enabled != null) {
            proxy.setEnabled(enabled);
        }
        return proxy;
    }

    private static HostPort parse(String text, String field) {
        try {
            return HostPort.parse(text);
        } catch (BadInputException e) {
            throw new ApiException(400, "bad request body: " + field + ": " + e.getMessage(), field);
        }
    }

    private static Toxic newToxic(JsonObject o) {
        String type = Json.string(o, "type");
        if (type == null || type.isBlank()) {
            throw new ApiException(400, "missing required field: type", "type");
        }
        String given = Json.string(o, "stream");
        Directions stream = given == null ? CommonOptions.DIRECTION.defaultValue() : stream(given);
        String name = Json.string(o, "name");
        if (name != null && !name.isBlank()) {
            try {
                ProxyConfig.checkName("toxic", name);
            } catch (BadInputException bad) {
                throw new ApiException(400, bad.getMessage(), "name");
            }
        }
        Double toxicity = Json.number(o, "toxicity");
        if (toxicity != null && !(toxicity >= 0 && toxicity <= 1)) {
            throw new ApiException(400, "toxicity " + toxicity + " is out of range (0 to 1)", "toxicity");
        }
        Map<String, String> attributes = Json.texts(o, "attributes");
        return new Toxic(name == null || name.isBlank() ? Toxic.defaultName(type, stream) : name, type, stream,
                toxicity == null ? 1.0 : toxicity, attributes);
    }

    private static Directions stream(String text) {
        try {
            return CommonOptions.DIRECTION.parse(text);
        } catch (BadInputException e) {
            throw new ApiException(400, "stream was invalid, can be either upstream or downstream", "stream");
        }
    }

    private static Answer ok(JsonElement e) {
        return Answer.json(200, e.toString());
    }

    private static Answer created(JsonElement e) {
        return Answer.json(201, e.toString());
    }

    private static Answer notAllowed() {
        throw new ApiException(405, "method not allowed");
    }
}
