package dev.caisson.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caisson.engine.Engine;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerSpec;
import dev.caisson.engine.runtime.ContainerState;
import dev.caisson.testsupport.PlatformDirs;
import dev.caisson.platform.security.ObjectKind;
import dev.caisson.platform.security.Ownership;
import dev.caisson.platform.security.Role;
import dev.caisson.platform.security.UserAccounts;
import dev.caisson.testsupport.TestHost;
import dev.caisson.testsupport.WebSession;

/**
 * The dashboard over real HTTP: the containers table, lifecycle buttons (htmx answers with
 * the changed row and a toast), the live log and stats feeds (SSE) and the web terminal
 * (a WebSocket running an exec with a TTY).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardIT {
    private static final String TOKEN = "csn_dashboard_it_token_0123456789";
    private static final String ADMIN_PASSWORD = "dashboard-admin-pw";
    private static PlatformDirs dirs;

    @LocalServerPort
    int port;

    @Autowired
    Engine engine;

    @Autowired
    UserAccounts users;

    @Autowired
    Ownership ownership;

    private WebSession web;
    private final List<String> created = new ArrayList<>();

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "cdash");
        r.add("caisson.api.token", () -> TOKEN);
        r.add("caisson.admin.password", () -> ADMIN_PASSWORD);
    }

    @AfterAll
    static void clean() throws IOException {
        dirs.delete();
    }

    @BeforeEach
    void image() throws Exception {
        web = new WebSession(port).login("admin", ADMIN_PASSWORD);
        TestHost.loadBusybox(engine);
    }

    @AfterEach
    void removeContainers() {
        for (String id : created) {
            try {
                engine.containers().remove(id, true);
            } catch (RuntimeException ignored) {
                // removed by the test
            }
        }
    }

    private Container run(String name, String... cmd) {
        Container c = engine.containers().create(ContainerSpec.builder("bb:latest").name(name).cmd(cmd).build());
        created.add(c.id());
        engine.containers().start(c.id());
        return c;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return web.get(path);
    }

    private HttpResponse<String> htmxPost(String path) throws Exception {
        return web.htmx(path);
    }

    @Test
    void tableFiltersAndButtonsWork() throws Exception {
        Container webC = run("dash-web", "sleep", "600");
        Container other = engine.containers().create(ContainerSpec.builder("bb:latest").name("dash-idle").label("tier", "db")
                .cmd("true").build());
        created.add(other.id());

        String page = get("/ui/containers").body();
        assertThat(page).contains("<title>Containers · Caisson</title>").contains("dash-web").contains("dash-idle")
                .contains("/webjars/htmx.org/2.0.4/dist/htmx.min.js");
        assertThat(get("/ui/containers?state=running").body()).contains("dash-web").doesNotContain("dash-idle");
        assertThat(get("/ui/containers?label=tier%3Ddb").body()).contains("dash-idle").doesNotContain("dash-web");
        assertThat(get("/webjars/htmx.org/dist/htmx.min.js").statusCode()).as("htmx is served by Caisson itself").isEqualTo(200);
        assertThat(get("/assets/vendor/xterm/lib/xterm.js").statusCode()).isEqualTo(200);

        HttpResponse<String> paused = htmxPost("/ui/containers/" + webC.id() + "/pause");
        assertThat(paused.headers().firstValue("HX-Trigger").orElse("")).contains("Paused dash-web");
        assertThat(paused.body()).startsWith("<tr").contains("badge paused").contains(">Unpause<");
        assertThat(engine.containers().get(webC.id()).state().status()).isEqualTo(ContainerState.Status.PAUSED);

        HttpResponse<String> wrong = htmxPost("/ui/containers/" + other.id() + "/pause");
        assertThat(wrong.headers().firstValue("HX-Trigger").orElse("")).contains("\"level\":\"error\"").contains("is not running");

        htmxPost("/ui/containers/" + webC.id() + "/unpause");
        HttpResponse<String> stopped = htmxPost("/ui/containers/" + webC.id() + "/stop");
        assertThat(stopped.body()).contains("badge exited");
        assertThat(engine.containers().get(webC.id()).state().running()).isFalse();

        HttpResponse<String> removed = htmxPost("/ui/containers/" + other.id() + "/remove");
        assertThat(removed.body().trim()).as("the row goes away").isEmpty();
        assertThat(engine.containers().list()).extracting(Container::id).doesNotContain(other.id());

        HttpResponse<String> bulk = web.htmx("/ui/containers/bulk", "action", "start", "ids", webC.id());
        assertThat(bulk.headers().firstValue("HX-Trigger").orElse("")).contains("start: 1 container");
        assertThat(engine.containers().get(webC.id()).state().running()).isTrue();
    }

    @Test
    void tableShowsPublishedPortsAsLinksAndLiveCpuAndMemory() throws Exception {
        int hostPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            hostPort = free.getLocalPort();
        }
        HttpResponse<String> ran = web.submit("/ui/containers/new", "image", "bb:latest", "name", "dash-ports",
                "command", "sh -c 'while true; do :; done'", "ports", "127.0.0.1:" + hostPort + ":80", "restart", "no");
        assertThat(ran.statusCode()).isEqualTo(302);
        Container c = engine.containers().get("dash-ports");
        created.add(c.id());
        Container idle = engine.containers().create(ContainerSpec.builder("bb:latest").name("dash-noports").cmd("true").build());
        created.add(idle.id());

        String page = get("/ui/containers").body();
        assertThat(page).contains("<th>Ports</th><th>CPU</th><th>Memory</th>")
                .contains("href=\"http://127.0.0.1:" + hostPort + "/\"")
                .contains(">127.0.0.1:" + hostPort + "-&gt;80/tcp<");

        String ids = "/ui/containers/usage?ids=" + c.id() + "," + idle.id();
        assertThat(get(ids).body()).as("the first reading has memory but no CPU yet")
                .contains("\"" + c.id() + "\":{").contains("\"cpu\":null").contains("\"mem\":").doesNotContain(idle.id());
        Thread.sleep(1100);
        tools.jackson.databind.JsonNode usage = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(get(ids).body()).get(c.id());
        assertThat(usage.get("cpu").asDouble()).as("a busy loop uses most of a core").isGreaterThan(20);
        assertThat(usage.get("mem").asLong()).isPositive();

        users.find("dash-usage-viewer").orElseGet(() -> users.create("dash-usage-viewer", Role.VIEWER, "viewer-password-2"));
        WebSession viewer = new WebSession(port).login("dash-usage-viewer", "viewer-password-2");
        assertThat(viewer.get(ids).body()).as("a container one may not see has no figures").isEqualTo("{}");
    }

    @Test
    void runFormStartsAContainerOrSaysWhatIsWrong() throws Exception {
        HttpResponse<String> bad = web.submit("/ui/containers/new", "image", "", "memory", "lots", "restart", "no");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("An image is required.").contains("Invalid memory: lots");

        HttpResponse<String> missing = web.submit("/ui/containers/new", "image", "nosuch:1", "restart", "no");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("No such image: nosuch:1");

        HttpResponse<String> ok = web.submit("/ui/containers/new", "image", "bb:latest", "name", "from-form",
                "command", "sleep 600", "env", "GREETING=hi", "memory", "64m", "labels", "made=form", "restart", "unless-stopped");
        Container c = engine.containers().get("from-form");
        created.add(c.id());
        assertThat(ok.statusCode()).isEqualTo(302);
        assertThat(ok.headers().firstValue("Location").orElse("")).endsWith("/ui/containers/" + c.id().substring(0, 12));
        assertThat(c.state().running()).isTrue();
        assertThat(c.config().env()).contains("GREETING=hi");
        assertThat(c.spec().labels()).containsEntry("made", "form");
        assertThat(c.spec().resources().memory()).isEqualTo(64L << 20);
        assertThat(c.spec().restartPolicy().name()).isEqualTo("unless-stopped");
    }

    @Test
    void rolesAndOwnershipDecideWhatThePagesOffer() throws Exception {
        users.find("dash-viewer").orElseGet(() -> users.create("dash-viewer", Role.VIEWER, "viewer-password-1"));
        users.find("dash-op1").orElseGet(() -> users.create("dash-op1", Role.OPERATOR, "op1-password-1"));
        users.find("dash-op2").orElseGet(() -> users.create("dash-op2", Role.OPERATOR, "op2-password-1"));
        Container admins = run("dash-admins", "sleep", "600");

        HttpResponse<String> anonymous = new WebSession(port).get("/ui/containers");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElse("")).endsWith("/login");

        WebSession op1 = new WebSession(port).login("dash-op1", "op1-password-1");
        HttpResponse<String> ran = op1.submit("/ui/containers/new", "image", "bb:latest", "name", "op1-box",
                "command", "sleep 600", "restart", "no");
        assertThat(ran.statusCode()).isEqualTo(302);
        Container mine = engine.containers().get("op1-box");
        created.add(mine.id());
        String op1List = op1.get("/ui/containers").body();
        assertThat(op1List).contains("op1-box").doesNotContain("dash-admins").contains("Run a container");
        assertThat(op1.htmx("/ui/containers/" + mine.id() + "/pause").headers().firstValue("HX-Trigger").orElse(""))
                .contains("Paused op1-box");
        op1.htmx("/ui/containers/" + mine.id() + "/unpause");
        assertThat(op1.htmx("/ui/containers/" + admins.id() + "/stop").statusCode()).as("not theirs: not even seen").isEqualTo(404);
        assertThat(op1.get("/ui/containers/dash-admins").statusCode()).isEqualTo(404);
        assertThat(engine.containers().get(admins.id()).state().running()).isTrue();
        HttpResponse<String> privileged = op1.submit("/ui/containers/new", "image", "bb:latest", "volumes", "/etc:/host-etc",
                "restart", "no");
        assertThat(privileged.statusCode()).as("guard rail: a host path").isEqualTo(403);
        assertThat(privileged.body()).contains("/etc");

        WebSession op2 = new WebSession(port).login("dash-op2", "op2-password-1");
        assertThat(op2.get("/ui/containers").body()).doesNotContain("op1-box");
        assertThat(op2.htmx("/ui/containers/" + mine.id() + "/kill").statusCode()).isEqualTo(404);

        ownership.share(ObjectKind.CONTAINER, admins.id(), null, true, users.admin().id());   // public: everyone sees it
        WebSession viewer = new WebSession(port).login("dash-viewer", "viewer-password-1");
        String page = viewer.get("/ui/containers").body();
        assertThat(page).contains("dash-admins").doesNotContain("Run a container").doesNotContain("hx-post=\"/ui/containers/" + admins.id());
        HttpResponse<String> forced = viewer.htmx("/ui/containers/" + admins.id() + "/stop");
        assertThat(forced.statusCode()).as("a viewer posting anyway").isEqualTo(403);
        assertThat(viewer.get("/ui/containers/new").statusCode()).isEqualTo(403);
        assertThat(engine.containers().get(admins.id()).state().running()).isTrue();
        assertThat(viewer.get("/ui/containers/" + admins.id() + "/logs").statusCode()).as("viewers read").isEqualTo(200);
    }

    @Test
    void imagesPageTagsRemovesAndRefusesAnImageInUse() throws Exception {
        String page = web.get("/ui/images").body();
        assertThat(page).contains("<td class=\"mono\">bb</td>").contains("<td class=\"mono\">latest</td>");
        HttpResponse<String> tagged = web.submit("/ui/images/tag", "ref", "bb:latest", "repo", "dash/copy", "tag", "v1");
        assertThat(tagged.body()).contains("Tagged bb:latest as dash/copy:v1");
        assertThat(engine.images().find("dash/copy:v1")).isPresent();
        assertThat(web.get("/ui/images?history=dash/copy:v1").body()).contains("History of dash/copy:v1");
        HttpResponse<String> untagged = web.submit("/ui/images/remove", "ref", "dash/copy:v1");
        assertThat(untagged.body()).contains("UNTAGGED: dash/copy:v1");
        assertThat(engine.images().find("dash/copy:v1")).isEmpty();
        run("dash-user", "sleep", "600");
        HttpResponse<String> inUse = web.submit("/ui/images/remove", "ref", "bb:latest");
        assertThat(inUse.statusCode()).isEqualTo(409);
        assertThat(inUse.body()).contains("conflict: unable to remove repository reference");
        assertThat(engine.images().find("bb:latest")).isPresent();

        users.find("dash-viewer2").orElseGet(() -> users.create("dash-viewer2", Role.VIEWER, "viewer-password-2"));
        WebSession viewer = new WebSession(port).login("dash-viewer2", "viewer-password-2");
        assertThat(viewer.get("/ui/images").body()).contains("bb").doesNotContain("/ui/images/remove").doesNotContain("/ui/images/tag");
        assertThat(viewer.submit("/ui/images/remove", "ref", "bb:latest").statusCode()).isEqualTo(403);
    }

    @Test
    void imagesPageLoadsAndImportsUploadsAndRefusesBadOnes() throws Exception {
        byte[] saved = java.nio.file.Files.readAllBytes(TestHost.fixture("busybox-docker-save.tar"));
        HttpResponse<String> loaded = web.upload("/ui/images/upload?mode=load", saved);
        assertThat(loaded.statusCode()).isEqualTo(200);
        assertThat(loaded.body()).contains("Loaded bb:latest");

        java.io.ByteArrayOutputStream rootfs = new java.io.ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(rootfs)) {
            byte[] hello = "hello from an import\n".getBytes(StandardCharsets.UTF_8);
            var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("hello.txt");
            e.setSize(hello.length);
            tar.putArchiveEntry(e);
            tar.write(hello);
            tar.closeArchiveEntry();
        }
        int before = engine.images().list().size();
        HttpResponse<String> imported = web.upload("/ui/images/upload?mode=import&repo=dash-imported&tag=v1", rootfs.toByteArray());
        assertThat(imported.statusCode()).isEqualTo(200);
        assertThat(imported.body()).contains("Imported dash-imported:v1").contains(">dash-imported<");
        try {
            assertThat(engine.images().find("dash-imported:v1")).isPresent();

            HttpResponse<String> garbage = web.upload("/ui/images/upload?mode=load", "not an archive".getBytes(StandardCharsets.UTF_8));
            assertThat(garbage.statusCode()).isEqualTo(400);
            assertThat(garbage.body()).contains("class=\"error\"");
            HttpResponse<String> badRef = web.upload("/ui/images/upload?mode=import&repo=Bad%20Name", rootfs.toByteArray());
            assertThat(badRef.statusCode()).isEqualTo(400);
            assertThat(badRef.body()).contains("invalid reference format");
            assertThat(engine.images().list()).as("failed uploads add nothing").hasSize(before + 1);

            users.find("dash-img-viewer").orElseGet(() -> users.create("dash-img-viewer", Role.VIEWER, "viewer-password-3"));
            WebSession viewer = new WebSession(port).login("dash-img-viewer", "viewer-password-3");
            assertThat(viewer.get("/ui/images").body()).doesNotContain("data-upload");
            assertThat(viewer.upload("/ui/images/upload?mode=load", saved).statusCode()).isEqualTo(403);
        } finally {
            engine.images().find("dash-imported:v1").ifPresent(i -> engine.images().remove(i.id(), true, false, List.of()));
        }
    }

    @Test
    void networksAndVolumesPagesCreateListAndRemoveByOwner() throws Exception {
        assertThat(web.get("/ui/networks").body()).contains("<span>bridge</span>").contains("<span>host</span>");
        assertThat(web.submit("/ui/networks", "name", "dash-net", "internal", "true").body()).contains("Created network dash-net");
        assertThat(engine.networks().get("dash-net").internal()).isTrue();
        assertThat(web.submit("/ui/networks", "name", "dash-net").statusCode()).as("a duplicate name").isEqualTo(409);
        assertThat(web.submit("/ui/volumes", "name", "dash-vol").body()).contains("Created volume dash-vol");
        assertThat(engine.volumes().find("dash-vol")).isPresent();

        users.find("dash-op3").orElseGet(() -> users.create("dash-op3", Role.OPERATOR, "op3-password-1"));
        WebSession op = new WebSession(port).login("dash-op3", "op3-password-1");
        assertThat(op.get("/ui/networks").body()).contains("<span>bridge</span>").doesNotContain("dash-net");
        assertThat(op.get("/ui/volumes").body()).doesNotContain("dash-vol");
        assertThat(op.submit("/ui/volumes/remove", "name", "dash-vol").statusCode()).isEqualTo(404);
        assertThat(op.submit("/ui/volumes", "name", "op3-vol").body()).contains("Created volume op3-vol");
        assertThat(op.get("/ui/volumes").body()).contains("op3-vol").contains("/ui/volumes/remove");
        assertThat(op.submit("/ui/volumes/remove", "name", "op3-vol").body()).contains("Removed volume op3-vol");
        assertThat(engine.volumes().find("op3-vol")).isEmpty();

        HttpResponse<String> removedNet = web.submit("/ui/networks/remove", "id", engine.networks().get("dash-net").id());
        assertThat(removedNet.body()).contains("Removed network dash-net");
        assertThat(removedNet.headers().firstValue("HX-Replace-Url")).as("the address bar stays on a page that reloads")
                .contains("/ui/networks");
        assertThat(web.submit("/ui/volumes/remove", "name", "dash-vol").body()).contains("Removed volume dash-vol");
    }

    @Test
    void formsWithoutTheirCsrfTokenAreRefused() throws Exception {
        Container c = run("dash-csrf", "sleep", "600");
        HttpResponse<String> forged = web.form("/ui/containers/" + c.id() + "/stop");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(engine.containers().get(c.id()).state().running()).isTrue();
    }

    @Test
    void pagesKeepTheTableSmall() throws Exception {
        for (int i = 0; i < 55; i++) {
            created.add(engine.containers().create(ContainerSpec.builder("bb:latest").name("many-" + i).cmd("true").build()).id());
        }
        String first = get("/ui/containers?name=many-").body();
        assertThat(first).contains("Page 1 of 2").contains("55 containers");
        assertThat(first.split("data-state=").length - 1).isEqualTo(50);
        assertThat(get("/ui/containers?name=many-&page=2").body().split("data-state=").length - 1).isEqualTo(5);
    }

    @Test
    void logsStreamFollowsAndSearchesAndDownloads() throws Exception {
        Container c = run("dash-logs", "sh", "-c", "for i in 1 2 3 4 5; do echo out $i; echo err $i >&2; done; sleep 600");
        HttpResponse<InputStream> res = web.stream("/ui/containers/" + c.id() + "/logs/stream?tail=4");
        assertThat(res.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        String events = readUntil(res.body(), "err 5");
        assertThat(events).contains("event: lines").contains("[2,").contains("\"err 5\\n\"").doesNotContain("out 3");

        HttpResponse<InputStream> search = web.stream("/ui/containers/" + c.id() + "/logs/stream?tail=2&q=OUT");
        String found = readUntil(search.body(), "out 5");
        assertThat(found).contains("out 4").doesNotContain("out 3").doesNotContain("err");

        String file = get("/ui/containers/" + c.id() + "/logs/download?timestamps=false").body();
        assertThat(file).contains("out 1\n").contains("err 5\n");
    }

    @Test
    void statsStreamSendsSamples() throws Exception {
        Container c = run("dash-stats", "sleep", "600");
        HttpResponse<InputStream> res = web.stream("/ui/containers/" + c.id() + "/stats/stream");
        String sample = readUntil(res.body(), "\"pids\"");
        assertThat(sample).contains("event: stats").contains("\"cpu\":").contains("\"mem\":").contains("\"pids\":1");
    }

    @Test
    void terminalRunsAShellWithATty() throws Exception {
        Container c = run("dash-term", "sleep", "600");
        StringBuilder seen = new StringBuilder();
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket ws = web.webSocket()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ui/containers/" + c.id() + "/terminal/ws?cmd=sh&rows=30&cols=100"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                                synchronized (seen) {
                                    seen.append(StandardCharsets.UTF_8.decode(data));
                                }
                                w.request(1);
                                return null;
                            }

                            @Override
                            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                synchronized (seen) {
                                    seen.append("[").append(data).append("]");
                                }
                                w.request(1);
                                return null;
                            }

                            @Override
                            public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                                closed.complete(reason);
                                return null;
                            }
                        }).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"input\":\"tty; stty size; exit 3\\r\"}", true).get(5, TimeUnit.SECONDS);
        closed.get(15, TimeUnit.SECONDS);
        String out;
        synchronized (seen) {
            out = seen.toString();
        }
        assertThat(out).contains("/dev/pts/").contains("30 100").contains("[exited with code 3]");
    }

    /** Reads an event stream until the marker appears (or 15 s pass), then stops reading. */
    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder b = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
                b.append(line).append('\n');
                if (line.contains(marker)) {
                    break;
                }
            }
        }
        return b.toString();
    }
}
