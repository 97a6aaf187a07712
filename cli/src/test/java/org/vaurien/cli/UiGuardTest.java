package org.vaurien.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vaurien.config.HostPort;
import org.vaurien.control.ControlServer;

/**
 * The web page's door into the control API: the page carries a secret, and only a request with
 * that secret, the server's own Origin and a Host that is an address gets in; a page elsewhere,
 * or one of a name rebound to loopback, changes nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UiGuardTest extends ControlApiBase {
    private static final Pattern SECRET = Pattern.compile("name=\"vaurien-ui\" content=\"([^\"]+)\"");

    private String secret() throws Exception {
        Reply page = call("GET", "/ui", null);
        assertEquals(200, page.status(), page.body());
        Matcher m = SECRET.matcher(page.body());
        assertTrue(m.find(), "the page carries its secret");
        return m.group(1);
    }

    private String self() {
        return "http://127.0.0.1:" + api.port();
    }

    /** A request as the page makes it, with its browser's marks; a null origin is none sent. */
    private Reply fromPage(String method, String path, String body, String secret, String origin, String site) throws Exception {
        return origin == null
                ? call(method, path, body, "User-Agent", "Mozilla/5.0", "X-Vaurien-UI", secret, "Sec-Fetch-Site", site)
                : call(method, path, body, "User-Agent", "Mozilla/5.0", "X-Vaurien-UI", secret, "Origin", origin,
                        "Sec-Fetch-Site", site);
    }

    @Test
    void thePageIsServedWithItsSecretAndMayNotBeFramedOrCached() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(self() + "/ui")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("frame-ancestors 'none'"));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElseThrow());
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
        assertFalse(page.body().contains("{{secret}}"));
        assertTrue(call("GET", "/ui/vendor/uPlot.min.js", null).body().length() > 10_000, "uPlot, from its WebJar");
        assertEquals(200, call("GET", "/ui/main.js", null).status());
        assertEquals(404, call("GET", "/ui/nothing.js", null).status());
        assertEquals(404, call("GET", "/ui/vendor/uPlot.cjs.js", null).status(), "only the files the page uses");
        try (ControlServer other = ControlServer.start(manager, new HostPort("127.0.0.1", 0), null, "1")) {
            String page2 = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + "/ui")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertNotEquals(secret(), extract(page2), "each server has its own secret");
        }
    }

    private static String extract(String html) {
        Matcher m = SECRET.matcher(html);
        assertTrue(m.find());
        return m.group(1);
    }

    @Test
    void theSecretWithTheServersOwnOriginDrivesTheApi() throws Exception {
        String secret = secret();
        assertEquals(200, fromPage("GET", "/status", null, secret, null, "same-origin").status(), "a read: no Origin sent");
        Reply stop = fromPage("POST", "/faults/stop", "{\"by\": \"the web page\"}", secret, self(), "same-origin");
        assertEquals(200, stop.status(), stop.body());
        assertEquals("the web page", manager.faultsStopped().by());
        assertEquals(200, fromPage("POST", "/faults/resume", "{}", secret, self(), "same-origin").status());
        assertNull(manager.faultsStopped());
    }

    /** The secret guessed, or the right one sent from another origin, or without the Origin a write carries. */
    @ParameterizedTest
    @CsvSource({
        "guessed, SELF, same-origin",
        "SECRET, http://evil.example, cross-site",
        "SECRET, http://127.0.0.1:1, same-site",
        "SECRET, null, cross-site",
        "SECRET, SELF, cross-site",
        "SECRET, , same-origin",
    })
    void anyOtherPageChangesNothing(String secret, String origin, String site) throws Exception {
        String real = secret();
        String o = origin == null ? null : origin.equals("SELF") ? self() : origin;
        Reply r = fromPage("POST", "/faults/stop", "{}", secret.equals("SECRET") ? real : secret, o, site);
        assertEquals(403, r.status(), r.body());
        Reply mix = fromPage("PUT", "/behavior", "{\"name\": \"error\"}", secret.equals("SECRET") ? real : secret, o, site);
        assertEquals(403, mix.status(), mix.body());
        assertNull(manager.faultsStopped(), "faults still run");
        assertEquals("100:dummy", call("GET", "/behavior", null).json().get("behavior").getAsString(), "the mix is unchanged");
    }

    @Test
    void aNameReboundToLoopbackGetsNeitherTheSecretNorTheApi() throws Exception {
        String secret = secret();
        String host = "evil.example:" + api.port();
        assertTrue(raw("GET /ui HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: Mozilla/5.0\r\nConnection: close\r\n\r\n")
                .startsWith("HTTP/1.1 403"), "the page, and its secret, are not served under another name");
        String stop = raw("POST /faults/stop HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: Mozilla/5.0\r\nOrigin: http://" + host
                + "\r\nX-Vaurien-UI: " + secret + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertTrue(stop.startsWith("HTTP/1.1 403") && stop.contains("is not this server's address"), stop);
        assertNull(manager.faultsStopped());
    }

    private String raw(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), api.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anotherSitesPageCannotFrameThePageButALinkOpensIt() throws Exception {
        assertEquals(403, call("GET", "/ui", null, "User-Agent", "Mozilla/5.0", "Sec-Fetch-Site", "cross-site",
                "Sec-Fetch-Dest", "iframe").status());
        assertEquals(403, call("GET", "/ui", null, "User-Agent", "Mozilla/5.0", "Sec-Fetch-Site", "cross-site",
                "Sec-Fetch-Dest", "empty").status(), "a fetch from another site does not read the page");
        assertEquals(200, call("GET", "/ui", null, "User-Agent", "Mozilla/5.0", "Sec-Fetch-Site", "cross-site",
                "Sec-Fetch-Dest", "document").status());
    }

    @Test
    void withATokenThePageMustGiveItToo() throws Exception {
        try (ControlServer guarded = ControlServer.start(manager, new HostPort("127.0.0.1", 0), "s3cret", "1")) {
            String base = "http://127.0.0.1:" + guarded.port();
            String page = http.send(HttpRequest.newBuilder(URI.create(base + "/ui")).build(), HttpResponse.BodyHandlers.ofString()).body();
            HttpRequest.Builder stop = HttpRequest.newBuilder(URI.create(base + "/faults/stop"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).header("X-Vaurien-UI", extract(page)).header("Origin", base);
            assertEquals(401, http.send(stop.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertNull(manager.faultsStopped());
            assertEquals(200, http.send(stop.header("Authorization", "Bearer s3cret").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void undoPutsBackThePagesLastChangeAndOnlyThePages() throws Exception {
        String secret = secret();
        assertEquals(200, call("PUT", "/behavior", "{\"name\": \"delay\"}").status(), "a program's change: not the page's to undo");
        assertEquals(200, call("PUT", "/behavior", "{\"name\": \"error\"}", "User-Agent", "Mozilla/5.0", "X-Vaurien-UI", secret,
                "Origin", self(), "X-Vaurien-Change", "mix%20to%20error").status());
        assertEquals("mix to error", call("GET", "/status", null).json().getAsJsonObject("undo").get("change").getAsString());
        assertEquals(200, fromPage("POST", "/undo", "{}", secret, self(), "same-origin").status());
        assertEquals("100:delay", call("GET", "/behavior", null).json().get("behavior").getAsString());
        Reply again = fromPage("POST", "/undo", "{}", secret, self(), "same-origin");
        assertEquals(409, again.status(), again.body());
    }
}
