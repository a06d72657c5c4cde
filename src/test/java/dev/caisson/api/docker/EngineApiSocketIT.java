package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caisson.testsupport.PlatformDirs;
import dev.caisson.testsupport.TestHost;
import dev.caisson.testsupport.UnixHttp;

/** The Engine API endpoint: the unix socket serves it, TCP refuses it without credentials. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EngineApiSocketIT {
    private static PlatformDirs dirs;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "capi");
        r.add("caisson.api.token", () -> TOKEN);
    }

    @AfterAll
    static void clean() throws IOException {
        dirs.delete();
    }

    @org.springframework.beans.factory.annotation.Autowired
    dev.caisson.engine.Engine engine;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    private static String overSocket(String method, String path) throws IOException {
        return overSocket(method, path, null);
    }

    private static String overSocket(String method, String path, String json) throws IOException {
        return UnixHttp.exchange(dirs.socket(), method, path, json);
    }

    @Test
    void socketIsGroupOnlyAndPingNegotiates() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dirs.socket()))).isEqualTo("rw-rw----");
        String ping = overSocket("GET", "/_ping");
        assertThat(ping).startsWith("HTTP/1.1 200").contains("Api-Version: 1.41").contains("OSType: linux").endsWith("OK");
        assertThat(overSocket("HEAD", "/v1.41/_ping")).startsWith("HTTP/1.1 200").contains("Api-Version: 1.41");
    }

    @Test
    void versionAndInfoDescribeThisHost() throws IOException {
        assertThat(overSocket("GET", "/v1.41/version")).contains("\"ApiVersion\":\"1.41\"").contains("\"MinAPIVersion\":\"1.24\"");
        String info = overSocket("GET", "/info");
        assertThat(info).contains("\"CgroupDriver\":\"cgroupfs\"").contains("\"Containers\":0")
                .contains("\"NCPU\":" + Runtime.getRuntime().availableProcessors()).contains("\"Driver\":\"overlay2\"");
    }

    @Test
    void dockersErrorsForVersionsAndUnknownRoutes() throws IOException {
        assertThat(overSocket("GET", "/v1.12/version")).startsWith("HTTP/1.1 400")
                .contains("{\"message\":\"client version 1.12 is too old. Minimum supported API version is 1.24");
        assertThat(overSocket("GET", "/v1.41/no/such/route")).startsWith("HTTP/1.1 404").contains("{\"message\":\"page not found\"}");
    }

    static final String TOKEN = "test-bootstrap-token-0123456789";

    @Test
    void tcpWithTheBootstrapTokenIsServedAndTheDockerCliCanSendIt() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1.41/version"))
                        .header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"ApiVersion\":\"1.41\"");
        HttpResponse<String> wrong = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1.41/version"))
                        .header("Authorization", "Bearer " + TOKEN + "x").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("{\"message\":\"invalid API token (unknown, revoked or expired)\"}\n");
        // only the hash is stored: the bootstrap token is admin's token "bootstrap" in the database
        assertThat(jdbc.queryForList("SELECT t.name || ' ' || u.name || ' ' || t.sha256 FROM api_tokens t JOIN users u ON u.id = t.user_id",
                String.class)).singleElement().asString().startsWith("bootstrap admin ").doesNotContain(TOKEN);
        // the docker CLI sends it from config.json's HttpHeaders (documented in the README)
        Path config = dirs.root().resolve("tcp-docker-config");
        Files.createDirectories(config);
        Files.writeString(config.resolve("config.json"), "{\"HttpHeaders\":{\"Authorization\":\"Bearer " + TOKEN + "\"}}");
        ProcessBuilder pb = new ProcessBuilder("docker", "-H", "tcp://127.0.0.1:" + port, "version", "--format",
                "{{.Server.APIVersion}}");
        pb.environment().put("DOCKER_CONFIG", config.toString());
        pb.environment().remove("DOCKER_HOST");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out.trim()).isEqualTo("1.41");
    }

    @Test
    void tcpWithoutCredentialsGets401() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1.41/info")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).startsWith("{\"message\":\"authentication required");
    }

    @Test
    void minimalCreateBodiesWorkAndBrokenJsonIsA400() throws Exception {
        try (var in = Files.newInputStream(TestHost.fixture("busybox-docker-save.tar"))) {
            engine.images().load(in);
        }
        // a minimal body, as docker-py sends: absent booleans must not be an error
        String created = overSocket("POST", "/v1.41/containers/create?name=minimal",
                "{\"Image\":\"bb:latest\",\"Cmd\":[\"true\"]}");
        assertThat(created).startsWith("HTTP/1.1 201").contains("\"Id\":");
        assertThat(overSocket("DELETE", "/v1.41/containers/minimal")).startsWith("HTTP/1.1 204");
        assertThat(overSocket("POST", "/v1.41/containers/create", "{\"Image\":")).startsWith("HTTP/1.1 400").contains("{\"message\":");
    }
}
