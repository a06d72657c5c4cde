package dev.caisson.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.caisson.engine.Engine;
import dev.caisson.engine.network.NetworkCreate;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerSpec;
import dev.caisson.platform.security.ApiTokens;
import dev.caisson.platform.security.ObjectKind;
import dev.caisson.platform.security.Ownership;
import dev.caisson.platform.security.Role;
import dev.caisson.platform.security.Settings;
import dev.caisson.platform.security.Teams;
import dev.caisson.platform.security.TokenScope;
import dev.caisson.platform.security.UserAccounts;
import dev.caisson.testsupport.PlatformDirs;
import dev.caisson.testsupport.TestHost;
import dev.caisson.testsupport.WebSession;

/**
 * Every dashboard action against every kind of caller: anonymous, a viewer, an operator who does
 * not own the object, the operator who owns it, an admin, and API tokens (an admin's, a
 * read-only one, an expired one), which the dashboard does not take: it is for people with a
 * session. The table must name every route the dashboard maps, so a new page cannot escape it.
 *
 * Refused callers all aim at the same objects, owned by the admin and public (so everyone can
 * see them and a refusal is a 403, not a 404), and the test checks at the end that none of them
 * changed. Allowed callers each get fresh objects, so their actions really run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardMatrixIT {
    private static final String ADMIN_PASSWORD = "matrix-admin-pw";
    private static PlatformDirs dirs;

    /** What an action asks of its caller. */
    enum Need { SIGNED_IN, OPERATOR, OWNER, ADMIN }

    enum Caller { ANONYMOUS, VIEWER, OPERATOR, OWNER, ADMIN, ADMIN_TOKEN, READ_ONLY_TOKEN, EXPIRED_TOKEN }

    /** A request: method, path (with query), and form fields for a POST. */
    record Req(String method, String path, String... form) {
    }

    /** Builds the request for a caller; allowed says whether it should go through (then fresh objects are made). */
    interface Maker {
        Req make(Caller caller, boolean allowed) throws Exception;
    }

    record Action(String method, String pattern, Need need, Maker maker) {
    }

    @LocalServerPort
    int port;
    @Autowired
    Engine engine;
    @Autowired
    UserAccounts users;
    @Autowired
    Ownership ownership;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Teams teams;
    @Autowired
    Settings settings;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final Map<Caller, WebSession> sessions = new EnumMap<>(Caller.class);
    private final Map<Caller, String> bearer = new EnumMap<>(Caller.class);
    private final AtomicInteger fresh = new AtomicInteger();
    private long ownerId;
    private long keptToken;
    private Container pub;
    private String pubNetwork;
    private String pubVolume;
    private final HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "cmatrix");
        r.add("caisson.admin.password", () -> ADMIN_PASSWORD);
    }

    @BeforeAll
    void setUp() throws Exception {
        TestHost.loadBusybox(engine);
        users.create("mx-viewer", Role.VIEWER, "mx-viewer-password");
        users.create("mx-operator", Role.OPERATOR, "mx-operator-password");
        ownerId = users.create("mx-owner", Role.OPERATOR, "mx-owner-password").id();
        sessions.put(Caller.VIEWER, new WebSession(port).login("mx-viewer", "mx-viewer-password"));
        sessions.put(Caller.OPERATOR, new WebSession(port).login("mx-operator", "mx-operator-password"));
        sessions.put(Caller.OWNER, new WebSession(port).login("mx-owner", "mx-owner-password"));
        sessions.put(Caller.ADMIN, new WebSession(port).login("admin", ADMIN_PASSWORD));
        long admin = users.admin().id();
        bearer.put(Caller.ADMIN_TOKEN, tokens.create(admin, "mx-admin", TokenScope.FULL, null).secret());
        bearer.put(Caller.READ_ONLY_TOKEN, tokens.create(admin, "mx-ro", TokenScope.READ_ONLY, null).secret());
        bearer.put(Caller.EXPIRED_TOKEN, tokens.create(admin, "mx-old", TokenScope.FULL, Instant.now().plusSeconds(60)).secret());
        jdbc.update("UPDATE api_tokens SET expires = ? WHERE name = 'mx-old'", Timestamp.from(Instant.now().minusSeconds(1)));

        pub = container("mx-public", admin, true);
        ownership.share(ObjectKind.CONTAINER, pub.id(), null, true, admin);
        pubNetwork = engine.networks().create(new NetworkCreate("mx-public-net", "bridge", false, false, false, null, null,
                null, null)).id();
        ownership.record(ObjectKind.NETWORK, pubNetwork, "mx-public-net", admin);
        ownership.share(ObjectKind.NETWORK, pubNetwork, null, true, admin);
        pubVolume = engine.volumes().create("mx-public-vol", "local", Map.of(), Map.of()).name();
        ownership.record(ObjectKind.VOLUME, pubVolume, pubVolume, admin);
        ownership.share(ObjectKind.VOLUME, pubVolume, null, true, admin);
        engine.images().tag(engine.images().get("bb:latest").id(), "mx-keep:1");
        teams.create("mx-keep-team");
        keptToken = tokens.create(ownerId, "mx-kept", TokenScope.FULL, null).token().id();
    }

    /** Everything the test made is named "mx-...": the objects it made itself and those the allowed callers made. */
    @AfterAll
    void clean() throws IOException {
        engine.containers().list().stream().filter(c -> c.name().startsWith("mx-"))
                .forEach(c -> quietly(() -> engine.containers().remove(c.id(), true)));
        engine.networks().list().stream().filter(n -> n.name().startsWith("mx-"))
                .forEach(n -> quietly(() -> engine.networks().remove(n.id())));
        engine.volumes().list().stream().filter(v -> v.name().startsWith("mx-"))
                .forEach(v -> quietly(() -> engine.volumes().remove(v.name(), true)));
        engine.images().list().stream().flatMap(i -> i.repoTags().stream()).filter(t -> t.startsWith("mx-"))
                .forEach(t -> quietly(() -> engine.images().untag(t)));
        dirs.delete();
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException gone) {
            // removed meanwhile by an allowed action
        }
    }

    /** A running container owned by the given user. */
    private Container container(String name, long owner, boolean running) {
        Container c = engine.containers().create(ContainerSpec.builder("bb:latest").name(name).cmd("sleep", "600").build());
        ownership.record(ObjectKind.CONTAINER, c.id(), name, owner);
        if (running) {
            engine.containers().start(c.id());
        }
        return c;
    }

    /** The owner's fresh container for an allowed caller, the admin's public one for a refused caller. */
    private String target(boolean allowed, boolean running) {
        return allowed ? container("mx-fresh-" + fresh.incrementAndGet(), ownerId, running).id() : pub.id();
    }

    /** Like {@link #target}, on the default bridge: a container that can join other networks. */
    private String bridged(boolean allowed) {
        if (!allowed) {
            return pub.id();
        }
        String name = "mx-fresh-" + fresh.incrementAndGet();
        Container c = engine.containers().create(ContainerSpec.builder("bb:latest").name(name).cmd("sleep", "600")
                .networkMode("bridge").build());
        ownership.record(ObjectKind.CONTAINER, c.id(), name, ownerId);
        engine.containers().start(c.id());
        return c.id();
    }

    private String freshName(String prefix, boolean allowed) {
        return allowed ? prefix + "-" + fresh.incrementAndGet() : "mx-refused-" + prefix;
    }

    private String targetNetwork(boolean allowed) {
        if (!allowed) {
            return pubNetwork;
        }
        String name = "mx-net-" + fresh.incrementAndGet();
        String id = engine.networks().create(new NetworkCreate(name, "bridge", false, false, false, null, null, null, null)).id();
        ownership.record(ObjectKind.NETWORK, id, name, ownerId);
        return id;
    }

    private String targetVolume(boolean allowed) {
        if (!allowed) {
            return pubVolume;
        }
        String name = engine.volumes().create("mx-vol-" + fresh.incrementAndGet(), "local", Map.of(), Map.of()).name();
        ownership.record(ObjectKind.VOLUME, name, name, ownerId);
        return name;
    }

    private List<Action> actions() throws IOException {
        archive = java.nio.file.Files.readAllBytes(TestHost.fixture("busybox-docker-save.tar"));
        String p = pub.id();
        return List.of(
                new Action("GET", "/", Need.SIGNED_IN, (c, a) -> new Req("GET", "/")),
                new Action("GET", "/ui", Need.SIGNED_IN, (c, a) -> new Req("GET", "/ui")),
                new Action("GET", "/ui/", Need.SIGNED_IN, (c, a) -> new Req("GET", "/ui/")),
                new Action("GET", "/ui/containers", Need.SIGNED_IN, (c, a) -> new Req("GET", "/ui/containers")),
                new Action("GET", "/ui/containers/{id}", Need.SIGNED_IN, (c, a) -> new Req("GET", "/ui/containers/" + p)),
                new Action("GET", "/ui/containers/{id}/logs", Need.SIGNED_IN, (c, a) -> new Req("GET", "/ui/containers/" + p + "/logs")),
                new Action("GET", "/ui/containers/{id}/stats", Need.SIGNED_IN, (c, a) -> new Req("GET", "/ui/containers/" + p + "/stats")),
                new Action("GET", "/ui/containers/{id}/terminal", Need.SIGNED_IN,
                        (c, a) -> new Req("GET", "/ui/containers/" + p + "/terminal")),
                new Action("GET", "/ui/containers/{id}/processes", Need.SIGNED_IN,
                        (c, a) -> new Req("GET", "/ui/containers/" + p + "/processes")),
                new Action("GET", "/ui/containers/{id}/inspect", Need.SIGNED_IN,
                        (c, a) -> new Req("GET", "/ui/containers/" + p + "/inspect")),
                new Action("GET", "/ui/containers/{id}/logs/stream", Need.SIGNED_IN,
                        (c, a) -> new Req("GET", "/ui/containers/" + p + "/logs/stream?follow=false")),
                new Action("GET", "/ui/containers/{id}/logs/download", Need.SIGNED_IN,
                        (c, a) -> new Req("GET", "/ui/containers/" + p + "/logs/download")),
                new Action("GET", "/ui/containers/{id}/stats/stream", Need.SIGNED_IN,
                        (c, a) -> new Req("GET", "/ui/containers/" + p + "/stats/stream")),
                new Action("GET", "/ui/containers/usage", Need.SIGNED_IN, (c, a) -> new Req("GET", "/ui/containers/usage?ids=" + p)),
                new Action("GET", "/ui/containers/new", Need.OPERATOR, (c, a) -> new Req("GET", "/ui/containers/new")),
                new Action("POST", "/ui/containers/new", Need.OPERATOR, (c, a) -> new Req("POST", "/ui/containers/new",
                        "image", "bb:latest", "name", freshName("mx-run", a), "command", "true", "restart", "no")),
                new Action("POST", "/ui/containers/{id}/{action}", Need.OWNER,
                        (c, a) -> new Req("POST", "/ui/containers/" + target(a, true) + "/pause")),
                new Action("POST", "/ui/containers/bulk", Need.OWNER,
                        (c, a) -> new Req("POST", "/ui/containers/bulk", "action", "stop", "ids", target(a, true))),
                new Action("GET", "/ui/images", Need.SIGNED_IN, (c, a) -> new Req("GET", "/ui/images?history=bb:latest")),
                new Action("POST", "/ui/images/tag", Need.OPERATOR, (c, a) -> new Req("POST", "/ui/images/tag",
                        "ref", "bb:latest", "repo", freshName("mx-tag", a), "tag", "1")),
                new Action("POST", "/ui/images/remove", Need.OPERATOR, (c, a) -> new Req("POST", "/ui/images/remove",
                        "ref", a ? tagged() : "mx-keep:1")),
                new Action("POST", "/ui/images/upload", Need.OPERATOR, (c, a) -> new Req("POST", "/ui/images/upload?mode=load")),
                new Action("GET", "/ui/networks", Need.SIGNED_IN, (c, a) -> new Req("GET", "/ui/networks")),
                new Action("POST", "/ui/networks", Need.OPERATOR,
                        (c, a) -> new Req("POST", "/ui/networks", "name", freshName("mx-newnet", a))),
                new Action("POST", "/ui/networks/remove", Need.OWNER,
                        (c, a) -> new Req("POST", "/ui/networks/remove", "id", targetNetwork(a))),
                new Action("GET", "/ui/volumes", Need.SIGNED_IN, (c, a) -> new Req("GET", "/ui/volumes")),
                new Action("POST", "/ui/volumes", Need.OPERATOR,
                        (c, a) -> new Req("POST", "/ui/volumes", "name", freshName("mx-newvol", a))),
                new Action("POST", "/ui/volumes/remove", Need.OWNER,
                        (c, a) -> new Req("POST", "/ui/volumes/remove", "name", targetVolume(a))),
                new Action("GET", "/ui/networks/{id}", Need.SIGNED_IN, (c, a) -> new Req("GET", "/ui/networks/" + pubNetwork)),
                new Action("POST", "/ui/networks/{id}/connect", Need.OWNER, (c, a) -> new Req("POST",
                        "/ui/networks/" + pubNetwork + "/connect", "container", bridged(a))),
                new Action("POST", "/ui/networks/{id}/disconnect", Need.OWNER, (c, a) -> {
                    String id = bridged(a);
                    if (a) {
                        engine.networks().connect(pubNetwork, id, List.of(), null);
                    }
                    return new Req("POST", "/ui/networks/" + pubNetwork + "/disconnect", "container", id);
                }),
                new Action("GET", "/ui/volumes/{name}", Need.SIGNED_IN, (c, a) -> new Req("GET", "/ui/volumes/" + pubVolume)),
                new Action("GET", "/ui/events", Need.SIGNED_IN, (c, a) -> new Req("GET", "/ui/events?type=container")),
                new Action("GET", "/ui/events/stream", Need.SIGNED_IN, (c, a) -> new Req("GET", "/ui/events/stream")),
                new Action("GET", "/ui/system", Need.SIGNED_IN, (c, a) -> new Req("GET", "/ui/system")),
                new Action("GET", "/ui/system/df", Need.SIGNED_IN, (c, a) -> new Req("GET", "/ui/system/df")),
                // stopped containers only: the public objects the refusals aim at stay
                new Action("POST", "/ui/system/prune", Need.ADMIN,
                        (c, a) -> new Req("POST", "/ui/system/prune", "what", "containers")),
                new Action("GET", "/ui/admin/users", Need.ADMIN, (c, a) -> new Req("GET", "/ui/admin/users")),
                new Action("POST", "/ui/admin/users", Need.ADMIN, (c, a) -> new Req("POST", "/ui/admin/users",
                        "name", freshName("mx-user", a), "role", "ADMIN", "password", "mx-user-password")),
                new Action("POST", "/ui/admin/users/role", Need.ADMIN,
                        (c, a) -> new Req("POST", "/ui/admin/users/role", "name", targetUser(a), "role", "ADMIN")),
                new Action("POST", "/ui/admin/users/password", Need.ADMIN,
                        (c, a) -> new Req("POST", "/ui/admin/users/password", "name", targetUser(a), "password", "mx-taken-over")),
                new Action("POST", "/ui/admin/users/enabled", Need.ADMIN,
                        (c, a) -> new Req("POST", "/ui/admin/users/enabled", "name", targetUser(a), "enabled", "false")),
                new Action("POST", "/ui/admin/users/delete", Need.ADMIN,
                        (c, a) -> new Req("POST", "/ui/admin/users/delete", "name", targetUser(a))),
                new Action("GET", "/ui/admin/teams", Need.ADMIN, (c, a) -> new Req("GET", "/ui/admin/teams")),
                new Action("POST", "/ui/admin/teams", Need.ADMIN,
                        (c, a) -> new Req("POST", "/ui/admin/teams", "name", freshName("mx-team", a))),
                new Action("POST", "/ui/admin/teams/delete", Need.ADMIN,
                        (c, a) -> new Req("POST", "/ui/admin/teams/delete", "team", targetTeam(a))),
                new Action("POST", "/ui/admin/teams/members", Need.ADMIN,
                        (c, a) -> new Req("POST", "/ui/admin/teams/members", "team", targetTeam(a), "user", "mx-viewer")),
                new Action("POST", "/ui/admin/teams/members/remove", Need.ADMIN, (c, a) -> new Req("POST",
                        "/ui/admin/teams/members/remove", "team", targetTeam(a), "user", "mx-viewer")),
                new Action("GET", "/ui/admin/tokens", Need.ADMIN, (c, a) -> new Req("GET", "/ui/admin/tokens")),
                new Action("POST", "/ui/admin/tokens/revoke", Need.ADMIN,
                        (c, a) -> new Req("POST", "/ui/admin/tokens/revoke", "id", targetToken(a, ownerId))),
                new Action("GET", "/ui/admin/settings", Need.ADMIN, (c, a) -> new Req("GET", "/ui/admin/settings")),
                new Action("POST", "/ui/admin/settings", Need.ADMIN,
                        (c, a) -> new Req("POST", "/ui/admin/settings", "bindAllowlist", a ? "" : "/")),
                new Action("GET", "/ui/admin/audit", Need.ADMIN, (c, a) -> new Req("GET", "/ui/admin/audit?action=container")),
                new Action("GET", "/ui/admin/audit/export.csv", Need.ADMIN,
                        (c, a) -> new Req("GET", "/ui/admin/audit/export.csv?outcome=REFUSED")),
                new Action("GET", "/ui/account", Need.SIGNED_IN, (c, a) -> new Req("GET", "/ui/account")),
                new Action("POST", "/ui/account/password", Need.SIGNED_IN, (c, a) -> new Req("POST", "/ui/account/password",
                        "currentPassword", "not-the-password", "newPassword", "mx-new-password", "confirmPassword", "mx-new-password")),
                new Action("POST", "/ui/account/tokens", Need.SIGNED_IN, (c, a) -> new Req("POST", "/ui/account/tokens",
                        "name", freshName("mx-tok", a), "expiresInDays", "1", "scope", "FULL")),
                new Action("POST", "/ui/account/tokens/revoke", Need.SIGNED_IN, (c, a) -> new Req("POST",
                        "/ui/account/tokens/revoke", "id", targetToken(a, userOf(c)))));
    }

    /** A fresh user for an allowed admin, the matrix's own viewer (who must stay as they are) for a refused caller. */
    private String targetUser(boolean allowed) {
        return allowed ? users.create("mx-u-" + fresh.incrementAndGet(), Role.OPERATOR, "mx-u-password").name() : "mx-viewer";
    }

    private String targetTeam(boolean allowed) {
        return allowed ? teams.create("mx-t-" + fresh.incrementAndGet()).name() : "mx-keep-team";
    }

    /** A fresh token of this user for an allowed caller, the owner's kept token for a refused one. */
    private String targetToken(boolean allowed, long userId) {
        long id = allowed ? tokens.create(userId, "mx-t-" + fresh.incrementAndGet(), TokenScope.FULL, null).token().id() : keptToken;
        return Long.toString(id);
    }

    private long userOf(Caller c) {
        return switch (c) {
            case VIEWER -> users.get("mx-viewer").id();
            case OPERATOR -> users.get("mx-operator").id();
            case OWNER -> ownerId;
            default -> users.admin().id();
        };
    }

    /** What the upload action sends: the busybox archive. */
    private byte[] archive;

    private String tagged() {
        String ref = "mx-gone-" + fresh.incrementAndGet() + ":1";
        engine.images().tag(engine.images().get("bb:latest").id(), ref);
        return ref;
    }

    @Test
    void theTableNamesEveryRouteOfTheDashboard() throws IOException {
        Set<String> mapped = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, org.springframework.web.method.HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            if (!e.getValue().getBeanType().getPackageName().startsWith("dev.caisson.web")) {
                continue;
            }
            for (String pattern : e.getKey().getPatternValues()) {
                for (var m : e.getKey().getMethodsCondition().getMethods()) {
                    if (!pattern.equals("/login")) {   // the sign-in page is for everybody
                        mapped.add(m.name() + " " + pattern);
                    }
                }
            }
        }
        Set<String> table = new TreeSet<>();
        actions().forEach(a -> table.add(a.method() + " " + a.pattern()));
        assertThat(table).isEqualTo(mapped);
    }

    @Test
    void everyActionAgainstEveryKindOfCaller() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Action action : actions()) {
            for (Caller caller : Caller.values()) {
                boolean allowed = allowed(action.need(), caller);
                Req req = action.maker().make(caller, allowed);
                HttpResponse<?> r = send(caller, req);
                String outcome = describe(r);
                boolean through = passed(r);
                if (through != allowed) {
                    wrong.add(action.method() + " " + action.pattern() + " as " + caller + ": expected "
                            + (allowed ? "allowed" : "refused") + " but got " + outcome);
                } else if (!allowed && sessions.containsKey(caller) && r.statusCode() != 403 && !errorToast(r)) {
                    wrong.add(action.method() + " " + action.pattern() + " as " + caller + ": refused with " + outcome
                            + " (a signed-in user is told 403)");
                }
            }
        }
        assertThat(wrong).isEmpty();

        // nothing the refused callers aimed at changed
        assertThat(engine.containers().get(pub.id()).state().status().word()).isEqualTo("running");
        assertThat(engine.networks().byId(pubNetwork)).isPresent();
        assertThat(engine.volumes().list()).anyMatch(v -> v.name().equals(pubVolume));
        assertThat(engine.images().find("mx-keep:1")).isPresent();
        assertThat(engine.images().find("mx-refused-mx-tag:1")).isEmpty();
        assertThat(engine.containers().list()).noneMatch(c -> c.name().startsWith("mx-refused"));
        assertThat(engine.networks().list()).noneMatch(n -> n.name().startsWith("mx-refused"));
        assertThat(engine.volumes().list()).noneMatch(v -> v.name().startsWith("mx-refused"));
        assertThat(users.get("mx-viewer").role()).isEqualTo(Role.VIEWER);
        assertThat(users.get("mx-viewer").enabled()).isTrue();
        assertThat(users.verify("mx-viewer", "mx-viewer-password")).isPresent();
        assertThat(users.list()).noneMatch(u -> u.name().startsWith("mx-refused"));
        assertThat(teams.list()).noneMatch(t -> t.name().startsWith("mx-refused"));
        assertThat(teams.get("mx-keep-team").members()).isEmpty();
        assertThat(tokens.find(keptToken)).isPresent();
        assertThat(settings.bindAllowlist()).isEmpty();
    }

    /** The web terminal is an exec: only the owner and admins open one; the others' handshake is refused. */
    @Test
    void theTerminalSocketAgainstEveryKindOfCaller() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            boolean allowed = allowed(Need.OWNER, caller);
            String id = target(allowed, true);
            URI uri = URI.create("ws://127.0.0.1:" + port + "/ui/containers/" + id + "/terminal/ws?cmd=sh&rows=24&cols=80");
            java.net.http.WebSocket.Builder b = sessions.containsKey(caller) ? sessions.get(caller).webSocket()
                    : plain.newWebSocketBuilder();
            if (bearer.containsKey(caller)) {
                b.header("Authorization", "Bearer " + bearer.get(caller));
            }
            int status;
            try {
                java.net.http.WebSocket ws = b.buildAsync(uri, new java.net.http.WebSocket.Listener() { })
                        .get(10, java.util.concurrent.TimeUnit.SECONDS);
                ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done").get(5, java.util.concurrent.TimeUnit.SECONDS);
                status = 101;
            } catch (java.util.concurrent.ExecutionException e) {
                status = e.getCause() instanceof java.net.http.WebSocketHandshakeException h ? h.getResponse().statusCode() : -1;
            }
            boolean refusedRight = sessions.containsKey(caller) ? status == 403 : status == 302 || status == 401 || status == 403;
            if (allowed ? status != 101 : !refusedRight) {
                wrong.add("terminal as " + caller + ": " + status);
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static boolean allowed(Need need, Caller caller) {
        return switch (caller) {
            case ANONYMOUS, ADMIN_TOKEN, READ_ONLY_TOKEN, EXPIRED_TOKEN -> false;   // the dashboard takes sessions only
            case VIEWER -> need == Need.SIGNED_IN;
            case OPERATOR -> need == Need.SIGNED_IN || need == Need.OPERATOR;
            case OWNER -> need != Need.ADMIN;
            case ADMIN -> true;
        };
    }

    /** Through the security checks: not a 401/403, not sent to the login page, and no error toast. */
    private static boolean passed(HttpResponse<?> r) {
        String location = r.headers().firstValue("Location").orElse("");
        return r.statusCode() != 401 && r.statusCode() != 403 && r.statusCode() < 500 && !location.endsWith("/login")
                && !errorToast(r);
    }

    private static boolean errorToast(HttpResponse<?> r) {
        return r.headers().firstValue("HX-Trigger").orElse("").contains("\"level\":\"error\"");
    }

    private static String describe(HttpResponse<?> r) {
        return r.statusCode() + r.headers().firstValue("Location").map(l -> " → " + l).orElse("")
                + r.headers().firstValue("HX-Trigger").map(t -> " " + t).orElse("");
    }

    private HttpResponse<?> send(Caller caller, Req req) throws Exception {
        WebSession s = sessions.get(caller);
        byte[] upload = req.path().startsWith("/ui/images/upload") ? archive : null;
        if (s != null) {
            if (req.method().equals("GET")) {
                return closed(s.stream(req.path()));
            }
            return upload != null ? s.upload(req.path(), upload) : s.htmx(req.path(), req.form());
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + req.path()))
                .timeout(Duration.ofSeconds(20));
        if (bearer.containsKey(caller)) {
            b.header("Authorization", "Bearer " + bearer.get(caller));
        }
        if (req.method().equals("GET")) {
            return closed(plain.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
        }
        b.header("Content-Type", upload != null ? "application/x-tar" : "application/x-www-form-urlencoded")
                .POST(upload != null ? HttpRequest.BodyPublishers.ofByteArray(upload)
                        : HttpRequest.BodyPublishers.ofString(WebSession.formBody(req.form())));
        return plain.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET's status and headers; the body is not read (a live feed, SSE, would not end). */
    private static HttpResponse<InputStream> closed(HttpResponse<InputStream> r) throws IOException {
        r.body().close();
        return r;
    }

}
