package org.vaurien.faults;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vaurien.BadInputException;
import org.vaurien.FaultRecord;

/** A fault record as one line of JSON: the fault log's format, the event stream's and the report's. */
public final class FaultJson {
    private FaultJson() {
    }

    public static JsonObject toJson(FaultRecord f) {
        JsonObject o = new JsonObject();
        o.addProperty("time", f.time().toString());
        o.addProperty("proxy", f.proxy());
        o.addProperty("connection", f.connection());
        o.addProperty("client", f.client());
        o.addProperty("exchange", f.exchange());
        o.addProperty("direction", f.direction());
        o.addProperty("behavior", f.behavior());
        o.addProperty("effect", f.effect());
        o.addProperty("phase", f.phase());
        JsonObject parameters = new JsonObject();
        f.parameters().forEach((k, v) -> parameters.add(k, value(v)));
        o.add("parameters", parameters);
        if (f.seed() != null) {
            o.addProperty("seed", f.seed());
        }
        return o;
    }

    public static String line(FaultRecord f) {
        return toJson(f).toString();
    }

    /** A record read back; a line that is not one is a BadInputException saying what is wrong with it. */
    public static FaultRecord parse(String line) {
        try {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            Map<String, Object> parameters = new LinkedHashMap<>();
            if (o.has("parameters")) {
                o.getAsJsonObject("parameters").entrySet().forEach(e -> parameters.put(e.getKey(), javaValue(e.getValue())));
            }
            return new FaultRecord(Instant.parse(text(o, "time")), text(o, "proxy"), number(o, "connection"),
                    o.has("client") ? o.get("client").getAsString() : "", number(o, "exchange"), text(o, "direction"),
                    text(o, "behavior"), text(o, "effect"), text(o, "phase"), parameters,
                    o.has("seed") && !o.get("seed").isJsonNull() ? o.get("seed").getAsLong() : null);
        } catch (JsonParseException | IllegalStateException | ClassCastException | UnsupportedOperationException
                 | NumberFormatException | DateTimeParseException | NullPointerException e) {
            throw new BadInputException("not a fault record (" + e.getMessage() + ")");
        }
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new BadInputException("a fault record without '" + key + "'");
        }
        return e.getAsString();
    }

    private static long number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new BadInputException("a fault record without a number for '" + key + "'");
        }
        return e.getAsLong();
    }

    private static JsonElement value(Object v) {
        if (v instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        return new JsonPrimitive(String.valueOf(v));
    }

    /** A JSON value as Java: whole numbers stay whole. */
    public static Object javaValue(JsonElement e) {
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isNumber()) {
            BigDecimal d = p.getAsBigDecimal();
            return d.stripTrailingZeros().scale() <= 0 ? (Object) d.longValue() : (Object) d.doubleValue();
        }
        return p.getAsString();
    }
}
