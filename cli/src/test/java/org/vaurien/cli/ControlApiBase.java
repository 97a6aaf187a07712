package org.vaurien.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.vaurien.config.HostPort;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.Registry;
import org.vaurien.control.ControlServer;
import org.vaurien.control.ProxyManager;
import org.vaurien.engine.Engine;
import org.vaurien.testkit.TestBackend;

/** A control API in front of one proxy named default, on an echo backend; calls made as any HTTP client makes them. */
abstract class ControlApiBase {
    final Engine engine = new Engine(1, true);
    ProxyManager manager;
    ControlServer api;
    TestBackend echo;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        echo = TestBackend.echo();
        manager = new ProxyManager(engine, Registry.load());
        manager.start(ProxyConfig.builder().listen(new HostPort("127.0.0.1", 0))
                .backend(new HostPort("127.0.0.1", echo.port())).stayConnected(true).build());
        api = ControlServer.start(manager, new HostPort("127.0.0.1", 0), null, "9.9.9");
    }

    @AfterEach
    void stop() throws IOException {
        api.close();
        manager.close();
        engine.close();
        echo.close();
    }

    record Reply(int status, String body) {
        JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }
    }

    Reply call(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    int proxyPort(String name) {
        return manager.get(name).server().port();
    }

}
