package dev.caisson.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caisson.engine.Engine;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerSpec;
import dev.caisson.platform.security.ObjectKind;
import dev.caisson.platform.security.Ownership;
import dev.caisson.platform.security.Role;
import dev.caisson.platform.security.UserAccounts;
import dev.caisson.testsupport.Browser;
import dev.caisson.testsupport.PlatformDirs;
import dev.caisson.testsupport.TestHost;

/**
 * The dashboard in a real browser (headless Chromium): what DashboardIT checks over HTTP, here
 * through the pages' own scripts — the boosted form, the log feed, the buttons, xterm.js over its
 * WebSocket, the charts — with screenshots in target/screenshots and no errors in the console.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserIT {
    private static final String ADMIN_PASSWORD = "browser-admin-pw";
    private static final Pattern LINE = Pattern.compile("line (\\d+)");
    private static PlatformDirs dirs;

    @LocalServerPort
    int port;

    @Autowired
    Engine engine;

    @Autowired
    UserAccounts users;

    @Autowired
    Ownership ownership;

    private Browser browser;
    private final List<String> created = new ArrayList<>();

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "cbrow");
        r.add("caisson.admin.password", () -> ADMIN_PASSWORD);
    }

    @AfterAll
    static void clean() throws IOException {
        dirs.delete();
    }

    @BeforeEach
    void start() throws Exception {
        TestHost.loadBusybox(engine);
        browser = Browser.start(port);
    }

    @AfterEach
    void stop(TestInfo test) throws IOException {
        try {
            browser.screenshot("last-" + test.getTestMethod().orElseThrow().getName());   // where a failed test stopped
            browser.close();
        } finally {
            for (String id : created) {
                try {
                    engine.containers().remove(id, true);
                } catch (RuntimeException ignored) {
                    // removed by the test
                }
            }
        }
    }

    @Test
    void operatorRunsFollowsStopsAndEntersAContainer() throws Exception {
        users.find("e2e-op").orElseGet(() -> users.create("e2e-op", Role.OPERATOR, "operator-password-1"));
        browser.login("e2e-op", "operator-password-1");
        browser.screenshot("op-01-containers");

        browser.find("a.button.primary[href='/ui/containers/new']").click();
        browser.await("the run form", 10, d -> d.getCurrentUrl().endsWith("/ui/containers/new"));
        browser.find("#image").sendKeys("bb:latest");
        browser.find("#name").sendKeys("e2e-counter");
        // numbered lines forever; the trap lets Stop end it at once instead of after the 10 s grace
        browser.find("#command").sendKeys("sh -c \"trap 'exit 0' TERM; i=0; while true; do echo line $i; i=$((i+1)); sleep 0.2; done\"");
        new Select(browser.find("#restart")).selectByValue("no");
        browser.screenshot("op-02-run-form");
        browser.find("form.runform button[type=submit]").click();

        browser.await("the new container's page", 15, d -> d.getTitle().startsWith("e2e-counter"));
        Container c = engine.containers().get("e2e-counter");
        created.add(c.id());
        assertThat(browser.url()).endsWith("/ui/containers/" + c.id().substring(0, 12));
        assertThat(c.state().running()).isTrue();
        assertThat(browser.find("h1 .badge").getText()).isEqualTo("running");
        browser.screenshot("op-03-overview");

        browser.find("nav.tabs a[href$='/logs']").click();
        browser.await("the first log lines", 10, d -> browser.all(".logs > div").size() >= 5);
        int first = browser.all(".logs > div").size();
        int firstNumber = lastLineNumber();
        browser.await("ten more log lines", 10, d -> browser.all(".logs > div").size() >= first + 10);
        assertThat(lastLineNumber()).as("new lines keep arriving").isGreaterThanOrEqualTo(firstNumber + 10);
        assertThat(browser.find("[data-log-status]").getText()).isEqualTo("streaming");
        browser.screenshot("op-04-logs");

        browser.find(".actions button[hx-post$='/stop']").click();
        browser.await("the badge to say exited", 15, d -> "exited".equals(browser.find("h1 .badge").getText()));
        assertThat(engine.containers().get(c.id()).state().running()).isFalse();
        browser.await("the log feed to end", 10, d -> "end of log".equals(browser.find("[data-log-status]").getText()));
        browser.screenshot("op-05-stopped");

        browser.find(".actions button[hx-post$='/start']").click();
        browser.await("the badge to say running", 15, d -> "running".equals(browser.find("h1 .badge").getText()));
        assertThat(engine.containers().get(c.id()).state().running()).isTrue();

        browser.find("nav.tabs a[href$='/terminal']").click();
        browser.await("xterm.js to render", 10, d -> !browser.all(".term .xterm-rows").isEmpty());
        browser.find("[data-term-connect]").click();
        browser.await("the terminal's WebSocket", 10, d -> "connected".equals(browser.find("[data-term-status]").getText()));
        browser.await("the shell's prompt", 10, d -> terminalText().contains("#"));   // busybox sh's prompt
        browser.find(".term .xterm-screen").click();
        new Actions(browser.driver()).sendKeys("echo hello-$((6*7))" + Keys.ENTER).perform();
        browser.await("the command's output", 10, d -> terminalText().contains("hello-42"));
        browser.screenshot("op-06-terminal");

        browser.find("nav.tabs a[href$='/stats']").click();
        browser.await("the CPU chart", 10, d -> !browser.all("[data-chart=cpu] canvas").isEmpty());
        browser.await("the first stats sample", 10, d -> browser.find("[data-stats-now]").getText().startsWith("CPU "));
        browser.await("the CPU line across the chart", 10, d -> cpuLinePixels() > 200);
        assertThat(browser.all(".charts canvas")).as("a canvas per chart").hasSize(browser.all(".charts [data-chart]").size()).hasSizeGreaterThanOrEqualTo(4);
        browser.screenshot("op-07-stats");

        browser.find("header nav a[href='/ui/containers']").click();
        browser.await("the containers page", 10, d -> d.getTitle().startsWith("Containers"));
        assertThat(browser.find("main h1").getText()).as("the whole page, not only its table").isEqualTo("Containers");
        browser.await("the container's row", 10, d -> !browser.all("#c-" + c.id().substring(0, 12)).isEmpty());
        browser.await("the row's memory figure", 10, d -> browser.find("#c-" + c.id().substring(0, 12) + " [data-usage=mem]").getText().endsWith("MiB"));
        browser.screenshot("op-08-list");

        assertThat(browser.consoleErrors()).as("the browser's console").isEmpty();
    }

    @Test
    void operatorUploadsARootFileSystemAsAnImage() throws Exception {
        users.find("e2e-op").orElseGet(() -> users.create("e2e-op", Role.OPERATOR, "operator-password-1"));
        Path tar = Files.createTempFile("e2e-rootfs", ".tar");
        try {
            // a few MiB of incompressible data, so the upload takes more than one progress event
            byte[] noise = new byte[4 << 20];
            new java.util.Random(7).nextBytes(noise);
            try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(Files.newOutputStream(tar))) {
                var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("noise.bin");
                e.setSize(noise.length);
                out.putArchiveEntry(e);
                out.write(noise);
                out.closeArchiveEntry();
            }
            browser.login("e2e-op", "operator-password-1");
            browser.find("header nav a[href='/ui/images']").click();
            browser.await("the images page", 10, d -> d.getTitle().startsWith("Images"));
            new Select(browser.find("form[data-upload] select[name=mode]")).selectByValue("import");
            browser.find("form[data-upload] input[name=repo]").sendKeys("e2e-imported");
            browser.find("form[data-upload] input[name=tag]").sendKeys("v1");
            browser.find("form[data-upload] input[type=file]").sendKeys(tar.toString());
            browser.find("form[data-upload] button[type=submit]").click();
            browser.await("the import's message", 30, d -> browser.all("main .toast").stream()
                    .anyMatch(t -> t.getText().contains("Imported e2e-imported:v1")));
            assertThat(engine.images().find("e2e-imported:v1")).isPresent();
            assertThat(browser.find("main table.grid").getText()).contains("e2e-imported");
            browser.screenshot("op-09-imported");
            assertThat(browser.consoleErrors()).as("the browser's console").isEmpty();
        } finally {
            Files.deleteIfExists(tar);
            engine.images().find("e2e-imported:v1").ifPresent(i -> engine.images().remove(i.id(), true, false, List.of()));
        }
    }

    @Test
    void viewerSeesNoButtonsAndIsRefusedWhenPostingAnyway() throws Exception {
        users.find("e2e-viewer").orElseGet(() -> users.create("e2e-viewer", Role.VIEWER, "viewer-password-1"));
        Container shared = engine.containers().create(ContainerSpec.builder("bb:latest").name("e2e-shared").cmd("sleep", "600").build());
        created.add(shared.id());
        engine.containers().start(shared.id());
        ownership.share(ObjectKind.CONTAINER, shared.id(), null, true, users.admin().id());   // public: the viewer sees it
        String shortId = shared.id().substring(0, 12);

        browser.login("e2e-viewer", "viewer-password-1");
        browser.await("the shared container's row", 10, d -> !browser.all("#c-" + shortId).isEmpty());
        assertThat(browser.all("a[href='/ui/containers/new']")).as("no run link").isEmpty();
        assertThat(browser.all("#containers button")).extracting(e -> e.getAttribute("outerHTML")).as("no lifecycle buttons").isEmpty();
        assertThat(browser.all("#containers input[type=checkbox]")).as("nothing to select").isEmpty();
        browser.screenshot("viewer-01-containers");

        browser.find("#c-" + shortId + " a").click();
        browser.await("the shared container's page", 10, d -> d.getTitle().startsWith("e2e-shared"));
        assertThat(browser.all("header.top")).as("a page of its own, not inside the table").hasSize(1);
        assertThat(browser.all("main button")).extracting(e -> e.getAttribute("outerHTML")).as("no start/stop/restart").isEmpty();
        assertThat(browser.all("nav.tabs a")).extracting(e -> e.getText())
                .containsExactly("Overview", "Logs", "Stats", "Processes", "Inspect");
        browser.screenshot("viewer-02-detail");
        assertThat(browser.consoleErrors()).isEmpty();

        // what htmx would send, from the page itself: its CSRF header and the HX-Request mark
        Object status = browser.driver().executeAsyncScript("""
                var done = arguments[arguments.length - 1], headers = { "HX-Request": "true" };
                headers[document.querySelector("meta[name=csrf-header]").content] =
                    document.querySelector("meta[name=csrf-token]").content;
                fetch(arguments[0], { method: "POST", headers: headers, credentials: "same-origin" })
                    .then(function (r) { done(r.status); }, function (e) { done(String(e)); });
                """, "/ui/containers/" + shared.id() + "/stop");
        assertThat(status).isEqualTo(403L);
        Object terminal = browser.driver().executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                var ws = new WebSocket("ws://" + location.host + arguments[0]);
                ws.onopen = function () { done("open"); ws.close(); };
                ws.onclose = function (e) { done("closed " + e.code); };
                """, "/ui/containers/" + shared.id() + "/terminal/ws?cmd=sh");
        assertThat(terminal).as("no terminal for a viewer").isEqualTo("closed 1006");
        assertThat(engine.containers().get(shared.id()).state().running()).isTrue();
        assertThat(browser.consoleErrors()).as("only the two refusals").hasSize(2)
                .anySatisfy(e -> assertThat(e).contains("/stop").contains("403"))
                .anySatisfy(e -> assertThat(e).contains("/terminal/ws").contains("403"));
    }

    /** Pixels of the CPU series' colour (#1f6feb) in its chart: a line across it, not one lone point. */
    private long cpuLinePixels() {
        return (Long) browser.driver().executeScript("""
                var canvas = document.querySelector("[data-chart=cpu] canvas");
                var px = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data, n = 0;
                for (var i = 0; i < px.length; i += 4) {
                  if (Math.abs(px[i] - 31) < 40 && Math.abs(px[i + 1] - 111) < 40 && Math.abs(px[i + 2] - 235) < 40) n++;
                }
                return n;
                """);
    }

    private String terminalText() {
        return browser.find(".term .xterm-rows").getText();
    }

    private int lastLineNumber() {
        List<org.openqa.selenium.WebElement> lines = browser.all(".logs > div");
        Matcher m = LINE.matcher(lines.get(lines.size() - 1).getText());
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
