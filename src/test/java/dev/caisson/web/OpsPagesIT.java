package dev.caisson.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import dev.caisson.engine.network.Endpoint;
import dev.caisson.engine.network.Network;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerSpec;
import dev.caisson.engine.runtime.ContainerState;
import dev.caisson.platform.security.ObjectKind;
import dev.caisson.platform.security.Ownership;
import dev.caisson.platform.security.Role;
import dev.caisson.platform.security.UserAccounts;
import dev.caisson.testsupport.PlatformDirs;
import dev.caisson.testsupport.TestHost;
import dev.caisson.testsupport.WebSession;

/**
 * The dashboard's operations pages over real HTTP: the live events feed (SSE) with ownership,
 * the system page's counts, disk usage and admin-only prunes, a network's inspect view with
 * connect/disconnect, and a volume's inspect view.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpsPagesIT {
    private static final String ADMIN_PASSWORD = "ops-admin-pw";
    private static PlatformDirs dirs;

    @LocalServerPort
    int port;
    @Autowired
    Engine engine;
    @Autowired
    UserAccounts users;
    @Autowired
    Ownership ownership;

    private WebSession admin;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "cops");
        r.add("caisson.admin.password", () -> ADMIN_PASSWORD);
    }

    @AfterAll
    static void clean() throws IOException {
        dirs.delete();
    }

    @BeforeEach
    void image() throws Exception {
        admin = new WebSession(port).login("admin", ADMIN_PASSWORD);
        TestHost.loadBusybox(engine);
    }

    /** Everything a test makes is named "ops-...". */
    @AfterEach
    void removeWhatTheTestMade() {
        engine.containers().list().stream().filter(c -> c.name().startsWith("ops-"))
                .forEach(c -> quietly(() -> engine.containers().remove(c.id(), true)));
        engine.networks().list().stream().filter(n -> n.name().startsWith("ops-"))
                .forEach(n -> quietly(() -> engine.networks().remove(n.id())));
        engine.volumes().list().stream().filter(v -> v.name().startsWith("ops-"))
                .forEach(v -> quietly(() -> engine.volumes().remove(v.name(), true)));
        engine.images().list().stream().flatMap(i -> i.repoTags().stream()).filter(t -> t.startsWith("ops-"))
                .forEach(t -> quietly(() -> engine.images().untag(t)));
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException gone) {
            // removed by the test
        }
    }

    private WebSession user(String name, Role role) throws Exception {
        users.find(name).orElseGet(() -> users.create(name, role, name + "-password"));
        return new WebSession(port).login(name, name + "-password");
    }

    private Container run(String name) {
        Container c = engine.containers().create(ContainerSpec.builder("bb:latest").name(name).cmd("sleep", "600").build());
        engine.containers().start(c.id());
        return c;
    }

    @Test
    void eventsFeedStreamsNewEventsAfterTheHistoryAndOnlyVisibleOnes() throws Exception {
        assertThat(admin.get("/ui/events").body()).contains("<title>Events · Caisson</title>").contains("data-events-src");
        Container before = run("ops-ev-before");

        HttpResponse<InputStream> feed = admin.stream("/ui/events/stream?type=container");
        assertThat(feed.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        Container live = run("ops-ev-live");
        String seen = readUntil(feed.body(), "\"status\":\"start\",\"id\":\"" + live.id());
        int liveMark = seen.indexOf("event: live");
        assertThat(liveMark).as("the history comes first, then the live marker").isPositive();
        assertThat(seen.substring(0, liveMark)).contains("\"Action\":\"start\"").contains("\"name\":\"ops-ev-before\"")
                .doesNotContain("ops-ev-live");
        assertThat(seen.substring(liveMark)).contains("\"Action\":\"start\"").contains(live.id())
                .contains("\"Type\":\"container\"");

        // the container filter keeps that container's events only
        HttpResponse<InputStream> one = admin.stream("/ui/events/stream?container=ops-ev-before");
        String filtered = readUntil(one.body(), "event: live");
        assertThat(filtered).contains(before.id()).doesNotContain(live.id());

        // a viewer sees neither the admin's nor an operator's private containers; image events are for all
        WebSession viewer = user("ops-viewer", Role.VIEWER);
        WebSession op = user("ops-op-ev", Role.OPERATOR);
        HttpResponse<InputStream> viewerFeed = viewer.stream("/ui/events/stream");
        assertThat(op.submit("/ui/containers/new", "image", "bb:latest", "name", "ops-ev-private", "command", "sleep 600",
                "restart", "no").statusCode()).isEqualTo(302);
        assertThat(engine.containers().get("ops-ev-private").state().running()).isTrue();
        admin.submit("/ui/images/tag", "ref", "bb:latest", "repo", "ops-marker", "tag", "1");
        String viewerSaw = readUntil(viewerFeed.body(), "ops-marker:1");
        assertThat(viewerSaw).contains("event: live").contains("\"Action\":\"tag\"").contains("ops-marker:1")
                .doesNotContain("ops-ev-private").doesNotContain("ops-ev-live").doesNotContain("ops-ev-before");
        HttpResponse<InputStream> opFeed = op.stream("/ui/events/stream?type=container");
        assertThat(readUntil(opFeed.body(), "event: live")).as("the owner sees their own")
                .contains("\"name\":\"ops-ev-private\"").doesNotContain("ops-ev-live");
    }

    @Test
    void systemPageShowsTheEngineAndRealCounts() throws Exception {
        run("ops-sys-running");
        engine.containers().create(ContainerSpec.builder("bb:latest").name("ops-sys-created").cmd("true").build());
        List<Container> all = engine.containers().list();
        long running = all.stream().filter(c -> c.state().status() == ContainerState.Status.RUNNING).count();
        String page = admin.get("/ui/system").body();
        assertThat(count(page, "containers")).isEqualTo(all.size());
        assertThat(count(page, "running")).isEqualTo(running).isPositive();
        assertThat(count(page, "stopped")).isEqualTo(all.size() - running).isPositive();
        assertThat(count(page, "images")).isEqualTo(engine.images().list().size());
        assertThat(page).contains(engine.dataDir().toString()).contains("overlay2").contains(System.getProperty("os.version"))
                .contains("hx-get=\"/ui/system/df\"").contains("/ui/system/prune");

        String df = admin.get("/ui/system/df").body();
        assertThat(df).contains("<div id=\"df\">").contains("<td>Images</td>").contains("<td>Local Volumes</td>")
                .contains("<td>Build Cache</td>");
        Matcher m = Pattern.compile("<td>Containers</td>\\s*<td class=\"num\">(\\d+)</td>\\s*<td class=\"num\">(\\d+)</td>")
                .matcher(df);
        assertThat(m.find()).isTrue();
        assertThat(Long.parseLong(m.group(1))).isEqualTo(all.size());
        assertThat(Long.parseLong(m.group(2))).as("active: running").isEqualTo(running);

        WebSession viewer = user("ops-viewer-sys", Role.VIEWER);
        String viewerPage = viewer.get("/ui/system").body();
        assertThat(count(viewerPage, "containers")).isEqualTo(all.size());
        assertThat(viewerPage).doesNotContain("/ui/system/prune");
    }

    @Test
    void pruneIsForAdminsAndSaysWhatItRemoved() throws Exception {
        Container stopped = engine.containers().create(ContainerSpec.builder("bb:latest").name("ops-prune-me").cmd("true").build());
        Container kept = run("ops-prune-running");
        for (WebSession refused : List.of(user("ops-op-prune", Role.OPERATOR), user("ops-viewer-prune", Role.VIEWER))) {
            HttpResponse<String> r = refused.submit("/ui/system/prune", "what", "containers");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("only an admin");
            assertThat(refused.htmx("/ui/system/prune", "what", "system", "all", "true").statusCode()).isEqualTo(403);
        }
        assertThat(engine.containers().get(stopped.id())).isNotNull();

        HttpResponse<String> pruned = admin.submit("/ui/system/prune", "what", "containers");
        assertThat(pruned.statusCode()).isEqualTo(200);
        assertThat(pruned.body()).contains("Deleted Containers:").contains(stopped.id()).doesNotContain(kept.id())
                .contains("Total reclaimed space:");
        assertThat(engine.containers().list()).extracting(Container::id).doesNotContain(stopped.id()).contains(kept.id());

        String none = admin.submit("/ui/system/prune", "what", "networks").body();
        assertThat(none).contains("Deleted Networks:").contains(">none<");
        assertThat(admin.submit("/ui/system/prune", "what", "everything").statusCode()).isEqualTo(400);
    }

    @Test
    void networkInspectListsAttachedContainersAndTheOwnerConnectsAndDisconnects() throws Exception {
        WebSession owner = user("ops-net-owner", Role.OPERATOR);
        WebSession other = user("ops-net-other", Role.OPERATOR);
        assertThat(owner.submit("/ui/networks", "name", "ops-net").body()).contains("Created network ops-net");
        Network net = engine.networks().get("ops-net");
        owner.submit("/ui/containers/new", "image", "bb:latest", "name", "ops-net-box", "command", "sleep 600", "restart", "no");
        Container box = engine.containers().get("ops-net-box");
        long admin0 = users.admin().id();
        ownership.share(ObjectKind.CONTAINER, box.id(), null, true, admin0);   // the other operator sees both: refusals are 403s
        ownership.share(ObjectKind.NETWORK, net.id(), null, true, admin0);

        String before = owner.get("/ui/networks/" + net.id()).body();
        assertThat(before).contains("No running container you may see is attached").contains("<option value=\"" + box.id() + "\"");
        HttpResponse<String> connected = owner.submit("/ui/networks/" + net.id() + "/connect", "container", box.id());
        assertThat(connected.statusCode()).isEqualTo(200);
        assertThat(connected.body()).contains("Connected ops-net-box to ops-net");
        Endpoint ep = engine.networks().endpoints(box.id()).stream().filter(e -> e.networkId().equals(net.id())).findFirst()
                .orElseThrow();
        assertThat(ep.ipv4()).isNotBlank();
        String page = owner.get("/ui/networks/ops-net").body();
        assertThat(page).contains(">ops-net-box<").contains(">" + ep.ipv4() + "/" + net.prefixLength() + "<")
                .contains(">" + ep.macAddress() + "<").contains("&quot;IPv4Address&quot; : &quot;" + ep.ipv4())
                .contains("/ui/networks/" + net.id() + "/disconnect");

        HttpResponse<String> again = owner.submit("/ui/networks/" + net.id() + "/connect", "container", box.id());
        assertThat(again.statusCode()).as("already connected: the engine's error").isEqualTo(409);
        assertThat(again.body()).contains("already exists in network ops-net");

        String othersView = other.get("/ui/networks/" + net.id()).body();
        assertThat(othersView).contains(">ops-net-box<").doesNotContain("/disconnect");
        assertThat(other.submit("/ui/networks/" + net.id() + "/disconnect", "container", box.id()).statusCode()).isEqualTo(403);
        assertThat(other.submit("/ui/networks/" + net.id() + "/connect", "container", box.id()).statusCode()).isEqualTo(403);
        assertThat(user("ops-net-viewer", Role.VIEWER).submit("/ui/networks/" + net.id() + "/disconnect", "container", box.id())
                .statusCode()).isEqualTo(403);
        assertThat(engine.networks().containers(net.id())).extracting(Endpoint::containerId).contains(box.id());

        HttpResponse<String> gone = owner.submit("/ui/networks/" + net.id() + "/disconnect", "container", box.id());
        assertThat(gone.body()).contains("Disconnected ops-net-box from ops-net").doesNotContain(">ops-net-box<");
        assertThat(engine.networks().containers(net.id())).isEmpty();
        assertThat(owner.submit("/ui/networks/" + net.id() + "/disconnect", "container", box.id()).statusCode())
                .as("not connected: the engine's error, shown").isEqualTo(400);

        ownership.share(ObjectKind.NETWORK, net.id(), null, false, admin0);
        assertThat(other.get("/ui/networks/" + net.id()).statusCode()).as("a private network of another user").isEqualTo(404);
        assertThat(other.get("/ui/networks/bridge").statusCode()).isEqualTo(200);
    }

    @Test
    void volumeInspectShowsMountpointJsonAndUsers() throws Exception {
        WebSession owner = user("ops-vol-owner", Role.OPERATOR);
        owner.submit("/ui/volumes", "name", "ops-vol");
        owner.submit("/ui/containers/new", "image", "bb:latest", "name", "ops-vol-box", "command", "sleep 600",
                "volumes", "ops-vol:/data:ro", "restart", "no");
        Container box = engine.containers().get("ops-vol-box");
        String page = owner.get("/ui/volumes/ops-vol").body();
        assertThat(page).contains(engine.volumes().dataDir("ops-vol").toString()).contains("&quot;Name&quot; : &quot;ops-vol&quot;")
                .contains(">ops-vol-box<").contains(">/data<").contains(">read-only<");
        assertThat(owner.get("/ui/volumes").body()).contains("href=\"/ui/volumes/ops-vol\"");

        WebSession other = user("ops-vol-other", Role.OPERATOR);
        assertThat(other.get("/ui/volumes/ops-vol").statusCode()).isEqualTo(404);
        ownership.share(ObjectKind.VOLUME, "ops-vol", null, true, users.admin().id());
        String shared = other.get("/ui/volumes/ops-vol").body();
        assertThat(shared).as("the owner's private container is only counted").doesNotContain("ops-vol-box")
                .contains("1 more container(s) you may not see use it.");
        assertThat(admin.get("/ui/volumes/ops-nosuch").statusCode()).isEqualTo(404);
        engine.containers().remove(box.id(), true);
    }

    /** The figure the system page shows for data-count=name. */
    private static long count(String page, String name) {
        Matcher m = Pattern.compile("data-count=\"" + name + "\">(\\d+)<").matcher(page);
        assertThat(m.find()).as("count " + name).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Reads an event stream until the marker appears (or 15 s pass), then closes it. */
    private static String readUntil(InputStream in, String marker) throws Exception {
        StringBuilder b = new StringBuilder();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (b) {
                        b.append(line).append('\n');
                    }
                    if (line.contains(marker)) {
                        return;
                    }
                }
            } catch (IOException closed) {
                // closed on timeout
            }
        });
        try {
            reading.get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            in.close();
        }
        synchronized (b) {
            return b.toString();
        }
    }
}
