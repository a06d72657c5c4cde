package dev.caisson.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's session with the dashboard over real HTTP: the login form (with its CSRF token),
 * the session cookie, and the CSRF header htmx sends with every change (read from the page's
 * meta tag, as caisson.js does).
 */
public final class WebSession {
    private static final Pattern FORM_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern META_CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");

    private final int port;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private String csrf;

    public WebSession(int port) {
        this.port = port;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Logs in through the form; fails the test if the form does not accept the user. */
    public WebSession login(String user, String password) throws Exception {
        assertThat(tryLogin(user, password)).as("logged in as " + user).isTrue();
        Matcher page = META_CSRF.matcher(get("/ui/containers").body());
        assertThat(page.find()).as("pages carry the CSRF token for htmx").isTrue();
        csrf = page.group(1);
        return this;
    }

    /** Sends the login form; whether it accepted the user (a refusal leads back to /login?error). */
    public boolean tryLogin(String user, String password) throws Exception {
        Matcher m = FORM_CSRF.matcher(get("/login").body());
        assertThat(m.find()).as("the login form has a CSRF field").isTrue();
        HttpResponse<String> r = form("/login", "username", user, "password", password, "_csrf", m.group(1));
        return r.statusCode() == 302 && !r.headers().firstValue("Location").orElse("").contains("error");
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<InputStream> stream(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    /** A form post as the browser sends it (no CSRF header: the form carries its token or is refused). */
    public HttpResponse<String> form(String path, String... kv) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(formBody(kv))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An htmx request: HX-Request and the page's CSRF token in the header. */
    public HttpResponse<String> htmx(String path, String... kv) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("HX-Request", "true").header("X-CSRF-TOKEN", csrf).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(formBody(kv))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A form post with the page's CSRF token added. */
    public HttpResponse<String> submit(String path, String... kv) throws Exception {
        String[] all = java.util.Arrays.copyOf(kv, kv.length + 2);
        all[kv.length] = "_csrf";
        all[kv.length + 1] = csrf;
        return form(path, all);
    }

    /** A file sent as the request body with the page's CSRF header, as the images page's upload sends it. */
    public HttpResponse<String> upload(String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-tar")
                .header("X-CSRF-TOKEN", csrf).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public WebSocket.Builder webSocket() {
        return http.newWebSocketBuilder();
    }

    /** name=value pairs as a form body (application/x-www-form-urlencoded). */
    public static String formBody(String... kv) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            b.append(b.length() == 0 ? "" : "&").append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }
}
