import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The log page of a chatty container in headless Chromium (part of bench/dashboard-bench.sh):
 * signs in, opens the container's log tab and, every few seconds while the container prints,
 * reads from the tab how many lines it holds, the newest line, its JavaScript heap and DOM size,
 * how late a 50 ms timer ran (the main thread's worst stall) and how long a script round trip
 * through the page took. A responsive tab keeps the stalls short; a bounded one keeps heap and
 * DOM flat while the log grows.
 *
 * Usage: java -cp target/classes:CLASSPATH bench/LogPageBench.java URL USER PASSWORD CONTAINER SECONDS
 */
public class LogPageBench {
    private static final String PROBE = """
            window.__probe = { worst: 0, last: performance.now() };
            setInterval(function () {
              var now = performance.now();
              window.__probe.worst = Math.max(window.__probe.worst, now - window.__probe.last - 50);
              window.__probe.last = now;
            }, 50);
            """;
    private static final String READ = """
            var view = document.querySelector('[data-log-src]');
            var worst = window.__probe.worst; window.__probe.worst = 0;
            return { lines: view.childElementCount,
                     newest: view.lastChild ? view.lastChild.textContent : '',
                     heap: performance.memory ? performance.memory.usedJSHeapSize : -1,
                     nodes: document.getElementsByTagName('*').length,
                     stall: worst };
            """;

    public static void main(String[] args) throws Exception {
        String url = args[0], user = args[1], password = args[2], container = args[3];
        int seconds = Integer.parseInt(args[4]);
        System.setProperty("SE_OFFLINE", "true");   // Selenium Manager must not download anything
        Path profile = Files.createTempDirectory("logbench-chromium");
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--enable-precise-memory-info", "--window-size=1366,800",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
        ChromeDriver driver = new ChromeDriver(service, o);
        Thread quit = new Thread(driver::quit);   // also when the bench is interrupted: no browser left running
        Runtime.getRuntime().addShutdownHook(quit);
        try {
            driver.get(url + "/login");
            driver.findElement(By.id("username")).sendKeys(user);
            driver.findElement(By.id("password")).sendKeys(password);
            driver.findElement(By.cssSelector("form button[type=submit], form input[type=submit]")).click();
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/ui/"));
            driver.get(url + "/ui/containers/" + container + "/logs");
            new WebDriverWait(driver, Duration.ofSeconds(10))
                    .until(d -> d.findElements(By.cssSelector("[data-log-src] div")).size() > 0);
            JavascriptExecutor js = driver;
            js.executeScript(PROBE);
            System.out.printf("log page of a container printing 10k lines/s, %d s (a row every 5 s):%n", seconds);
            System.out.println("   t   lines in tab  newest line   JS heap    DOM nodes  worst stall  script round trip");
            List<Double> stalls = new ArrayList<>();
            List<Long> heaps = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 5; t <= seconds; t += 5) {
                Thread.sleep(Math.max(0, (start + t * 1_000_000_000L - System.nanoTime()) / 1_000_000));
                long t0 = System.nanoTime();
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) js.executeScript(READ);
                double roundTrip = (System.nanoTime() - t0) / 1e6;
                double stall = ((Number) m.get("stall")).doubleValue();
                long heap = ((Number) m.get("heap")).longValue();
                stalls.add(stall);
                heaps.add(heap);
                System.out.printf("%4d s  %12s  %-11s %6.1f MiB  %9s  %8.0f ms  %10.1f ms%n", t, m.get("lines"),
                        m.get("newest"), heap / 1048576.0, m.get("nodes"), stall, roundTrip);
            }
            System.out.printf("worst main-thread stall %.0f ms; JS heap %.1f..%.1f MiB%n",
                    stalls.stream().max(Comparator.naturalOrder()).orElse(0.0),
                    heaps.stream().min(Comparator.naturalOrder()).orElse(0L) / 1048576.0,
                    heaps.stream().max(Comparator.naturalOrder()).orElse(0L) / 1048576.0);
        } finally {
            Runtime.getRuntime().removeShutdownHook(quit);
            driver.quit();
            try (var walk = Files.walk(profile)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
