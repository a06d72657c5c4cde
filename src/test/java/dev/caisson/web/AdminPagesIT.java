package dev.caisson.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.caisson.platform.security.ApiTokens;
import dev.caisson.platform.security.AuditLog;
import dev.caisson.platform.security.Role;
import dev.caisson.platform.security.Settings;
import dev.caisson.platform.security.Teams;
import dev.caisson.platform.security.TokenScope;
import dev.caisson.platform.security.UserAccounts;
import dev.caisson.testsupport.Browser;
import dev.caisson.testsupport.PlatformDirs;
import dev.caisson.testsupport.WebSession;

/**
 * The administration pages (users, teams, everyone's tokens, settings, the audit log) and the
 * account page, over real HTTP as a browser drives them: admin, operator and viewer sessions,
 * form posts with their CSRF token, and the tokens made on the account page used as
 * `Authorization: Bearer` on the platform and Engine APIs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdminPagesIT {
    private static final String ADMIN_PASSWORD = "admin-pages-admin-pw";
    private static final Pattern SECRET = Pattern.compile("csn_[A-Za-z0-9_-]{43}");
    private static PlatformDirs dirs;

    @LocalServerPort
    int port;
    @Autowired
    UserAccounts users;
    @Autowired
    Teams teams;
    @Autowired
    ApiTokens tokens;
    @Autowired
    AuditLog audit;
    @Autowired
    Settings settings;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private WebSession admin;
    private final HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "cadmin");
        r.add("caisson.admin.password", () -> ADMIN_PASSWORD);
    }

    @AfterAll
    static void clean() throws IOException {
        dirs.delete();
    }

    @BeforeEach
    void signIn() throws Exception {
        admin = new WebSession(port).login("admin", ADMIN_PASSWORD);
    }

    /** Every test's users and teams are named "ap-..."; the audit rows stay (append-only), in this test's own data dir. */
    @AfterEach
    void removeUsersAndTeams() {
        teams.list().stream().filter(t -> t.name().startsWith("ap-")).forEach(t -> teams.delete(t.name()));
        users.list().stream().filter(u -> u.name().startsWith("ap-")).forEach(u -> users.delete(u.id()));
        settings.setBindAllowlist(List.of());
    }

    private WebSession as(String name, Role role) throws Exception {
        users.create(name, role, name + "-password");
        return new WebSession(port).login(name, name + "-password");
    }

    @Test
    void anAdminCreatesAUserThroughTheFormAndThatUserSignsIn() throws Exception {
        HttpResponse<String> bad = admin.submit("/ui/admin/users", "name", "Bad Name", "role", "VIEWER", "password", "short");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.headers().firstValue("HX-Replace-Url")).contains("/ui/admin/users");
        assertThat(bad.body()).contains("id=\"nu-name-error\"", "invalid user name &#39;Bad Name&#39;")
                .contains("id=\"nu-password-error\"", "password too short: at least 8 characters")
                .contains("value=\"Bad Name\"").doesNotContain("value=\"short\"");
        assertThat(users.find("Bad Name")).isEmpty();

        String page = followed(admin, admin.submit("/ui/admin/users", "name", "ap-alice", "role", "VIEWER", "password", "alice-password"));
        assertThat(page).contains("Created user ap-alice (VIEWER)", "<strong>ap-alice</strong>");
        assertThat(admin.get("/ui/admin/users").body()).as("the message is shown once").doesNotContain("Created user ap-alice");
        assertThat(users.get("ap-alice").role()).isEqualTo(Role.VIEWER);

        HttpResponse<String> again = admin.submit("/ui/admin/users", "name", "ap-alice", "role", "OPERATOR", "password", "other-password");
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(again.body()).contains("user ap-alice already exists");

        WebSession alice = new WebSession(port).login("ap-alice", "alice-password");
        assertThat(alice.get("/ui/account").body()).contains("<strong>ap-alice</strong>", "VIEWER");
        assertThat(audit.query(new AuditLog.Query("admin", "user.create", "ap-alice", null, null, 302, null, 10))).hasSize(1);
    }

    @Test
    void roleChangesDisablingAndRemovalTakeEffectAtTheUsersNextRequest() throws Exception {
        WebSession bob = as("ap-bob", Role.OPERATOR);
        assertThat(bob.get("/ui/containers/new").statusCode()).isEqualTo(200);

        assertThat(followed(admin, admin.submit("/ui/admin/users/role", "name", "ap-bob", "role", "VIEWER")))
                .contains("ap-bob is now VIEWER");
        assertThat(bob.get("/ui/containers/new").statusCode()).as("a viewer runs nothing").isEqualTo(403);

        followed(admin, admin.submit("/ui/admin/users/role", "name", "ap-bob", "role", "ADMIN"));
        assertThat(bob.get("/ui/admin/users").statusCode()).isEqualTo(200);

        assertThat(admin.submit("/ui/admin/users/password", "name", "ap-bob", "password", "short").statusCode()).isEqualTo(400);
        followed(admin, admin.submit("/ui/admin/users/password", "name", "ap-bob", "password", "bob-new-password"));
        assertThat(new WebSession(port).tryLogin("ap-bob", "ap-bob-password")).isFalse();

        String disabled = followed(admin, admin.submit("/ui/admin/users/enabled", "name", "ap-bob", "enabled", "false"));
        assertThat(bob.get("/ui/containers").headers().firstValue("Location").orElse("")).as("signed out at once").endsWith("/login");
        assertThat(new WebSession(port).tryLogin("ap-bob", "bob-new-password")).isFalse();
        assertThat(disabled).contains("Disabled ap-bob", "badge exited");
        followed(admin, admin.submit("/ui/admin/users/enabled", "name", "ap-bob", "enabled", "true"));
        assertThat(new WebSession(port).tryLogin("ap-bob", "bob-new-password")).isTrue();

        followed(admin, admin.submit("/ui/admin/users/delete", "name", "ap-bob"));
        assertThat(users.find("ap-bob")).isEmpty();
        assertThat(admin.submit("/ui/admin/users/delete", "name", "ap-bob").statusCode()).isEqualTo(404);
    }

    @Test
    void theLastAdminAndOneselfCannotBeDemotedDisabledOrRemoved() throws Exception {
        // the bootstrap admin is the only admin: it keeps its role, stays enabled and stays
        for (String[] post : List.of(new String[] {"/ui/admin/users/role", "role", "VIEWER"},
                new String[] {"/ui/admin/users/enabled", "enabled", "false"}, new String[] {"/ui/admin/users/delete"})) {
            HttpResponse<String> r = post.length == 1 ? admin.submit(post[0], "name", "admin")
                    : admin.submit(post[0], "name", "admin", post[1], post[2]);
            assertThat(r.statusCode()).as(post[0]).isEqualTo(409);
            assertThat(r.body()).contains("class=\"error\"").containsAnyOf("the bootstrap admin keeps its role and cannot be disabled",
                    "you cannot change your own role", "you cannot remove yourself");
        }
        assertThat(users.admin().role()).isEqualTo(Role.ADMIN);
        assertThat(users.admin().enabled()).isTrue();

        // another admin cannot lock themselves out either, on the page and through the platform API
        WebSession carol = as("ap-carol", Role.ADMIN);
        HttpResponse<String> demote = carol.submit("/ui/admin/users/role", "name", "ap-carol", "role", "OPERATOR");
        assertThat(demote.statusCode()).isEqualTo(409);
        assertThat(demote.body()).contains("you cannot change your own role or disable yourself: ask another admin");
        assertThat(carol.submit("/ui/admin/users/enabled", "name", "ap-carol", "enabled", "false").statusCode()).isEqualTo(409);
        HttpResponse<String> remove = carol.submit("/ui/admin/users/delete", "name", "ap-carol");
        assertThat(remove.statusCode()).isEqualTo(409);
        assertThat(remove.body()).contains("you cannot remove yourself: ask another admin");
        String token = tokens.create(users.get("ap-carol").id(), "ap-api", TokenScope.FULL, null).secret();
        assertThat(bearer(token, "PATCH", "/api/users/ap-carol", "{\"role\":\"VIEWER\"}").statusCode()).isEqualTo(409);
        assertThat(bearer(token, "DELETE", "/api/users/ap-carol", null).statusCode()).isEqualTo(409);
        assertThat(users.get("ap-carol").role()).isEqualTo(Role.ADMIN);
        assertThat(users.get("ap-carol").enabled()).isTrue();
        // nor demote the bootstrap admin; the page shows no such buttons for oneself and the bootstrap admin
        HttpResponse<String> bootstrap = carol.submit("/ui/admin/users/role", "name", "admin", "role", "OPERATOR");
        assertThat(bootstrap.statusCode()).isEqualTo(409);
        assertThat(bootstrap.body()).contains("the bootstrap admin keeps its role and cannot be disabled");
        assertThat(carol.submit("/ui/admin/users/delete", "name", "admin").body()).contains("the bootstrap admin cannot be removed");
        assertThat(carol.get("/ui/admin/users").body()).contains("ap-carol</strong> <span class=\"badge\">you</span>")
                .doesNotContain("Remove user ap-carol?", "Remove user admin?");
    }

    @Test
    void operatorsAndViewersAreRefusedEveryAdministrationRouteGetAndPost() throws Exception {
        Set<String> routes = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, ?> e : mappings.getHandlerMethods().entrySet()) {
            for (String p : e.getKey().getPatternValues()) {
                if (p.startsWith("/ui/admin")) {
                    e.getKey().getMethodsCondition().getMethods().forEach(m -> routes.add(m.name() + " " + p));
                }
            }
        }
        assertThat(routes).contains("GET /ui/admin/users", "POST /ui/admin/users", "GET /ui/admin/teams", "GET /ui/admin/tokens",
                "GET /ui/admin/settings", "POST /ui/admin/settings", "GET /ui/admin/audit", "GET /ui/admin/audit/export.csv");
        String victim = "ap-victim";
        long victimId = users.create(victim, Role.OPERATOR, "victim-password").id();
        long tokenId = tokens.create(victimId, "ap-kept", TokenScope.FULL, null).token().id();
        teams.create("ap-team");
        List<String> wrong = new ArrayList<>();
        for (Role role : List.of(Role.OPERATOR, Role.VIEWER)) {
            WebSession s = as("ap-" + role.name().toLowerCase(), role);
            for (String route : routes) {
                String path = route.substring(route.indexOf(' ') + 1);
                HttpResponse<String> r = route.startsWith("GET") ? s.get(path)
                        : s.submit(path, "name", victim, "role", "ADMIN", "password", "x-password-x", "enabled", "false",
                        "team", "ap-team", "user", victim, "id", Long.toString(tokenId), "bindAllowlist", "/");
                if (r.statusCode() != 403 || !r.body().contains("permission denied")) {
                    wrong.add(role + " " + route + ": " + r.statusCode());
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(users.get(victim).role()).isEqualTo(Role.OPERATOR);
        assertThat(users.get(victim).enabled()).isTrue();
        assertThat(users.verify(victim, "victim-password")).isPresent();
        assertThat(tokens.find(tokenId)).isPresent();
        assertThat(teams.get("ap-team").members()).isEmpty();
        assertThat(settings.bindAllowlist()).isEmpty();
        assertThat(audit.query(new AuditLog.Query("ap-viewer", "ui.post:/ui/admin/*", null, null, null, 403, null, 100)))
                .as("the refused posts are in the audit log").isNotEmpty()
                .allSatisfy(e -> assertThat(e.detail()).isEqualTo("permission denied: this page is for admins"));
        // and the header shows them no administration links
        assertThat(as("ap-other", Role.OPERATOR).get("/ui/containers").body()).doesNotContain("/ui/admin/");
    }

    @Test
    void teamsTokensAndSettingsPages() throws Exception {
        users.create("ap-dan", Role.OPERATOR, "dan-password");
        followed(admin, admin.submit("/ui/admin/teams", "name", "ap-devs"));
        followed(admin, admin.submit("/ui/admin/teams/members", "team", "ap-devs", "user", "ap-dan"));
        assertThat(teams.get("ap-devs").members()).containsExactly("ap-dan");
        assertThat(admin.get("/ui/admin/users").body()).contains("<td>ap-devs</td>");
        assertThat(admin.submit("/ui/admin/teams/members", "team", "ap-devs", "user", "nobody").statusCode()).isEqualTo(404);
        assertThat(admin.submit("/ui/admin/teams", "name", "ap-devs").statusCode()).isEqualTo(409);
        assertThat(admin.get("/ui/admin/teams").body()).contains("Remove ap-dan from ap-devs");
        followed(admin, admin.submit("/ui/admin/teams/members/remove", "team", "ap-devs", "user", "ap-dan"));
        assertThat(teams.get("ap-devs").members()).isEmpty();
        followed(admin, admin.submit("/ui/admin/teams/delete", "team", "ap-devs"));
        assertThat(teams.find("ap-devs")).isEmpty();

        String secret = tokens.create(users.get("ap-dan").id(), "ap-ci", TokenScope.READ_ONLY, null).secret();
        long id = tokens.list(users.get("ap-dan").id()).get(0).id();
        assertThat(bearer(secret, "GET", "/api/me", null).statusCode()).isEqualTo(200);
        String list = admin.get("/ui/admin/tokens?user=ap-dan").body();
        assertThat(list).contains("ap-ci", "read-only", "Showing the tokens of").doesNotContain(secret);
        assertThat(followed(admin, admin.submit("/ui/admin/tokens/revoke", "id", Long.toString(id))))
                .contains("Revoked token ap-dan/ap-ci");
        assertThat(bearer(secret, "GET", "/api/me", null).statusCode()).isEqualTo(401);

        HttpResponse<String> bad = admin.submit("/ui/admin/settings", "bindAllowlist", "/srv/ok\nrelative/path");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("bind allowlist entries must be absolute host paths: &#39;relative/path&#39;")
                .contains("/srv/ok\nrelative/path</textarea>");
        assertThat(settings.bindAllowlist()).isEmpty();
        assertThat(followed(admin, admin.submit("/ui/admin/settings", "bindAllowlist", "/srv/shared\n\n/srv/a/../b\n/srv/shared")))
                .contains("Saved: non-admins may bind-mount under /srv/shared, /srv/b", "/srv/shared\n/srv/b</textarea>");
        assertThat(settings.bindAllowlist()).containsExactly("/srv/shared", "/srv/b");
    }

    @Test
    void theAuditPageFiltersAndPagesAndItsCsvHasTheSameRows() throws Exception {
        // other tests of this class also create users: this one looks at its own time only
        String since = "&since=" + java.time.Instant.now().minusMillis(1);
        // a refused create whose target has a comma and a quote
        assertThat(admin.submit("/ui/admin/users", "name", "ap,\"odd", "role", "VIEWER", "password", "odd-password").statusCode())
                .isEqualTo(422);
        followed(admin, admin.submit("/ui/admin/users", "name", "ap-erin", "role", "VIEWER", "password", "erin-password"));

        String page = admin.get("/ui/admin/audit?user=admin&action=user.create" + since).body();
        assertThat(page).contains(">ap,&quot;odd<", ">ap-erin<").doesNotContain(">login<");
        assertThat(admin.get("/ui/admin/audit?user=admin&action=user.create&outcome=SUCCESS" + since).body())
                .contains(">ap-erin<").doesNotContain(">ap,&quot;odd<");
        assertThat(admin.get("/ui/admin/audit?action=user.create&outcome=FAILED&target=odd").body())
                .contains(">ap,&quot;odd<").doesNotContain(">ap-erin<");
        assertThat(admin.get("/ui/admin/audit?user=nobody").body()).contains("No entries match.");
        assertThat(admin.get("/ui/admin/audit?action=user.create&until=2000-01-01T00:00").body()).contains("No entries match.");
        assertThat(admin.get("/ui/admin/audit?action=user.create&since=2000-01-01T00:00:00").body()).contains(">ap-erin<");
        HttpResponse<String> badTime = admin.get("/ui/admin/audit?since=yesterday");
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(badTime.body()).contains("since: not a time");

        HttpResponse<String> csv = admin.get("/ui/admin/audit/export.csv?user=admin&action=user.create" + since);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment; filename=\"caisson-audit-");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("id,time,actor,token,via,source,action,method,path,target,status,detail");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).contains(",admin,,session,127.0.0.1,user.create,POST,/ui/admin/users,\"ap,\"\"odd\",422,");
        assertThat(lines[2]).contains(",user.create,POST,/ui/admin/users,ap-erin,302,");
        assertThat(admin.get("/ui/admin/audit/export.csv?user=admin&action=user.create&outcome=SUCCESS" + since).body().split("\r\n"))
                .hasSize(2);

        // 100 a page, newest first; the older page follows on
        for (int i = 0; i < 105; i++) {
            audit.record(null, "test", "ap.paging", "POST", "/x", "row-" + i, 200, null);
        }
        String first = admin.get("/ui/admin/audit?action=ap.paging").body();
        assertThat(count(first, "<td class=\"mono cut\"")).isEqualTo(100);
        assertThat(first).contains(">row-104<", ">row-5<").doesNotContain(">row-4<");
        Matcher older = Pattern.compile("href=\"([^\"]+)\">Older entries").matcher(first);
        assertThat(older.find()).isTrue();
        String second = admin.get(older.group(1).replace("&amp;", "&")).body();
        assertThat(count(second, "<td class=\"mono cut\"")).isEqualTo(5);
        assertThat(second).contains(">row-4<", ">row-0<", "Newest entries").doesNotContain("Older entries");
        assertThat(count(first, "method=\"post\"")).as("append-only: no form but the header's sign-out").isEqualTo(1);
    }

    @Test
    void theAccountPageChangesMyPasswordAndMakesAndRevokesMyTokens() throws Exception {
        WebSession vera = as("ap-vera", Role.VIEWER);
        HttpResponse<String> wrong = vera.submit("/ui/account/password", "currentPassword", "not-my-password",
                "newPassword", "vera-new-password", "confirmPassword", "vera-new-password");
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(wrong.body()).contains("id=\"current-password-error\"", "the current password is wrong");
        assertThat(vera.submit("/ui/account/password", "currentPassword", "ap-vera-password", "newPassword", "vera-new-password",
                "confirmPassword", "something-else").body()).contains("the two new passwords differ");
        assertThat(vera.submit("/ui/account/password", "currentPassword", "ap-vera-password", "newPassword", "short",
                "confirmPassword", "short").body()).contains("password too short: at least 8 characters");
        assertThat(new WebSession(port).tryLogin("ap-vera", "vera-new-password")).isFalse();
        HttpResponse<String> changed = vera.submit("/ui/account/password", "currentPassword", "ap-vera-password",
                "newPassword", "vera-new-password", "confirmPassword", "vera-new-password");
        assertThat(followed(vera, changed)).contains("Password changed");
        assertThat(new WebSession(port).tryLogin("ap-vera", "ap-vera-password")).isFalse();
        WebSession again = new WebSession(port).login("ap-vera", "vera-new-password");

        HttpResponse<String> badToken = again.submit("/ui/account/tokens", "name", "bad name", "expiresInDays", "0", "scope", "FULL");
        assertThat(badToken.statusCode()).isEqualTo(422);
        assertThat(badToken.body()).contains("id=\"token-name-error\"", "invalid token name")
                .contains("id=\"token-days-error\"", "the expiry in days must be between 1 and 3650");

        HttpResponse<String> made = again.submit("/ui/account/tokens", "name", "laptop", "expiresInDays", "30", "scope", "FULL");
        assertThat(made.statusCode()).isEqualTo(200);
        assertThat(made.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        Matcher m = SECRET.matcher(made.body());
        assertThat(m.find()).isTrue();
        String secret = m.group();
        assertThat(made.body()).contains("shown only this once", "hx-history=\"false\"", "data-copy=\"#new-secret\"")
                .contains("{&quot;HttpHeaders&quot;: {&quot;Authorization&quot;: &quot;Bearer " + secret + "&quot;}}")
                .contains("docker -H tcp://127.0.0.1:" + port + " ps");
        String later = again.get("/ui/account").body();
        assertThat(later).contains(">laptop<").doesNotContain(secret).doesNotContain("csn_");

        HttpResponse<String> me = bearer(secret, "GET", "/api/me", null);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"name\":\"ap-vera\"", "\"role\":\"VIEWER\"", "\"scope\":\"FULL\"");
        assertThat(bearer(secret, "GET", "/v1.41/containers/json", null).statusCode()).isEqualTo(200);
        HttpResponse<String> create = bearer(secret, "POST", "/v1.41/containers/create", "{\"Image\":\"bb:latest\"}");
        assertThat(create.statusCode()).as("a viewer's full-scope token still acts as a viewer").isEqualTo(403);

        long id = tokens.list(users.get("ap-vera").id()).get(0).id();
        WebSession other = as("ap-walt", Role.OPERATOR);
        assertThat(other.submit("/ui/account/tokens/revoke", "id", Long.toString(id)).statusCode())
                .as("only one's own tokens").isEqualTo(404);
        assertThat(followed(again, again.submit("/ui/account/tokens/revoke", "id", Long.toString(id))))
                .contains("Revoked token laptop", "No API tokens yet.");
        assertThat(bearer(secret, "GET", "/api/me", null).statusCode()).isEqualTo(401);
        assertThat(bearer(secret, "GET", "/v1.41/containers/json", null).statusCode()).isEqualTo(401);
    }

    /**
     * The pages in Debian's headless Chromium, as a keyboard user drives them (hx-boost swaps,
     * redirects with their message, the secret shown once), with screenshots in
     * target/screenshots and no errors in the console.
     */
    @Test
    void inChromiumAnAdminMakesAUserFindsItInTheAuditLogAndMakesAToken() throws Exception {
        try (Browser browser = Browser.start(port)) {
            browser.login("admin", ADMIN_PASSWORD);
            browser.find("header nav a[href='/ui/admin/users']").click();
            browser.await("the users page", 10, d -> d.getTitle().startsWith("Users"));
            browser.find("#nu-name").sendKeys("ap-zoe");
            new org.openqa.selenium.support.ui.Select(browser.find("#nu-role")).selectByValue("VIEWER");
            browser.find("#nu-password").sendKeys("zoe-password", org.openqa.selenium.Keys.ENTER);
            browser.await("the new user's message", 10, d -> browser.find("main").getText().contains("Created user ap-zoe (VIEWER)"));
            assertThat(browser.url()).endsWith("/ui/admin/users");
            browser.screenshot("admin-01-users");

            browser.find("nav.tabs a[href='/ui/admin/teams']").click();
            browser.await("the teams page", 10, d -> d.getTitle().startsWith("Teams"));
            browser.find("input[name=name]").sendKeys("ap-browsers", org.openqa.selenium.Keys.ENTER);
            browser.await("the new team", 10, d -> browser.find("main").getText().contains("Created team ap-browsers"));
            browser.find("input[name=user]").sendKeys("ap-zoe", org.openqa.selenium.Keys.ENTER);
            browser.await("the new member", 10, d -> browser.find("main").getText().contains("Added ap-zoe to ap-browsers"));
            browser.screenshot("admin-02-teams");

            browser.find("header nav a[href='/ui/admin/audit']").click();
            browser.await("the audit page", 10, d -> d.getTitle().startsWith("Audit log"));
            browser.find("input[name=action]").sendKeys("user.create");
            browser.find("input[name=target]").sendKeys("ap-zoe", org.openqa.selenium.Keys.ENTER);   // other tests make users too
            browser.await("the filtered log", 10, d -> browser.url().contains("action=user.create"));
            assertThat(browser.all("table.grid tbody tr")).hasSize(1);
            assertThat(browser.find("table.grid tbody").getText()).contains("ap-zoe", "302");
            assertThat(browser.find("a[href^='/ui/admin/audit/export.csv']").getAttribute("href")).contains("action=user.create");
            browser.screenshot("admin-03-audit");

            browser.find("header .me a").click();
            browser.await("the account page", 10, d -> d.getTitle().startsWith("My account"));
            browser.find("#token-name").sendKeys("ap-browser");
            new org.openqa.selenium.support.ui.Select(browser.find("#token-scope")).selectByValue("READ_ONLY");
            browser.find("#token-name").submit();
            browser.await("the new token's secret", 10, d -> !browser.all("#new-secret").isEmpty());
            String secret = browser.find("#new-secret").getAttribute("value");
            assertThat(secret).matches(SECRET);
            assertThat(browser.url()).endsWith("/ui/account");
            browser.screenshot("account-01-token");
            assertThat(bearer(secret, "GET", "/api/me", null).body()).contains("\"scope\":\"READ_ONLY\"");
            browser.open("/ui/account");
            assertThat(browser.all("#new-secret")).as("shown once").isEmpty();
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    /** A change answered with a redirect to its page, followed as the browser does; the page's body. */
    private static String followed(WebSession s, HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        String location = URI.create(r.headers().firstValue("Location").orElseThrow()).getPath();
        return s.get(location).body();
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }

    private HttpResponse<String> bearer(String token, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return plain.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
