package org.vaurien.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver: nothing is downloaded, and
 * the browser is started with the flags that keep it off the network but for the pages asked.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final Path profile;

    Browser() throws IOException {
        ServerProcess.requireInstalled(CHROMIUM);
        ServerProcess.requireInstalled(CHROMEDRIVER);
        profile = Files.createTempDirectory("chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until {@code condition} gives something other than null or false; fails after {@code seconds}. */
    <T> T await(double seconds, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, Duration.ofMillis((long) (seconds * 1000)), Duration.ofMillis(25)).until(condition);
        } catch (TimeoutException e) {
            // what the page looked like, to read the failure by
            Path shot = Path.of("target", "browser-failures", System.currentTimeMillis() + ".png");
            try {
                screenshot(shot);
            } catch (IOException | RuntimeException ignored) {
                // no picture, the message still says what was awaited
            }
            throw new TimeoutException("waited " + seconds + " s in vain; the page is in " + shot.toAbsolutePath()
                    + "; its console: " + consoleErrors(), e);
        }
    }

    /**
     * The text of the first element {@code css} selects as shown, or "" when there is none: read
     * in one script, since the page redraws its figures twice a second.
     */
    String text(String css) {
        Object text = driver.executeScript("const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css);
        return String.valueOf(text).strip();
    }

    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** What the page wrote to its console at error level, since the last call. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
