package org.vaurien;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A proxy in another process, driven through its control API (Vaurien's dialect), with the same
 * methods as {@link VaurienProxy}: {@code try (var b = new Client("http://127.0.0.1:8080").withBehavior("error")) {...}}.
 */
public final class Client implements BehaviorControl {
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
        return new Client(root, "/proxies/" + name, token);
    }

    @Override
    public String behavior() {
        return call("GET", prefix + "/behavior", null).getAsJsonObject().get("behavior").getAsString();
    }

    @Override
    public Map<String, Map<String, String>> behaviorOptions() {
        JsonElement options = call("GET", prefix + "/behavior", null).getAsJsonObject().get("options");
        return new com.google.gson.Gson().fromJson(options, new TypeToken<Map<String, Map<String, String>>>() { }.getType());
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
        JsonElement json = response.body().isBlank() ? new JsonObject() : JsonParser.parseString(response.body());
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
