package org.vaurien.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vaurien.config.HostPort;
import org.vaurien.control.ControlServer;

/**
 * What the control API refuses, and that a refusal changes nothing: requests a web page made
 * (every marker a browser puts on them, on every method), bodies too large, names a URL cannot
 * carry, and a populate batch with one bad proxy in it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ControlApiGuardTest extends ControlApiBase {
    @Test
    void requestsFromWebPagesAreRefusedAndATokenCanBeRequired() throws Exception {
        assertEquals(403, call("GET", "/proxies", null, "User-Agent", "Mozilla/5.0 (X11; Linux x86_64)").status());
        assertEquals(403, call("PUT", "/behavior", "{\"name\": \"error\"}", "Origin", "http://evil.example").status());
        assertEquals("100:dummy", call("GET", "/behavior", null).json().get("behavior").getAsString(), "nothing changed");
        try (ControlServer guarded = ControlServer.start(manager, new HostPort("127.0.0.1", 0), "s3cret", "1")) {
            URI uri = URI.create("http://127.0.0.1:" + guarded.port() + "/proxies");
            assertEquals(401, http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(401, http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer wrong").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(200, http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer s3cret").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    /** A write a page could make: any of these headers, on any method, in either dialect, is refused and changes nothing. */
    @ParameterizedTest
    @CsvSource({
        "User-Agent, Mozilla/5.0 (X11; Linux x86_64)",
        "Origin, http://evil.example",
        "Origin, null",
        "Sec-Fetch-Site, cross-site",
        "Sec-Fetch-Mode, cors",
        "Sec-Fetch-Mode, no-cors",
        "Sec-Fetch-Mode, navigate",
        "Sec-Fetch-Dest, empty",
        "Sec-Fetch-Dest, document",
        "Sec-Fetch-User, ?1",
    })
    void everyRequestABrowserMarksIsRefusedOnEveryMethod(String header, String value) throws Exception {
        for (String method : List.of("GET", "PUT", "POST", "PATCH", "DELETE")) {
            assertEquals(403, call(method, "/behavior", "{\"name\": \"error\"}", header, value).status(), method + " /behavior");
            assertEquals(403, call(method, "/proxies/default", "{\"enabled\": false}", header, value).status(), method + " /proxies");
            assertEquals(403, call(method, "/proxies/default/toxics", "{\"type\": \"latency\"}", header, value).status(),
                    method + " /proxies/default/toxics");
            assertEquals(403, call(method, "/populate", "[]", header, value).status(), method + " /populate");
            assertEquals(403, call(method, "/reset", "", header, value).status(), method + " /reset");
        }
        assertEquals("100:dummy", call("GET", "/behavior", null).json().get("behavior").getAsString(), "nothing changed");
        assertEquals(0, call("GET", "/proxies/default/toxics", null).body().replace("[]", "").length(), "no toxic was added");
        assertTrue(call("GET", "/proxies/default", null).json().get("enabled").getAsBoolean());
    }

    @Test
    void aBodyOverOneMegabyteIsRefusedWith413() throws Exception {
        String name = "x".repeat(2 << 20);
        Reply r = call("POST", "/proxies", "{\"name\": \"" + name + "\", \"upstream\": \"127.0.0.1:9\"}");
        assertEquals(413, r.status(), r.body());
        assertEquals(1, manager.all().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a/b", "../../etc/passwd", "with space", "caf\u00e9", ".."})
    void aNameAUrlCannotCarryIsRefusedNamingTheRule(String name) throws Exception {
        Reply r = call("POST", "/proxies", "{\"name\": \"" + name + "\", \"upstream\": \"127.0.0.1:" + echo.port() + "\"}");
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("names are letters, digits, '-', '_' and '.', at most 200"), r.body());
        Reply toxic = call("POST", "/proxies/default/toxics", "{\"type\": \"latency\", \"name\": \"" + name + "\"}");
        assertEquals(400, toxic.status(), toxic.body());
        assertEquals(1, manager.all().size(), "nothing was created");
        Reply long201 = call("POST", "/proxies", "{\"name\": \"" + "n".repeat(201) + "\", \"upstream\": \"127.0.0.1:9\"}");
        assertEquals(400, long201.status(), "201 characters: " + long201.body());
    }

    /** A batch is applied whole or not at all: its last proxy is bad, and none of it took effect. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"name\": \"bad/name\", \"upstream\": \"127.0.0.1:9\"}",
        "\"not an object\"",
        "{\"name\": \"b\", \"upstream\": \"127.0.0.1:9\", \"toxics\": [{\"type\": \"no_such_toxic\"}]}",
        "{\"name\": \"b\", \"upstream\": \"nowhere\"}",
        "{\"name\": \"default\", \"upstream\": \"127.0.0.1:9\", \"protocol\": \"nope\"}",
    })
    void populateAppliesTheWholeBatchOrNothing(String bad) throws Exception {
        int before = proxyPort("default");
        String batch = "[{\"name\": \"default\", \"upstream\": \"127.0.0.1:" + echo.port() + "\", \"protocol\": \"http\"},"
                + " {\"name\": \"a\", \"upstream\": \"127.0.0.1:" + echo.port() + "\"}, " + bad + "]";
        Reply r = call("POST", "/populate", batch);
        assertEquals(400, r.status(), r.body());
        assertEquals(List.of("default"), manager.all().stream().map(p -> p.name()).toList(), "no proxy was added or removed");
        assertEquals(before, proxyPort("default"), "default was not replaced");
        assertEquals("tcp", manager.get("default").server().plan().protocol().name());
    }
}
