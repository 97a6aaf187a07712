package org.vaurien.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every endpoint of both dialects: shapes, status codes, refusals, and effects on live traffic. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ControlApiTest extends ControlApiBase {
    // --- Vaurien's dialect ---

    @Test
    void vaurienBehaviorBehaviorsAndBackend() throws Exception {
        assertEquals("100:dummy", call("GET", "/behavior", null).json().get("behavior").getAsString());
        Reply set = call("PUT", "/behavior", "{\"name\": \"delay\", \"sleep\": 0.25, \"before\": false}");
        assertEquals(200, set.status());
        assertEquals("{\"status\":\"ok\"}", set.body());
        JsonObject now = call("GET", "/behavior", null).json();
        assertEquals("100:delay", now.get("behavior").getAsString());
        assertEquals("0.25", now.getAsJsonObject("options").getAsJsonObject("delay").get("sleep").getAsString(), "options are applied");
        assertEquals(200, call("POST", "/behavior", "{\"name\": \"5:error,10:delay\", \"delay\": {\"sleep\": 1}}").status());
        assertEquals("5:error,10:delay", call("GET", "/behavior", null).json().get("behavior").getAsString());
        assertTrue(call("GET", "/behaviors", null).json().getAsJsonArray("behaviors").toString().contains("\"latency\""));
        assertEquals("127.0.0.1:" + echo.port(), call("GET", "/backend", null).json().get("backend").getAsString());
        assertEquals(200, call("PUT", "/backend", "{\"backend\": \"127.0.0.1:" + echo.port() + "\"}").status());
        assertEquals(200, call("GET", "/proxies/default/behavior", null).status());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"name\": \"nope\"}|name|unknown behavior 'nope'",
        "{}|name|the value should contain a \"name\" key",
        "{\"name\": \"delay\", \"slep\": 1}|slep|behavior 'delay' has no option 'slep'",
        "{\"name\": \"delay\", \"sleep\": \"soon\"}|sleep|'soon' is not a number",
        "{\"name\": \"error\", \"warmup\": -1}|warmup|'-1' is out of range",
        "{\"name\": \"50:error,60:delay\"}|behavior|the percentages add up to 110, over 100",
        "not json|body|bad request body: not valid JSON",
        "{\"name\": \"error\", \"match\": \"sql~^(UPDATE\"}|match|'^(UPDATE' is not a regular expression",
        "{\"name\": \"error\", \"match\": \"path=/api/*\"}|match|option 'match': 'path' cannot apply to protocol 'tcp'",
    })
    void vaurienErrorsAre400WithStatusAndErrorsAndChangeNothing(String body, String field, String message) throws Exception {
        call("PUT", "/behavior", "{\"name\": \"delay\", \"sleep\": 0.5}");
        Reply r = call("PUT", "/behavior", body);
        assertEquals(400, r.status());
        JsonObject json = r.json();
        assertEquals("error", json.get("status").getAsString());
        JsonObject error = json.getAsJsonArray("errors").get(0).getAsJsonObject();
        assertEquals(field, error.get("name").getAsString(), r.body());
        assertTrue(error.get("description").getAsString().contains(message), r.body());
        JsonObject now = call("GET", "/behavior", null).json();
        assertEquals("100:delay", now.get("behavior").getAsString(), "nothing changed");
        assertEquals("0.5", now.getAsJsonObject("options").getAsJsonObject("delay").get("sleep").getAsString());
    }

    @Test
    void aChangeTakesEffectOnTheNextExchangeOfAnOpenConnection() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxyPort("default"))) {
            s.setSoTimeout(5000);
            assertEquals("ping", echo(s));
            call("PUT", "/behavior", "{\"name\": \"error\"}");
            assertFalse("ping".equals(echo(s)), "the next exchange gets the error");
            call("PUT", "/behavior", "{\"name\": \"dummy\"}");
            s.getInputStream().skipNBytes(Math.max(0, s.getInputStream().available()));
            call("POST", "/proxies/default/toxics", "{\"type\": \"latency\", \"attributes\": {\"latency\": 200}}");
            long start = System.nanoTime();
            assertEquals("ping", echo(s));
            assertTrue(System.nanoTime() - start >= 200_000_000L, "and a toxic too");
        }
    }

    private static String echo(Socket s) throws IOException {
        s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
        byte[] b = new byte[4];
        int n = s.getInputStream().readNBytes(b, 0, 4);
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    // --- Toxiproxy's dialect ---

    /** Vaurien's addition to a Toxiproxy proxy: "tls", terminate or its settings; a mistake is a 400 naming it, nothing made. */
    @Test
    void aToxiproxyProxyMayTerminateTls(@TempDir Path dir) throws Exception {
        String ca = dir.resolve("ca").toString().replace("\\", "/");
        Reply created = call("POST", "/proxies", "{\"name\": \"https\", \"upstream\": \"127.0.0.1:" + echo.port()
                + "\", \"protocol\": \"http\", \"tls\": {\"ca_dir\": \"" + ca + "\", \"verify_backend\": false}}");
        assertEquals(201, created.status(), created.body());
        assertEquals("terminate", created.json().get("tls").getAsString());
        assertTrue(Files.exists(dir.resolve("ca/ca.pem")), "the CA is made when the proxy starts");
        assertEquals(204, call("DELETE", "/proxies/https", null).status());
        Reply unknown = call("POST", "/proxies", "{\"name\": \"t1\", \"upstream\": \"127.0.0.1:1\", \"tls\": {\"nope\": 1}}");
        assertEquals(400, unknown.status());
        assertTrue(unknown.body().contains("tls: no setting 'nope'"), unknown.body());
        Reply missing = call("POST", "/proxies", "{\"name\": \"t2\", \"upstream\": \"127.0.0.1:1\", \"tls\": {\"keystore\": \""
                + dir.resolve("none.p12").toString().replace("\\", "/") + "\"}}");
        assertEquals(400, missing.status());
        assertTrue(missing.body().contains("none.p12 does not exist"), missing.body());
        assertEquals(404, call("GET", "/proxies/t2", null).status());
    }

    @Test
    void toxiproxyProxiesLifecycle() throws Exception {
        Reply created = call("POST", "/proxies", "{\"name\": \"redis\", \"listen\": \"127.0.0.1:0\", \"upstream\": \"127.0.0.1:"
                + echo.port() + "\", \"protocol\": \"tcp\"}");
        assertEquals(201, created.status());
        JsonObject p = created.json();
        assertEquals("redis", p.get("name").getAsString());
        assertTrue(p.get("enabled").getAsBoolean());
        assertEquals("tcp", p.get("protocol").getAsString());
        assertEquals(0, p.getAsJsonArray("toxics").size());
        assertTrue(p.get("listen").getAsString().matches("127\\.0\\.0\\.1:\\d+"));
        assertEquals(409, call("POST", "/proxies", "{\"name\": \"redis\", \"upstream\": \"127.0.0.1:1\"}").status());
        assertEquals("{\"error\":\"missing required field: upstream\",\"status\":400}",
                call("POST", "/proxies", "{\"name\": \"x\"}").body());
        assertEquals(400, call("POST", "/proxies", "{\"upstream\": \"127.0.0.1:1\"}").status());
        JsonObject all = call("GET", "/proxies", null).json();
        assertTrue(all.has("default") && all.has("redis"));
        assertEquals("redis", call("GET", "/proxies/redis", null).json().get("name").getAsString());
        assertEquals(404, call("GET", "/proxies/nope", null).status());
        assertEquals("{\"error\":\"proxy not found\",\"status\":404}", call("GET", "/proxies/nope", null).body());
        int port = proxyPort("redis");
        Reply disabled = call("PATCH", "/proxies/redis", "{\"enabled\": false}");
        assertEquals(200, disabled.status());
        assertFalse(disabled.json().get("enabled").getAsBoolean());
        assertTrue(refused(port), "a disabled proxy refuses connections");
        assertTrue(call("POST", "/proxies/redis", "{\"enabled\": true}").json().get("enabled").getAsBoolean());
        assertFalse(refused(port));
        assertEquals(204, call("DELETE", "/proxies/redis", null).status());
        assertEquals(404, call("DELETE", "/proxies/redis", null).status());
        assertTrue(refused(port));
    }

    private static boolean refused(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void toxiproxyToxicsLifecycle() throws Exception {
        Reply added = call("POST", "/proxies/default/toxics",
                "{\"type\": \"latency\", \"stream\": \"upstream\", \"toxicity\": 0.5, \"attributes\": {\"latency\": 100, \"jitter\": 10}}");
        assertEquals(200, added.status());
        JsonObject t = added.json();
        assertEquals("latency_upstream", t.get("name").getAsString());
        assertEquals("upstream", t.get("stream").getAsString());
        assertEquals(0.5, t.get("toxicity").getAsDouble());
        assertEquals(100, t.getAsJsonObject("attributes").get("latency").getAsInt());
        assertEquals(409, call("POST", "/proxies/default/toxics", "{\"type\": \"latency\", \"stream\": \"upstream\"}").status());
        assertEquals(200, call("POST", "/proxies/default/toxics", "{\"name\": \"cut\", \"type\": \"limit_data\", \"attributes\": {\"bytes\": 10}}").status());
        assertEquals(200, call("POST", "/proxies/default/toxics", "{\"name\": \"vaurien\", \"type\": \"error\", \"attributes\": {\"warmup\": 2}}").status(),
                "every Vaurien behavior is a toxic type too");
        assertEquals(3, JsonParser.parseString(call("GET", "/proxies/default/toxics", null).body()).getAsJsonArray().size());
        assertEquals(10, call("GET", "/proxies/default/toxics/cut", null).json().getAsJsonObject("attributes").get("bytes").getAsInt());
        Reply updated = call("PATCH", "/proxies/default/toxics/latency_upstream", "{\"attributes\": {\"latency\": 300}}");
        assertEquals(300, updated.json().getAsJsonObject("attributes").get("latency").getAsInt());
        assertEquals(10, updated.json().getAsJsonObject("attributes").get("jitter").getAsInt(), "other attributes kept");
        assertEquals(1.0, call("POST", "/proxies/default/toxics/latency_upstream", "{\"toxicity\": 1}").json().get("toxicity").getAsDouble());
        assertEquals(3, call("GET", "/proxies/default", null).json().getAsJsonArray("toxics").size());
        assertEquals(204, call("DELETE", "/proxies/default/toxics/cut", null).status());
        assertEquals(404, call("GET", "/proxies/default/toxics/cut", null).status());
        assertEquals(204, call("POST", "/reset", null).status());
        assertEquals(0, JsonParser.parseString(call("GET", "/proxies/default/toxics", null).body()).getAsJsonArray().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\": \"nope\"}|400|invalid toxic type: nope",
        "{\"attributes\": {}}|400|missing required field: type",
        "{\"type\": \"latency\", \"stream\": \"sideways\"}|400|stream was invalid",
        "{\"type\": \"latency\", \"toxicity\": 2}|400|toxicity 2.0 is out of range",
        "{\"type\": \"latency\", \"attributes\": {\"latency\": \"x\"}}|400|option 'latency': 'x' is not a whole number",
        "{\"type\": \"latency\", \"attributes\": {\"latncy\": 1}}|400|behavior 'latency' has no option 'latncy'",
        "{\"type\": \"slicer\", \"attributes\": {\"average_size\": 10, \"size_variation\": 20}}|400|size_variation (20) must be smaller",
        "[1,2]|400|bad request body: a JSON object is expected",
    })
    void toxicErrorsNameTheFieldAndChangeNothing(String body, int status, String message) throws Exception {
        Reply r = call("POST", "/proxies/default/toxics", body);
        assertEquals(status, r.status(), r.body());
        assertTrue(r.json().get("error").getAsString().contains(message), r.body());
        assertEquals(status, r.json().get("status").getAsInt());
        assertEquals("[]", call("GET", "/proxies/default/toxics", null).body());
    }

    @Test
    void populateVersionMetricsAndUnknownPaths() throws Exception {
        Reply populated = call("POST", "/populate", "[{\"name\": \"a\", \"listen\": \"127.0.0.1:0\", \"upstream\": \"127.0.0.1:"
                + echo.port() + "\", \"toxics\": [{\"type\": \"latency\", \"attributes\": {\"latency\": 50}}]}]");
        assertEquals(201, populated.status());
        assertEquals(1, populated.json().getAsJsonArray("proxies").get(0).getAsJsonObject().getAsJsonArray("toxics").size(),
                "toxics of a populated proxy are honoured");
        assertEquals("9.9.9", call("GET", "/version", null).json().get("version").getAsString());
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxyPort("default"))) {
            s.setSoTimeout(5000);
            echo(s);
            String metrics = call("GET", "/metrics", null).body();
            assertTrue(metrics.contains("vaurien_proxy_bytes_total{proxy=\"default\",upstream=\"127.0.0.1:" + echo.port()
                    + "\",direction=\"upstream\"} 4"), metrics);
            assertTrue(metrics.contains("vaurien_proxy_connections{proxy=\"default\",upstream=\"127.0.0.1:" + echo.port() + "\"} 1"),
                    "counted while the connection is open:\n" + metrics);
        }
        call("PUT", "/behavior", "{\"name\": \"error\"}");
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxyPort("default"))) {
            s.setSoTimeout(5000);
            echo(s);
        }
        assertTrue(call("GET", "/metrics", null).body().contains("vaurien_faults_total{proxy=\"default\",upstream=\"127.0.0.1:"
                + echo.port() + "\",behavior=\"error\"} 1"));
        assertEquals(404, call("GET", "/nothing/here", null).status());
        assertEquals(405, call("DELETE", "/proxies", null).status());
    }

    static JsonElement parse(String s) {
        return JsonParser.parseString(s);
    }
}
