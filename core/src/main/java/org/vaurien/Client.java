package org.vaurien;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vaurien.faults.FaultJson;

/**
 * A proxy in another process, driven through its control API, with the same methods as
 * {@link VaurienProxy} ({@code try (var b = new Client("http://127.0.0.1:8080").withBehavior("error")) {...}})
 * and the proxies and toxics of Toxiproxy's dialect. A refusal of the server is a
 * {@link BadInputException} carrying its message; a server that cannot be reached, an
 * {@link UncheckedIOException}.
 */
public final class Client implements BehaviorControl {
    private static final Gson GSON = new Gson();

    /** A proxy as the control API lists it. */
    public record Proxy(String name, String listen, String upstream, boolean enabled, String protocol, List<Toxic> toxics) {
    }

    /** A toxic: a behavior in a proxy's stack, with its options as attributes. */
    public record Toxic(String name, String type, String stream, double toxicity, Map<String, Object> attributes) {
        /** As the control API writes it. */
        public String toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("name", name);
            o.addProperty("type", type);
            o.addProperty("stream", stream);
            o.addProperty("toxicity", toxicity);
            o.add("attributes", GSON.toJsonTree(attributes));
            return o.toString();
        }
    }

    private final String root;
    private final String prefix;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Client(String url) {
        this(url, null);
    }

    /** With the bearer token the server was started with ({@code --http-token}). */
    public Client(String url, String token) {
        this(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, "", token);
    }

    private Client(String root, String prefix, String token) {
        this.root = root;
        this.prefix = prefix;
        this.token = token;
    }

    /** The same client, for one proxy of a server that runs several. */
    public Client proxy(String name) {
        return new Client(root, "/proxies/" + segment(name), token);
    }

    @Override
    public String behavior() {
        return call("GET", prefix + "/behavior", null).getAsJsonObject().get("behavior").getAsString();
    }

    @Override
    public Map<String, Map<String, String>> behaviorOptions() {
        Map<String, Map<String, String>> options = new LinkedHashMap<>();
        call("GET", prefix + "/behavior", null).getAsJsonObject().getAsJsonObject("options").entrySet()
                .forEach(b -> {
                    Map<String, String> values = new LinkedHashMap<>();
                    b.getValue().getAsJsonObject().entrySet().forEach(v -> values.put(v.getKey(), v.getValue().getAsString()));
                    options.put(b.getKey(), values);
                });
        return options;
    }

    @Override
    public List<String> behaviors() {
        List<String> names = new ArrayList<>();
        call("GET", "/behaviors", null).getAsJsonObject().getAsJsonArray("behaviors").forEach(e -> names.add(e.getAsString()));
        return names;
    }

    @Override
    public void setBehavior(String behavior, Map<String, ?> options) {
        JsonObject body = new JsonObject();
        body.addProperty("name", behavior);
        BehaviorControl.nested(behavior, options).forEach((b, values) -> {
            JsonObject o = new JsonObject();
            values.forEach(o::addProperty);
            body.add(b, o);
        });
        call("PUT", prefix + "/behavior", body.toString());
    }

    /** The backend of the proxy ({@code host:port}). */
    public String backend() {
        return call("GET", prefix + "/backend", null).getAsJsonObject().get("backend").getAsString();
    }

    public void backend(String hostPort) {
        JsonObject body = new JsonObject();
        body.addProperty("backend", hostPort);
        call("PUT", prefix + "/backend", body.toString());
    }

    // --- Toxiproxy's dialect ---

    /** Every proxy of the server, with its toxics. */
    public List<Proxy> proxies() {
        List<Proxy> all = new ArrayList<>();
        call("GET", "/proxies", null).getAsJsonObject().entrySet().forEach(e -> {
            JsonObject p = e.getValue().getAsJsonObject();
            List<Toxic> toxics = new ArrayList<>();
            p.getAsJsonArray("toxics").forEach(t -> toxics.add(toxic(t.getAsJsonObject())));
            all.add(new Proxy(e.getKey(), p.get("listen").getAsString(), p.get("upstream").getAsString(),
                    p.get("enabled").getAsBoolean(), p.get("protocol").getAsString(), toxics));
        });
        return all;
    }

    /**
     * Puts a behavior in a proxy's stack. {@code name} null: Toxiproxy's {@code TYPE_STREAM};
     * {@code stream} null: downstream; attributes are the behavior's options.
     */
    public Toxic addToxic(String proxy, String type, String name, String stream, double toxicity,
                          Map<String, String> attributes) {
        JsonObject body = toxicBody(stream, toxicity, attributes);
        body.addProperty("type", type);
        if (name != null) {
            body.addProperty("name", name);
        }
        return toxic(call("POST", "/proxies/" + segment(proxy) + "/toxics", body.toString()).getAsJsonObject());
    }

    /** Changes a toxic: what is given (non-null, or the attributes named) replaces what was there. */
    public Toxic updateToxic(String proxy, String toxic, String stream, Double toxicity, Map<String, String> attributes) {
        JsonObject body = toxicBody(stream, toxicity, attributes);
        return toxic(call("POST", "/proxies/" + segment(proxy) + "/toxics/" + segment(toxic), body.toString())
                .getAsJsonObject());
    }

    public void removeToxic(String proxy, String toxic) {
        call("DELETE", "/proxies/" + segment(proxy) + "/toxics/" + segment(toxic), null);
    }

    /** Turns a proxy on or off (off: it closes its connections and refuses new ones), as Toxiproxy does. */
    public void setEnabled(String proxy, boolean enabled) {
        JsonObject body = new JsonObject();
        body.addProperty("enabled", enabled);
        call("POST", "/proxies/" + segment(proxy), body.toString());
    }

    // --- what an experiment's run needs ---

    /**
     * Takes a lease on {@code proxies}: the server keeps what they do now and puts it back when
     * the lease ends ({@link #endLease}) or expires, {@code ttl} after its last renewal
     * ({@link #renewLease}). Returns the lease's id.
     */
    public String takeLease(List<String> proxies, Duration ttl) {
        JsonObject body = new JsonObject();
        body.add("proxies", GSON.toJsonTree(proxies));
        body.addProperty("ttl_ms", ttl.toMillis());
        return call("POST", "/leases", body.toString()).getAsJsonObject().get("id").getAsString();
    }

    public void renewLease(String id) {
        call("PUT", "/leases/" + segment(id), null);
    }

    /** Ends the lease: the proxies it holds do again what they did when it was taken. */
    public void endLease(String id) {
        call("DELETE", "/leases/" + segment(id), null);
    }

    /**
     * A counter of {@code /metrics} per proxy, its series summed ({@code vaurien_proxy_bytes_total}
     * of both directions, say).
     */
    public Map<String, Long> counter(String metric) {
        Map<String, Long> byProxy = new LinkedHashMap<>();
        for (String line : text("/metrics").split("\n")) {
            if (line.startsWith(metric + "{")) {
                int at = line.indexOf("proxy=\"") + 7;
                String proxy = line.substring(at, line.indexOf('"', at));
                long value = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1).trim());
                byProxy.merge(proxy, value, Long::sum);
            }
        }
        return byProxy;
    }

    /**
     * Follows the server's faults ({@code GET /faults}): each one is given to {@code listener}
     * on a thread of the HTTP client, until the returned handle is closed.
     */
    public AutoCloseable followFaults(Consumer<FaultRecord> listener) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + "/faults"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        var lines = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        lines.thenAccept(r -> r.body().forEach(line -> {
            if (line.startsWith("data: ")) {
                listener.accept(FaultJson.parse(line.substring(6)));
            }
        }));
        return () -> lines.cancel(true);
    }

    // --- experiments, where the server runs them (vaurien --http) ---

    /** Starts an experiment on the server ({@code POST /experiments}, the file's YAML as the body); its run's id. */
    public String startExperiment(String yaml) {
        return call("POST", "/experiments", yaml).getAsJsonObject().get("id").getAsString();
    }

    /** An experiment's run as the server tells it: phase, outcome, steps, probe results, faults (JSON). */
    public JsonObject experiment(String id) {
        return call("GET", "/experiments/" + segment(id), null).getAsJsonObject();
    }

    /** Aborts an experiment's run: the server puts back every proxy it changed. */
    public JsonObject abortExperiment(String id) {
        return call("DELETE", "/experiments/" + segment(id), null).getAsJsonObject();
    }

    // --- the master switch, and what the web page watches ---

    /**
     * Stops every fault of every proxy of the server at once ({@code POST /faults/stop}); the
     * settings stay, and act again on {@link #resumeFaults()}. {@code by} says who, in the log and on the page.
     */
    public void stopAllFaults(String by) {
        JsonObject body = new JsonObject();
        body.addProperty("by", by);
        call("POST", "/faults/stop", body.toString());
    }

    /** Every proxy does what its settings say again ({@code POST /faults/resume}). */
    public void resumeFaults() {
        call("POST", "/faults/resume", "");
    }

    /** Everything at once, as the web page sees it ({@code GET /status}): proxies, counters, the master switch. */
    public JsonObject status() {
        return call("GET", "/status", null).getAsJsonObject();
    }

    private static JsonObject toxicBody(String stream, Double toxicity, Map<String, String> attributes) {
        JsonObject body = new JsonObject();
        if (stream != null) {
            body.addProperty("stream", stream);
        }
        if (toxicity != null) {
            body.addProperty("toxicity", toxicity);
        }
        JsonObject attrs = new JsonObject();
        attributes.forEach(attrs::addProperty);
        body.add("attributes", attrs);
        return body;
    }

    private static Toxic toxic(JsonObject t) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        t.getAsJsonObject("attributes").entrySet().forEach(a -> attributes.put(a.getKey(), value(a.getValue())));
        return new Toxic(t.get("name").getAsString(), t.get("type").getAsString(), t.get("stream").getAsString(),
                t.get("toxicity").getAsDouble(), attributes);
    }

    /** An attribute as its Java value: a whole number stays whole (a Long), as the server wrote it. */
    private static Object value(JsonElement e) {
        return e.isJsonPrimitive() ? FaultJson.javaValue(e) : e.toString();
    }

    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String text(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new BadInputException(path + ": the control API answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the control API at " + root + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonElement call(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the control API at " + root + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        JsonElement json;
        try {
            json = response.body().isBlank() ? new JsonObject() : JsonParser.parseString(response.body());
        } catch (JsonParseException e) {
            throw new UncheckedIOException(new IOException(root + " did not answer as a control API does (status "
                    + response.statusCode() + ")"));
        }
        if (response.statusCode() >= 400) {
            throw new BadInputException(message(json, response.statusCode()));
        }
        return json;
    }

    private static String message(JsonElement json, int status) {
        if (json.isJsonObject() && json.getAsJsonObject().has("errors")) {
            return json.getAsJsonObject().getAsJsonArray("errors").get(0).getAsJsonObject().get("description").getAsString();
        }
        if (json.isJsonObject() && json.getAsJsonObject().has("error")) {
            return json.getAsJsonObject().get("error").getAsString();
        }
        return "the control API answered " + status;
    }
}
