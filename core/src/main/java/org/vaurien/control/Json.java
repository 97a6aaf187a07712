package org.vaurien.control;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vaurien.spi.CommonOptions;
import org.vaurien.spi.Options;
import org.vaurien.config.HostPort;

/** JSON in and out of the control API, in the shapes Toxiproxy and Vaurien clients expect. */
final class Json {
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private Json() {
    }

    static JsonElement parse(String body) {
        try {
            JsonElement e = JsonParser.parseString(body.isBlank() ? "{}" : body);
            return e == null ? new JsonObject() : e;
        } catch (JsonParseException | IllegalStateException e) {
            throw new ApiException(400, "bad request body: not valid JSON (" + e.getMessage() + ")", "body");
        }
    }

    static JsonObject object(String body) {
        JsonElement e = parse(body);
        if (!e.isJsonObject()) {
            throw new ApiException(400, "bad request body: a JSON object is expected", "body");
        }
        return e.getAsJsonObject();
    }

    static String string(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive()) {
            throw new ApiException(400, "bad request body: '" + field + "' must be a string", field);
        }
        return e.getAsString();
    }

    static Boolean bool(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new ApiException(400, "bad request body: '" + field + "' must be true or false", field);
        }
        return e.getAsBoolean();
    }

    static Double number(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new ApiException(400, "bad request body: '" + field + "' must be a number", field);
        }
        return e.getAsDouble();
    }

    /** A value given to an option, as text: 100.0 for a whole number is written 100. */
    static String text(String field, JsonElement e) {
        if (e == null || e.isJsonNull() || !e.isJsonPrimitive()) {
            throw new ApiException(400, "bad request body: '" + field + "' must be a number, a string or a boolean", field);
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isNumber()) {
            BigDecimal d = p.getAsBigDecimal();
            return d.stripTrailingZeros().scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
        }
        return p.getAsString();
    }

    static Map<String, String> texts(JsonObject o, String field) {
        Map<String, String> values = new LinkedHashMap<>();
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return values;
        }
        if (!e.isJsonObject()) {
            throw new ApiException(400, "bad request body: '" + field + "' must be an object", field);
        }
        e.getAsJsonObject().entrySet().forEach(kv -> values.put(kv.getKey(), text(kv.getKey(), kv.getValue())));
        return values;
    }

    /** A toxic as Toxiproxy shows it: its behavior's own options as typed attributes. */
    static JsonObject toxic(ManagedProxy proxy, Toxic t) {
        JsonObject o = new JsonObject();
        o.addProperty("name", t.name());
        o.addProperty("type", t.type());
        o.addProperty("stream", t.stream().wireName());
        o.addProperty("toxicity", t.toxicity());
        JsonObject attributes = new JsonObject();
        Options options = proxy.toxicOptions(t);
        options.wireValues().forEach((k, v) -> {
            if (!k.equals(CommonOptions.DIRECTION.name()) && !k.equals(CommonOptions.TOXICITY.name())) {
                attributes.add(k, GSON.toJsonTree(v));
            }
        });
        o.add("attributes", attributes);
        return o;
    }

    static JsonArray toxics(ManagedProxy proxy) {
        JsonArray a = new JsonArray();
        for (Toxic t : proxy.toxics()) {
            a.add(toxic(proxy, t));
        }
        return a;
    }

    /** A proxy as Toxiproxy shows it, plus its protocol. */
    static JsonObject proxy(ManagedProxy p) {
        JsonObject o = new JsonObject();
        o.addProperty("name", p.name());
        o.addProperty("listen", HostPort.format(p.server().address()));
        o.addProperty("upstream", p.server().backendText());
        o.addProperty("enabled", p.enabled());
        o.addProperty("protocol", p.server().plan().protocol().name());
        if (p.server().config().tls() != null) {
            o.addProperty("tls", "terminate");
        }
        o.add("toxics", toxics(p));
        return o;
    }

    static JsonObject proxies(List<ManagedProxy> all) {
        JsonObject o = new JsonObject();
        for (ManagedProxy p : all) {
            o.add(p.name(), proxy(p));
        }
        return o;
    }
}
