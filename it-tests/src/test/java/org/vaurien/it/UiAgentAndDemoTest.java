package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * The page where it is not a standalone proxy's: inside an application under the agent, where
 * it steers the application's own connections, and during {@code vaurien demo}, where the
 * README's screenshot comes from.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UiAgentAndDemoTest {
    private static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        browser.close();
    }

    @Test
    void theAgentServesThePageAndItSteersTheApplicationsConnections(@TempDir Path dir) throws Exception {
        try (ServerProcess redis = ServerProcess.redis()) {
            Path config = dir.resolve("chaos.ini");
            Files.writeString(config, String.join("\n", "[vaurien]", "http = true", "http_port = 0",
                    "[target:cache]", "match = 127.0.0.1:" + redis.port(), "protocol = redis", ""));
            try (AppProcess app = AppProcess.start(AppProcess.javaHome(), config.toString())) {
                String jedis = "jedis 127.0.0.1 " + redis.port();
                assertTrue(app.call(jedis).startsWith("OK"));
                browser.open("http://127.0.0.1:" + app.controlPort() + "/ui");
                browser.await(10, d -> browser.text("#proxy-cache .address").endsWith("→ 127.0.0.1:" + redis.port()));
                assertEquals("redis", browser.text("#proxy-cache .protocol"));

                browser.find("#proxy-cache .edit-mix").click();
                WebElement mix = browser.find("#proxy-cache input[name=mix]");
                mix.clear();
                mix.sendKeys("100:error");
                browser.find("#proxy-cache .mix-form .apply").click();
                browser.await(5, d -> browser.all("#proxy-cache .mix-form").isEmpty());
                assertTrue(app.call(jedis).startsWith("FAIL"), "the application's own connection gets the page's mix");
                browser.await(5, d -> browser.all("#feed tbody tr[data-proxy='cache']").size() >= 1);

                browser.find("#stop-all").click();
                browser.await(5, d -> browser.find("#stopped").isDisplayed());
                assertTrue(app.call(jedis).startsWith("OK"), "every fault stopped, in the application too");
                assertEquals(List.of(), browser.consoleErrors());
            }
        }
    }

    @Test
    void theDemoWithItsPageForTheReadmesScreenshot() throws Exception {
        try (VaurienProcess demo = VaurienProcess.startUntil(Pattern.compile("Watch and steer it: (http://\\S+/ui)"),
                "demo", "--http", "0", "--seed", "3")) {
            Matcher url = Pattern.compile("Watch and steer it: (http://\\S+/ui)").matcher(demo.output());
            assertTrue(url.find(), demo.output());
            browser.open(url.group(1));
            browser.await(10, d -> browser.text("#link").equals("live"));
            browser.consoleErrors(); // those of the page before, whose server is gone
            // some minutes of a GameDay in a few seconds: the sparklines fill, the feed scrolls
            browser.await(30, d -> browser.all("#feed tbody tr").size() >= 12);
            assertTrue(browser.text("#proxy-default .fault-rate").matches(".* faults \\(\\d+ in all\\)"));
            assertTrue(browser.all("#feed tbody tr[data-behavior='error']").size() >= 1, "the demo's errors are in the feed");
            Path shot = Path.of("target", "ui-demo.png");
            browser.screenshot(shot);
            assertTrue(Files.size(shot) > 20_000, "a picture of the page");
            assertEquals(List.of(), browser.consoleErrors());
        }
    }
}
