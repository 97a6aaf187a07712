package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.vaurien.Client;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The web page in a real browser (Debian's headless Chromium), in front of a standalone vaurien
 * with two proxies, Redis and HTTP, driven by Jedis and java.net.http while the page steers.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class UiPageTest {
    private static ServerProcess redis;
    private static ServerProcess nginx;
    private static VaurienProcess vaurien;
    private static Browser browser;
    private static Client api;
    private static int control;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws IOException {
        redis = ServerProcess.redis();
        Path root = Files.createTempDirectory("www");
        Files.writeString(root.resolve("index.html"), "hello");
        nginx = ServerProcess.nginx(root);
        Path config = Files.createTempFile("ui", ".ini");
        Files.writeString(config, String.join("\n", "[vaurien]", "http = true", "http_port = 0", "",
                "[proxy:cache]", "proxy = 127.0.0.1:0", "backend = 127.0.0.1:" + redis.port(), "protocol = redis", "",
                "[proxy:web]", "proxy = 127.0.0.1:0", "backend = 127.0.0.1:" + nginx.port(), "protocol = http", ""));
        vaurien = VaurienProcess.start("--config", config.toString());
        control = vaurien.port("control");
        api = new Client("http://127.0.0.1:" + control);
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        browser.close();
        vaurien.close();
        nginx.close();
        redis.close();
    }

    /** Faults resumed, every proxy back to passing everything, the page loaded afresh. */
    @BeforeEach
    void fresh() {
        JsonElement runs = api.status().get("experiments");
        if (runs != null) {
            runs.getAsJsonArray().forEach(r -> {
                if (r.getAsJsonObject().get("outcome").isJsonNull()) {
                    api.abortExperiment(r.getAsJsonObject().get("id").getAsString());
                }
            });
        }
        api.resumeFaults();
        api.proxy("cache").setBehavior("dummy", Map.of());
        api.proxy("web").setBehavior("dummy", Map.of());
        api.proxies().forEach(p -> p.toxics().forEach(t -> api.removeToxic(p.name(), t.name())));
        api.setEnabled("web", true);
        browser.open("http://127.0.0.1:" + control + "/ui");
        browser.await(10, d -> browser.all(".proxy").size() == 2 && browser.text("#link").equals("live"));
        browser.consoleErrors();
    }

    private String mixOnPage(String proxy) {
        return browser.text("#proxy-" + proxy + " code.mix");
    }

    private void setMixOnPage(String proxy, String mix) {
        browser.find("#proxy-" + proxy + " .edit-mix").click();
        WebElement input = browser.find("#proxy-" + proxy + " input[name=mix]");
        input.clear();
        input.sendKeys(mix);
        browser.find("#proxy-" + proxy + " .mix-form .apply").click();
        browser.await(5, d -> api.proxy(proxy).behavior().equals(mix) ? true
                : browser.text("#message").contains("refused") ? fail("the page says: " + browser.text("#message")) : null);
        browser.await(2, d -> browser.all("#proxy-" + proxy + " .mix-form").isEmpty());
    }

    private int cachePort() {
        return vaurien.port("cache");
    }

    private HttpResponse<String> get() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vaurien.port("web") + "/index.html"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageShowsEveryProxyLiveWithoutAConsoleError() throws Exception {
        assertTrue(browser.text("#proxy-cache .address").endsWith("→ 127.0.0.1:" + redis.port()));
        assertEquals("redis", browser.text("#proxy-cache .protocol"));
        assertEquals("http", browser.text("#proxy-web .protocol"));
        assertEquals("100:dummy", mixOnPage("cache"));
        try (Jedis jedis = new Jedis("127.0.0.1", cachePort())) {
            for (int i = 0; i < 20; i++) {
                jedis.set("k" + i, "v");
            }
            browser.await(5, d -> browser.text("#proxy-cache .connections").startsWith("1 open"));
        }
        assertEquals(4, browser.all("#proxy-cache canvas").size(), "four sparklines: both directions, exchanges, faults");
        browser.await(5, d -> !browser.text("#proxy-cache .charts figcaption").equals("to the backend: 0 B/s"));
        assertEquals(List.of(), browser.consoleErrors());
    }

    @Test
    void aChangeMadeWithVaurienCtlShowsOnThePageWithinASecond() throws Exception {
        VaurienProcess.Result set = VaurienProcess.run("ctl", "--host", "http://127.0.0.1:" + control, "--proxy", "cache",
                "set-behavior", "25:error");
        assertEquals(0, set.exitCode(), set.output());
        long done = System.nanoTime();
        browser.await(1.0, d -> mixOnPage("cache").equals("25:error"));
        long ms = (System.nanoTime() - done) / 1_000_000;
        assertTrue(ms <= 1000, "the page showed the change " + ms + " ms after vaurien ctl made it");
        assertEquals(List.of(), browser.consoleErrors());
    }

    @Test
    void aMixChangedOnThePageChangesWhatJedisAndJavaNetHttpSee() throws Exception {
        try (Jedis jedis = new Jedis("127.0.0.1", cachePort())) {
            jedis.set("key", "value");
            setMixOnPage("cache", "100:error");
            assertThrows(JedisDataException.class, () -> jedis.get("key"), "the page's mix reached Redis's client");
            setMixOnPage("cache", "100:dummy");
            assertEquals("value", jedis.get("key"));
        }
        assertEquals(200, get().statusCode());
        setMixOnPage("web", "100:error");
        assertTrue(get().statusCode() >= 500, "the page's mix reached the HTTP client: a 5xx");
        browser.await(2, d -> mixOnPage("web").equals("100:error"));
        assertEquals(List.of(), browser.consoleErrors());
    }

    @Test
    void theMasterSwitchStopsTheFaultsARunningClientSaw() throws Exception {
        api.proxy("cache").setBehavior("error", Map.of());
        try (Jedis jedis = new Jedis("127.0.0.1", cachePort())) {
            jedis.getClient().setSoTimeout(5000);
            assertThrows(JedisDataException.class, () -> jedis.ping());
            browser.find("#stop-all").click();
            browser.await(5, d -> browser.find("#stopped").isDisplayed());
            assertEquals("PONG", jedis.ping(), "the same connection passes everything now");
            for (int i = 0; i < 50; i++) {
                assertEquals("PONG", jedis.ping());
            }
            assertTrue(browser.text("#stopped").startsWith("ALL FAULTS STOPPED"), browser.text("#stopped"));
            JsonObject stopped = api.status().getAsJsonObject("faults_stopped");
            assertEquals("the web page", stopped.get("by").getAsString());
            assertEquals("100:error", api.proxy("cache").behavior(), "the settings stay, for resume");
            browser.await(2, d -> browser.text("#proxy-cache .badge").equals("faults stopped"));

            browser.find("#stop-all").click();
            browser.await(5, d -> !browser.find("#stopped").isDisplayed());
            assertThrows(JedisDataException.class, () -> jedis.ping(), "resumed, the mix acts again");
        }
        assertEquals(List.of(), browser.consoleErrors());
    }

    @Test
    void undoPutsBackWhatThePagesLastChangeChanged() {
        setMixOnPage("web", "50:delay");
        browser.await(2, d -> browser.text("#undo").equals("Undo: web: mix 50:delay"));
        browser.find("#undo").click();
        browser.await(5, d -> api.proxy("web").behavior().equals("100:dummy"));
        browser.await(2, d -> mixOnPage("web").equals("100:dummy"));
        assertEquals(List.of(), browser.consoleErrors());
    }

    @Test
    void aBehaviorOfTheStackIsAddedWithAFormBuiltFromItsDeclaredOptions() throws Exception {
        browser.find("#proxy-web .add-toxic").click();
        WebElement latency = browser.find("#proxy-web .toxic-form input[name='opt:latency']");
        assertEquals("number", latency.getAttribute("type"));
        assertEquals("0", latency.getAttribute("min"), "the declared range");
        assertTrue(browser.text("#proxy-web .toxic-form .fields").contains("jitter"), "every declared option has a field");
        // the stack's choices are what this proxy can take: HTTP's own behaviors on the http proxy, but not those of one exchange
        List<String> choices = browser.all("#proxy-web .toxic-form select[name='type'] option").stream()
                .map(o -> o.getAttribute("value")).toList();
        assertTrue(choices.contains("http_status") && !choices.contains("http_cut") && choices.contains("latency"), choices.toString());
        latency.sendKeys("400");
        browser.find("#proxy-web .toxic-form .apply").click();
        browser.await(5, d -> !web().toxics().isEmpty());
        long start = System.nanoTime();
        assertEquals(200, get().statusCode());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 400, "the latency added on the page delays the answer");
        browser.await(2, d -> browser.all("#proxy-web li[data-toxic='latency_downstream']").size() == 1);
        browser.find("#proxy-web li[data-toxic='latency_downstream'] .remove").click();
        browser.await(5, d -> web().toxics().isEmpty());
        browser.find("#proxy-cache .add-toxic").click();
        List<String> redis = browser.all("#proxy-cache .toxic-form select[name='type'] option").stream()
                .map(o -> o.getAttribute("value")).toList();
        assertTrue(redis.contains("latency") && redis.stream().noneMatch(t -> t.startsWith("http_")), redis.toString());
        browser.find("#proxy-cache .toxic-form .cancel").click();
        assertEquals(List.of(), browser.consoleErrors());
    }

    @Test
    void theEnabledBoxDisablesAProxyAndEditChangesABehaviorOfTheStack() throws Exception {
        browser.find("#proxy-web input.enabled").click();
        browser.await(5, d -> !web().enabled());
        assertThrows(IOException.class, this::get, "a disabled proxy refuses connections");
        browser.await(2, d -> browser.text("#proxy-web .badge").startsWith("DISABLED"));
        browser.find("#proxy-web input.enabled").click();
        browser.await(5, d -> web().enabled());
        assertEquals(200, get().statusCode());

        api.addToxic("web", "latency", "slow", "downstream", 1.0, Map.of("latency", "100"));
        browser.await(2, d -> browser.all("#proxy-web li[data-toxic='slow']").size() == 1);
        browser.find("#proxy-web li[data-toxic='slow'] .edit").click();
        WebElement latency = browser.find("#proxy-web .toxic-form input[name='opt:latency']");
        assertEquals("100", latency.getAttribute("value"), "the form holds the behavior's values");
        latency.clear();
        latency.sendKeys("250");
        browser.find("#proxy-web .toxic-form .apply").click();
        browser.await(5, d -> "250".equals(String.valueOf(web().toxics().get(0).attributes().get("latency"))));
        assertEquals(List.of(), browser.consoleErrors());
    }

    private Client.Proxy web() {
        return api.proxies().stream().filter(p -> p.name().equals("web")).findFirst().orElseThrow();
    }

    @Test
    void aRunningExperimentShowsItsTimelineAndTheMasterSwitchAbortsIt(@TempDir Path reports) {
        String yaml = String.join("\n", "name: cache errors from the page's point of view",
                "report: " + reports,
                "control: {url: 'http://127.0.0.1:" + control + "'}",
                "max_duration: 1m",
                "steady_state: {before: 1s, after: 1s}",
                "probes:",
                "  cache: {tcp: '127.0.0.1:" + cachePort() + "', every: 200ms, window: 1s}",
                "timeline:",
                "  - {at: 0s, for: 40s, proxy: cache, behavior: 10:error}",
                "");
        String id = api.startExperiment(yaml);
        browser.await(5, d -> browser.find("#experiments").isDisplayed()
                && browser.all("#experiments .run[data-run='" + id + "'] li.step.now").size() == 1);
        assertTrue(browser.text("#experiments .run h3").startsWith("cache errors from the page's point of view"));
        browser.await(5, d -> browser.text("#experiments .probes tbody").contains("tcp 127.0.0.1:" + cachePort()));
        browser.find("#stop-all").click();
        browser.await(10, d -> browser.text("#experiments .run h3").endsWith("ABORTED"));
        assertTrue(api.experiment(id).get("reason").getAsString().contains("every fault was stopped (the web page)"));
        assertEquals(List.of(), browser.consoleErrors());
    }
}
