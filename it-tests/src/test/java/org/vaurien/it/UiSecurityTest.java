package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.Client;

/**
 * A page of another site, open in the same browser as the real page, tries every way it has to
 * drive the control API on loopback: simple requests, a guessed secret, reading the page for
 * its secret, a form, a frame. Each is refused or blocked, and nothing changes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UiSecurityTest {
    /** The other site's page: each attempt's outcome goes into the page's title, as JSON, when all are done. */
    private static String evilPage(String api) {
        return """
                <!doctype html><html><body>
                <iframe name="sink" id="sink"></iframe>
                <iframe id="framed" src="API/ui"></iframe>
                <form id="form" method="POST" action="API/faults/stop" target="sink" enctype="text/plain">
                  <input name='{"by": "a form", "x":"' value='"}'></form>
                <script type="module">
                const api = 'API';
                const results = {};
                async function attempt(name, f) {
                  try { results[name] = await f(); } catch (e) { results[name] = 'blocked: ' + e.message; }
                }
                const show = r => 'answered ' + r.status + ' ' + r.type;
                await attempt('simple-post', async () => show(await fetch(api + '/behavior', { method: 'POST', mode: 'no-cors',
                  headers: { 'Content-Type': 'text/plain' }, body: '{"name": "error"}' })));
                await attempt('simple-stop', async () => show(await fetch(api + '/faults/stop', { method: 'POST', mode: 'no-cors',
                  body: '{}' })));
                await attempt('guessed-secret', async () => show(await fetch(api + '/faults/stop', { method: 'POST',
                  headers: { 'X-Vaurien-UI': 'guess', 'Content-Type': 'application/json' }, body: '{}' })));
                await attempt('read-page', async () => 'read ' + (await (await fetch(api + '/ui')).text()).length + ' chars');
                await attempt('read-status', async () => 'read ' + (await (await fetch(api + '/status')).text()));
                const loaded = new Promise(resolve => document.getElementById('sink').onload = resolve);
                document.getElementById('form').submit();
                await Promise.race([loaded, new Promise(resolve => setTimeout(resolve, 5000))]);
                results.form = 'submitted';
                document.title = JSON.stringify(results);
                </script></body></html>
                """.replace("API", api);
    }

    @Test
    void aPageOfAnotherSiteCanNeitherReadNorChangeAnything() throws Exception {
        HttpServer evil = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        try (VaurienProcess vaurien = VaurienProcess.start("--proxy", "127.0.0.1:0", "--backend", "127.0.0.1:9",
                "--protocol", "redis", "--http", "--http-port", "0");
             Browser browser = new Browser()) {
            int control = vaurien.port("control");
            String page = evilPage("http://127.0.0.1:" + control);
            evil.createContext("/", x -> {
                byte[] body = page.getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                x.sendResponseHeaders(200, body.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(body);
                }
            });
            evil.start();
            // another site: "localhost" is not 127.0.0.1's site, as a page on the internet is not
            browser.open("http://localhost:" + evil.getAddress().getPort() + "/");
            String title = browser.await(20, d -> d.getTitle().startsWith("{") ? d.getTitle() : null);
            JsonObject results = JsonParser.parseString(title).getAsJsonObject();

            assertEquals("answered 0 opaque", results.get("simple-post").getAsString(), "sent, but its answer unread");
            assertEquals("answered 0 opaque", results.get("simple-stop").getAsString());
            assertTrue(results.get("guessed-secret").getAsString().startsWith("blocked"), "its preflight is refused");
            assertTrue(results.get("read-page").getAsString().startsWith("blocked"), "the secret cannot be read");
            assertTrue(results.get("read-status").getAsString().startsWith("blocked"));
            assertEquals("submitted", results.get("form").getAsString());

            Client api = new Client("http://127.0.0.1:" + control);
            assertEquals("100:dummy", api.behavior(), "the mix is unchanged");
            assertFalse(api.status().has("faults_stopped"), "faults were not stopped");
            assertFalse(vaurien.output().contains("every fault of every proxy stopped"), vaurien.output());
            assertFalse(api.status().has("undo"));

            // the real page, in the same browser, still works
            browser.open("http://127.0.0.1:" + control + "/ui");
            browser.await(10, d -> browser.text("#link").equals("live"));
            browser.find("#stop-all").click();
            browser.await(5, d -> api.status().has("faults_stopped"));
        } finally {
            evil.stop(0);
        }
    }
}
