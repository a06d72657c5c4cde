package dev.caisson.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caisson.platform.security.Role;
import dev.caisson.platform.security.UserAccounts;
import dev.caisson.testsupport.PlatformDirs;

/** The browser side and the platform API: login form with CSRF, throttling, the session cookie, logout, tokens, OpenAPI. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlatformSecurityIT {
    private static final String BOOT = "plat-it-bootstrap-token-0123456789";
    private static PlatformDirs dirs;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "cplat");
        r.add("caisson.api.token", () -> BOOT);
        r.add("caisson.admin.password", () -> "admin-password-1");
    }

    @AfterAll
    static void clean() throws IOException {
        dirs.delete();
    }

    @LocalServerPort
    int port;
    @Autowired
    UserAccounts users;
    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    dev.caisson.platform.security.AuditLog auditLog;

    /** A browser: its own cookies, no redirects followed. */
    private final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> form(String path, String... kv) throws Exception {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < kv.length; i += 2) {
                b.append(b.length() == 0 ? "" : "&").append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
            }
            return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(b.toString())).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> json(String method, String path, String json, String csrf) throws Exception {
            HttpRequest.Builder r = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
            if (csrf != null) {
                r.header("X-CSRF-TOKEN", csrf);
            }
            return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** The CSRF token of the login page's form. */
        String loginCsrf() throws Exception {
            return csrf(get("/login").body());
        }

        HttpResponse<String> login(String user, String password) throws Exception {
            return form("/login", "username", user, "password", password, "_csrf", loginCsrf());
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a CSRF field in " + html).isTrue();
        return m.group(1);
    }

    @Test
    void loginNeedsTheFormsCsrfTokenAndGivesAnHttpOnlySameSiteSessionThatLogoutEnds() throws Exception {
        users.create("alice", Role.OPERATOR, "alice-password");
        Browser b = new Browser();
        HttpResponse<String> home = b.get("/");
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        HttpResponse<String> page = b.get("/login");
        assertThat(page.statusCode()).isEqualTo(200);
        java.util.List<String> cookies = new java.util.ArrayList<>(home.headers().allValues("Set-Cookie"));
        cookies.addAll(page.headers().allValues("Set-Cookie"));
        assertThat(cookies).anySatisfy(c -> assertThat(c)
                .startsWith("CAISSON_SESSION=").contains("HttpOnly").contains("SameSite=Lax"));
        // without the form's token the login is refused before the password is looked at
        HttpResponse<String> forged = b.form("/login", "username", "alice", "password", "alice-password");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(b.get("/").statusCode()).isEqualTo(302);
        HttpResponse<String> ok = b.login("alice", "alice-password");
        assertThat(ok.statusCode()).isEqualTo(302);
        assertThat(ok.headers().firstValue("Location").orElseThrow()).endsWith("/?continue");   // the saved request
        assertThat(b.get("/").headers().firstValue("Location").orElse("")).as("the root leads to the dashboard").endsWith("/ui/containers");
        HttpResponse<String> signedIn = b.get("/ui/containers");
        assertThat(signedIn.body()).contains(">alice (OPERATOR)</a>");
        assertThat(b.get("/api/me").body()).contains("\"name\":\"alice\"", "\"via\":\"SESSION\"");
        // the session's API calls need the CSRF token too (a token-less request would be a forgery)
        String csrf = csrf(signedIn.body());
        assertThat(b.json("POST", "/api/me/tokens", "{\"name\":\"cli\"}", null).statusCode()).isEqualTo(403);
        HttpResponse<String> made = b.json("POST", "/api/me/tokens", "{\"name\":\"cli\",\"expiresInDays\":30}", csrf);
        assertThat(made.statusCode()).isEqualTo(201);
        assertThat(made.body()).contains("\"secret\":\"csn_");
        // logout is a POST with the token; afterwards the session is gone
        assertThat(b.form("/logout").statusCode()).isEqualTo(403);
        HttpResponse<String> out = b.form("/logout", "_csrf", csrf);
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/login?logout");
        assertThat(b.get("/").statusCode()).isEqualTo(302);
        assertThat(b.get("/api/me").statusCode()).isEqualTo(401);
        auditLog.flush();   // rows are written in the background
        assertThat(jdbc.queryForList("SELECT action || ' ' || status FROM audit_log WHERE actor = 'alice' ORDER BY id", String.class))
                .containsSubsequence("login 200", "api.post:/api/me/tokens 201", "logout 302");
    }

    @Test
    void repeatedFailedLoginsAreThrottledEvenWithTheRightPasswordAfterwards() throws Exception {
        users.create("bob", Role.VIEWER, "bob-password");
        Browser b = new Browser();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = b.login("bob", "wrong-" + i);
            assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        }
        HttpResponse<String> locked = b.login("bob", "bob-password");
        assertThat(locked.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        assertThat(b.get("/login?error").body()).contains("Too many failed logins: try again in");
        assertThat(b.get("/").statusCode()).isEqualTo(302);
        auditLog.flush();   // rows are written in the background
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND target = 'bob' AND status = 429",
                Integer.class)).isEqualTo(1);
        // another user from the same address is not locked out by bob's failures
        users.create("carol", Role.VIEWER, "carol-password");
        assertThat(new Browser().login("carol", "carol-password").headers().firstValue("Location").orElseThrow()).endsWith("/");
    }

    @Test
    void thePlatformApiWithTokensRolesAndScopes() throws Exception {
        TcpClient tcp = TcpClient.on(port);
        assertThat(tcp.call(null, "GET", "/api/me", null).status()).isEqualTo(401);
        TcpClient.Answer dave = tcp.call(BOOT, "POST", "/api/users", "{\"name\":\"dave\",\"role\":\"OPERATOR\",\"password\":\"dave-password\"}");
        assertThat(dave.status()).as(dave.body()).isEqualTo(201);
        assertThat(dave.body()).doesNotContain("password\":\"", "$2a$");
        assertThat(tcp.call(BOOT, "POST", "/api/users", "{\"name\":\"eve\",\"role\":\"GOD\",\"password\":\"eve-password\"}").body())
                .contains("unknown role");
        long daveId = users.get("dave").id();
        String daveToken = tcp.call(BOOT, "GET", "/api/me", null).status() == 200 ? issue(tcp, daveId, "FULL") : null;
        String daveRead = issue(tcp, daveId, "READ_ONLY");
        assertThat(tcp.call(daveToken, "GET", "/api/users", null).status()).isEqualTo(403);
        assertThat(tcp.call(daveToken, "GET", "/api/me/tokens", null).body()).contains("\"name\":\"t-FULL\"").doesNotContain("csn_");
        // a read-only token reads, and can neither change anything nor mint a stronger token
        assertThat(tcp.call(daveRead, "GET", "/api/me", null).body()).contains("\"scope\":\"READ_ONLY\"");
        assertThat(tcp.call(daveRead, "POST", "/api/me/tokens", "{\"name\":\"escalate\"}").status()).isEqualTo(403);
        // an admin's read-only token reads the audit log but changes no user
        long adminId = users.admin().id();
        String adminRead = issue(tcp, adminId, "READ_ONLY");
        assertThat(tcp.call(adminRead, "GET", "/api/audit", null).status()).isEqualTo(200);
        assertThat(tcp.call(adminRead, "DELETE", "/api/users/dave", null).status()).isEqualTo(403);
        // disabling a user stops their tokens at once
        assertThat(tcp.call(BOOT, "PATCH", "/api/users/dave", "{\"enabled\":false}").status()).isEqualTo(200);
        assertThat(tcp.call(daveToken, "GET", "/api/me", null).status()).isEqualTo(401);
        assertThat(tcp.call(daveToken, "GET", "/v1.41/version", null).status()).isEqualTo(401);
        // revoking
        TcpClient.Answer all = tcp.call(BOOT, "GET", "/api/tokens", null);
        assertThat(all.body()).contains("\"user\":\"admin\",\"name\":\"bootstrap\"");
        // the OpenAPI description of /api
        TcpClient.Answer api = tcp.call(null, "GET", "/api/openapi.json", null);
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.body()).contains("\"openapi\":\"3.", "/api/users", "/api/me/tokens", "/api/audit/export.csv", "/api/settings")
                .doesNotContain("/containers/json");
    }

    /** Issues a token for a user through the service (the platform API would need their session or token). */
    @Autowired
    dev.caisson.platform.security.ApiTokens tokens;

    private String issue(TcpClient tcp, long userId, String scope) {
        return tokens.create(userId, "t-" + scope, dev.caisson.platform.security.TokenScope.valueOf(scope), null).secret();
    }
}
