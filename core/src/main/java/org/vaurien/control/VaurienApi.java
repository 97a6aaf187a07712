package org.vaurien.control;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vaurien.config.HostPort;
import org.vaurien.config.Registry;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Option;

/**
 * Vaurien's API: {@code /behavior}, {@code /behaviors}, {@code /backend}, for the default proxy
 * or, with several, under {@code /proxies/NAME/}. Options given with a behavior are applied.
 */
final class VaurienApi {
    private final ProxyManager manager;

    VaurienApi(ProxyManager manager) {
        this.manager = manager;
    }

    /** Handles {@code resource} (behavior, behaviors, backend) of a proxy; null when not one. */
    Answer handle(String method, String resource, String proxyName, String body) {
        switch (resource) {
            case "behaviors":
                if (!method.equals("GET")) {
                    throw new ApiException(405, "method not allowed");
                }
                JsonArray names = new JsonArray();
                JsonObject declared = new JsonObject();
                for (Behavior b : manager.registry().behaviors()) {
                    names.add(b.name());
                    declared.add(b.name(), declaration(b));
                }
                JsonObject list = new JsonObject();
                list.add("behaviors", names);
                list.add("declared", declared);
                return Answer.json(200, list.toString());
            case "behavior":
                return behavior(method, proxy(proxyName), body);
            case "backend":
                return backend(method, proxy(proxyName), body);
            default:
                return null;
        }
    }

    /**
     * A behavior's declaration, as {@code --list} prints it: what it does, and each option's
     * type, range (in the option's unit), default and meaning; the web page builds its forms from it.
     */
    private static JsonObject declaration(Behavior b) {
        JsonObject o = new JsonObject();
        o.addProperty("description", b.description());
        if (!b.protocols().isEmpty()) {
            JsonArray protocols = new JsonArray();
            b.protocols().stream().sorted().forEach(protocols::add);
            o.add("protocols", protocols);
        }
        if (b.shapesOneExchange()) {
            o.addProperty("one_exchange", true);
        }
        JsonArray options = new JsonArray();
        for (Option<?> option : Registry.optionsOf(b)) {
            JsonObject j = new JsonObject();
            j.addProperty("name", option.name());
            j.addProperty("type", option.type());
            j.addProperty("default", option.defaultText());
            j.addProperty("description", option.description());
            if (option.min() != null) {
                j.addProperty("min", option.min());
                j.addProperty("max", option.max());
            }
            options.add(j);
        }
        o.add("options", options);
        return o;
    }

    private ManagedProxy proxy(String name) {
        return name == null ? manager.defaultProxy() : manager.get(name);
    }

    private static Answer behavior(String method, ManagedProxy proxy, String body) {
        if (method.equals("GET")) {
            JsonObject o = new JsonObject();
            o.addProperty("behavior", proxy.behavior());
            o.add("options", Json.GSON.toJsonTree(proxy.behaviorOptions()));
            return Answer.json(200, o.toString());
        }
        if (!method.equals("PUT") && !method.equals("POST")) {
            throw new ApiException(405, "method not allowed");
        }
        JsonObject o = Json.object(body);
        String name = Json.string(o, "name");
        if (name == null || name.isBlank()) {
            throw new ApiException(400, "the value should contain a \"name\" key", "name");
        }
        proxy.setBehavior(name, options(name, o));
        return ok();
    }

    /**
     * Options given with a behavior: {@code {"name": "delay", "sleep": 2}} for one behavior, or
     * an object per behavior for a mix: {@code {"name": "5:error,10:delay", "delay": {"sleep": 2}}}.
     */
    private static Map<String, Map<String, String>> options(String name, JsonObject o) {
        Map<String, Map<String, String>> options = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (e.getKey().equals("name")) {
                continue;
            }
            if (e.getValue().isJsonObject()) {
                options.put(e.getKey(), Json.texts(o, e.getKey()));
            } else if (name.contains(":")) {
                throw new ApiException(400, "with a mix, give each behavior's options as an object: \""
                        + e.getKey() + "\" is not one", e.getKey());
            } else {
                options.computeIfAbsent(name.strip(), k -> new LinkedHashMap<>()).put(e.getKey(), Json.text(e.getKey(), e.getValue()));
            }
        }
        return options;
    }

    private static Answer backend(String method, ManagedProxy proxy, String body) {
        if (method.equals("GET")) {
            JsonObject o = new JsonObject();
            o.addProperty("backend", proxy.server().backendText());
            return Answer.json(200, o.toString());
        }
        if (!method.equals("PUT") && !method.equals("POST")) {
            throw new ApiException(405, "method not allowed");
        }
        String backend = Json.string(Json.object(body), "backend");
        if (backend == null) {
            throw new ApiException(400, "the value should contain a \"backend\" key", "backend");
        }
        try {
            proxy.setBackend(HostPort.parse(backend));
        } catch (org.vaurien.BadInputException e) {
            throw new ApiException(400, e.getMessage(), "backend");
        }
        return ok();
    }

    private static Answer ok() {
        return Answer.json(200, "{\"status\":\"ok\"}");
    }

    /** Vaurien's error shape: {@code {"status": "error", "errors": [{location, name, description}]}}. */
    static String error(ApiException e) {
        JsonObject error = new JsonObject();
        error.addProperty("location", "body");
        error.addProperty("name", e.field() == null ? "" : e.field());
        error.addProperty("description", e.getMessage());
        JsonArray errors = new JsonArray();
        errors.add(error);
        JsonObject o = new JsonObject();
        o.addProperty("status", "error");
        o.add("errors", errors);
        return o.toString();
    }

    static boolean isVaurienPath(List<String> path) {
        int n = path.size();
        String last = n == 0 ? "" : path.get(n - 1);
        boolean resource = last.equals("behavior") || last.equals("behaviors") || last.equals("backend");
        return resource && (n == 1 || n == 3 && path.get(0).equals("proxies"));
    }
}
