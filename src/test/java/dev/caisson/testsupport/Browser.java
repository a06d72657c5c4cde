package dev.caisson.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, for the dashboard's browser
 * tests. Both paths are given to Selenium explicitly, so Selenium Manager never runs (it would try
 * to download a browser; this machine has no route to its sources). Each browser gets a fresh
 * profile directory, which {@link #close} deletes with the browser.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;
    private final String base;

    private Browser(ChromeDriver driver, Path profile, String base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    /** Starts a browser for the dashboard on 127.0.0.1:port; fails (never skips) without Chromium. */
    public static Browser start(int port) throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the browser tests need Debian's chromium and chromium-driver (test.sh installs them as root)")
                .isTrue();
        Path profile = Files.createTempDirectory("caisson-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the flags MACHINE.md asks for: no sandbox as root, and no traffic of the browser's own
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1366,800");
        // the console (JS errors, failed loads) is read back by the tests
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        try {
            return new Browser(new ChromeDriver(service, options), profile, "http://127.0.0.1:" + port);
        } catch (RuntimeException e) {
            service.stop();
            TestHost.deleteTree(profile);
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String path) {
        driver.get(base + path);
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public WebDriverWait waiting(int seconds) {
        // a page that reloads or swaps (htmx) while a condition reads it: read it again
        return (WebDriverWait) new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class);
    }

    /** Waits for a condition; a timeout fails naming it, with what the console said meanwhile. */
    public void await(String what, int seconds, Function<WebDriver, Boolean> condition) {
        try {
            waiting(seconds).until(condition);
        } catch (TimeoutException e) {
            List<String> console = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
            throw new AssertionError("waited " + seconds + " s for " + what + " at " + url() + "; the console said: " + console, e);
        }
    }

    /** Signs in through the login form and waits for the dashboard. */
    public void login(String user, String password) {
        open("/login");
        find("#username").sendKeys(user);
        find("#password").sendKeys(password);
        find("button[type=submit]").click();
        await("the containers page after signing in as " + user, 15, d -> d.getCurrentUrl().endsWith("/ui/containers"));
    }

    /** Saves the viewport as target/screenshots/NAME.png. */
    public Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    /** The console's errors since the last call (JS exceptions, failed loads), as their messages. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();   // ends chromedriver and its Chromium
        } finally {
            TestHost.deleteTree(profile);
        }
    }
}
