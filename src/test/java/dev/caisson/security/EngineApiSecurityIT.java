package dev.caisson.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caisson.platform.security.ApiTokens;
import dev.caisson.platform.security.Role;
import dev.caisson.platform.security.TokenScope;
import dev.caisson.platform.security.UserAccounts;
import dev.caisson.testsupport.PlatformDirs;
import dev.caisson.testsupport.TestHost;
import dev.caisson.testsupport.UnixHttp;

/**
 * The Engine API over TCP as six callers see it: every route family against an admin, an
 * operator (on their own container), a viewer, no token, an expired token and a read-only
 * token; then ownership between two operators, the guard rails, the audit rows, and the real
 * docker CLI as an operator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineApiSecurityIT {
    private static final String BOOT = "sec-it-bootstrap-token-0123456789";
    private static PlatformDirs dirs;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "csec");
        r.add("caisson.api.token", () -> BOOT);
        r.add("caisson.admin.password", () -> "admin-password-1");
    }

    enum Who { ADMIN, OPERATOR, VIEWER, ANONYMOUS, EXPIRED, READ_ONLY }

    @LocalServerPort
    int port;
    @Autowired
    UserAccounts users;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    dev.caisson.platform.security.AuditLog auditLog;

    private TcpClient tcp;
    private final Map<Who, String> token = new EnumMap<>(Who.class);
    private String op2;
    private String c1;
    private String p1;
    private String c2;
    private String a1;
    private String exec;

    @BeforeAll
    void setUp() throws Exception {
        tcp = TcpClient.on(port);
        long op1 = users.create("op1", Role.OPERATOR, "op1-password").id();
        long op2Id = users.create("op2", Role.OPERATOR, "op2-password").id();
        long viewer = users.create("viewer", Role.VIEWER, "viewer-password").id();
        token.put(Who.ADMIN, BOOT);
        token.put(Who.OPERATOR, tokens.create(op1, "laptop", TokenScope.FULL, null).secret());
        token.put(Who.VIEWER, tokens.create(viewer, "v", TokenScope.FULL, null).secret());
        token.put(Who.ANONYMOUS, null);
        token.put(Who.EXPIRED, tokens.create(op1, "old", TokenScope.FULL, Instant.now().plusSeconds(60)).secret());
        jdbc.update("UPDATE api_tokens SET expires = ? WHERE name = 'old'", Timestamp.from(Instant.now().minusSeconds(1)));
        token.put(Who.READ_ONLY, tokens.create(op1, "ro", TokenScope.READ_ONLY, null).secret());
        op2 = tokens.create(op2Id, "op2", TokenScope.FULL, null).secret();

        assertThat(docker("unix://" + dirs.socket(), null, "load", "-i", TestHost.fixture("busybox-docker-save.tar").toString())
                .out()).contains("bb:latest");
        c1 = create(token.get(Who.OPERATOR), "sec-c1", "[\"sleep\",\"300\"]");
        assertThat(call(Who.OPERATOR, "POST", "/v1.41/containers/sec-c1/start", null).status()).isEqualTo(204);
        assertThat(call(Who.OPERATOR, "PUT", "/api/objects/containers/sec-c1/sharing", "{\"isPublic\":true}").status())
                .isEqualTo(200);
        p1 = create(token.get(Who.OPERATOR), "sec-p1", "[\"true\"]");
        c2 = create(op2, "sec-c2", "[\"true\"]");
        String made = UnixHttp.exchange(dirs.socket(), "POST", "/v1.41/containers/create?name=sec-a1",
                "{\"Image\":\"bb:latest\",\"Cmd\":[\"true\"]}");
        assertThat(made).startsWith("HTTP/1.1 201");
        a1 = UnixHttp.body(made).replaceAll(".*\"Id\":\"([0-9a-f]{64})\".*", "$1").trim();
        TcpClient.Answer e = call(Who.OPERATOR, "POST", "/containers/sec-c1/exec", "{\"Cmd\":[\"true\"]}");
        assertThat(e.status()).as(e.body()).isEqualTo(201);
        exec = e.body().replaceAll(".*\"Id\":\"([0-9a-f]{64})\".*", "$1").trim();
    }

    @AfterAll
    void clean() throws Exception {
        for (String name : List.of("sec-c1", "sec-p1", "sec-c2", "sec-a1", "sec-adminpriv", "sec-cli", "sec-cli-other",
                "sec-rm-ADMIN", "sec-rm-OPERATOR", "sec-bind", "sec-onnet")) {
            UnixHttp.exchange(dirs.socket(), "DELETE", "/containers/" + name + "?force=1", null);
        }
        for (String net : List.of("secnet", "sec-net1")) {
            UnixHttp.exchange(dirs.socket(), "DELETE", "/networks/" + net, null);
        }
        dirs.delete();
    }

    private String create(String tok, String name, String cmd) throws Exception {
        TcpClient.Answer a = tcp.call(tok, "POST", "/v1.41/containers/create?name=" + name,
                "{\"Image\":\"bb:latest\",\"Cmd\":" + cmd + "}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return a.body().replaceAll(".*\"Id\":\"([0-9a-f]{64})\".*", "$1").trim();
    }

    private TcpClient.Answer call(Who who, String method, String path, String json) throws Exception {
        return tcp.call(token.get(who), method, path, json);
    }

    /** "ok" passes the gate (any answer but 401/403); a number is the exact status the gate answers. */
    private record Case(String method, String path, String body, String expected) {
    }

    private static Case c(String method, String path, String body, String expected) {
        return new Case(method, path, body, expected);
    }

    //                                         ADMIN OPERATOR VIEWER ANONYMOUS EXPIRED READ_ONLY
    private static final String READ = "ok ok ok 401 401 ok";
    private static final String OPERATE = "ok ok 403 401 401 403";
    private static final String ADMIN = "ok 403 403 401 401 403";

    @Test
    @Order(1)
    void everyRouteFamilyAgainstEveryKindOfCaller() throws Exception {
        long now = Instant.now().getEpochSecond();
        List<Case> cases = List.of(
                c("GET", "/_ping", null, READ), c("HEAD", "/_ping", null, READ),
                c("GET", "/v1.41/version", null, READ), c("GET", "/v1.41/info", null, READ),
                c("GET", "/v1.41/events?since=0&until=" + now, null, READ),
                c("GET", "/v1.41/system/df", null, ADMIN),
                c("POST", "/v1.41/auth", "{}", OPERATE),
                // containers
                c("GET", "/v1.41/containers/json?all=1", null, READ),
                c("GET", "/v1.41/containers/sec-c1/json", null, READ),
                c("GET", "/v1.41/containers/sec-c1/logs?stdout=1&stderr=1", null, READ),
                c("GET", "/v1.41/containers/sec-c1/stats?stream=0&one-shot=1", null, READ),
                c("GET", "/v1.41/containers/sec-c1/top", null, READ),
                c("GET", "/v1.41/containers/sec-c1/changes", null, READ),
                c("POST", "/v1.41/containers/create", "{}", OPERATE),               // 400 "No image was specified" once through
                c("POST", "/v1.41/containers/sec-c1/start", null, OPERATE),        // 304: it runs
                c("POST", "/v1.41/containers/sec-p1/stop", null, OPERATE),         // 304: not running
                c("POST", "/v1.41/containers/sec-p1/kill", null, OPERATE),         // 409
                c("POST", "/v1.41/containers/sec-p1/pause", null, OPERATE),
                c("POST", "/v1.41/containers/sec-p1/unpause", null, OPERATE),
                c("POST", "/v1.41/containers/sec-p1/rename", null, OPERATE),       // 400: no name
                c("POST", "/v1.41/containers/sec-p1/update", "{}", OPERATE),
                c("POST", "/v1.41/containers/sec-c1/resize?h=10&w=40", null, OPERATE),
                c("POST", "/v1.41/containers/sec-c1/attach?stream=0&logs=0", null, OPERATE),
                c("POST", "/v1.41/containers/sec-c1/exec", "{\"Cmd\":[\"true\"]}", OPERATE),
                c("POST", "/v1.41/exec/" + "EXEC" + "/start", "{\"Detach\":true}", OPERATE),
                c("GET", "/v1.41/exec/" + "EXEC" + "/json", null, READ),
                c("GET", "/v1.41/containers/sec-c1/export", null, OPERATE),
                c("HEAD", "/v1.41/containers/sec-c1/archive?path=/bin", null, OPERATE),
                c("PUT", "/v1.41/containers/sec-c1/archive?path=/tmp", "", OPERATE),
                c("POST", "/v1.41/commit?container=sec-p1&repo=seccommit", "{}", OPERATE),
                c("POST", "/v1.41/containers/prune?filters=%7B%22label%22%3A%5B%22none%3Dhere%22%5D%7D", null, ADMIN),
                // images
                c("GET", "/v1.41/images/json", null, READ),
                c("GET", "/v1.41/images/bb:latest/json", null, READ),
                c("GET", "/v1.41/images/bb:latest/history", null, READ),
                c("GET", "/v1.41/images/get?names=bb:latest", null, READ),
                c("POST", "/v1.41/images/bb:latest/tag?repo=sectag&tag=t", null, OPERATE),
                c("DELETE", "/v1.41/images/sectag:none", null, OPERATE),
                c("POST", "/v1.41/images/load", "", OPERATE),
                c("POST", "/v1.41/images/create?fromImage=alpine&tag=latest", null, OPERATE),
                c("POST", "/v1.41/images/prune", null, ADMIN),
                c("POST", "/v1.41/build", "", ADMIN),
                // networks
                c("GET", "/v1.41/networks", null, READ),
                c("GET", "/v1.41/networks/none", null, READ),
                c("POST", "/v1.41/networks/create", "{\"Name\":\"secnet\"}", OPERATE),
                c("DELETE", "/v1.41/networks/sec-nonet", null, ADMIN),            // nobody's network: the admin's
                c("POST", "/v1.41/networks/prune", null, ADMIN),
                // volumes
                c("GET", "/v1.41/volumes", null, READ),
                c("POST", "/v1.41/volumes/create", "{\"Name\":\"secvol\"}", OPERATE),
                c("GET", "/v1.41/volumes/secvol", null, "ok 404 404 401 401 404"),  // nobody's volume: the admin's
                c("POST", "/v1.41/volumes/prune", null, ADMIN),
                // not in the table: admins only
                c("GET", "/v1.41/swarm", null, ADMIN),
                c("POST", "/v1.41/plugins/pull", null, ADMIN));
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Case k : cases) {
            String[] expected = k.expected().split(" ");
            for (Who who : Who.values()) {
                String path = k.path().replace("EXEC", exec);
                TcpClient.Answer a = call(who, k.method(), path, k.body());
                String want = expected[who.ordinal()];
                boolean ok = want.equals("ok") ? a.status() != 401 && a.status() != 403 : a.status() == Integer.parseInt(want);
                if (want.equals("403") && ok && !k.method().equals("HEAD")) {
                    ok = a.body().startsWith("{\"message\":\"permission denied");
                }
                if (!ok) {
                    wrong.add(who + " " + k.method() + " " + path + ": wanted " + want + ", got " + a.status() + " " + cut(a.body()));
                }
                checked++;
            }
        }
        // removal: each allowed caller removes a container of its own; the others are refused on op1's
        for (Who who : List.of(Who.ADMIN, Who.OPERATOR)) {
            create(token.get(who), "sec-rm-" + who, "[\"true\"]");
            TcpClient.Answer a = call(who, "DELETE", "/v1.41/containers/sec-rm-" + who, null);
            if (a.status() != 204) {
                wrong.add(who + " DELETE own container: " + a.status() + " " + a.body());
            }
        }
        for (Who who : List.of(Who.VIEWER, Who.ANONYMOUS, Who.EXPIRED, Who.READ_ONLY)) {
            TcpClient.Answer a = call(who, "DELETE", "/v1.41/containers/sec-p1", null);
            if (a.status() != (who == Who.ANONYMOUS || who == Who.EXPIRED ? 401 : 403)) {
                wrong.add(who + " DELETE sec-p1: " + a.status());
            }
        }
        assertThat(wrong).as("of " + checked + " checks").isEmpty();
        assertThat(call(Who.EXPIRED, "GET", "/v1.41/version", null).body()).contains("invalid API token");
    }

    private static String cut(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }

    @Test
    @Order(2)
    void anOperatorNeitherSeesNorTouchesAnotherOperatorsContainerByIdOrName() throws Exception {
        assertThat(call(Who.OPERATOR, "GET", "/v1.41/containers/json?all=1", null).body())
                .contains(c1, p1).doesNotContain(c2, a1);
        assertThat(tcp.call(op2, "GET", "/v1.41/containers/json?all=1", null).body())
                .contains(c2, c1).doesNotContain(p1, a1);   // c1 is public
        assertThat(call(Who.VIEWER, "GET", "/v1.41/containers/json?all=1", null).body()).contains(c1).doesNotContain(p1, c2, a1);
        assertThat(call(Who.ADMIN, "GET", "/v1.41/containers/json?all=1", null).body()).contains(c1, p1, c2, a1);
        assertThat(call(Who.OPERATOR, "GET", "/v1.41/containers/json?all=1&limit=1", null).body())
                .as("the limit applies to what one may see").contains("sec-p1");
        for (String ref : List.of("sec-p1", p1, p1.substring(0, 12))) {
            for (String[] r : new String[][] {{"GET", "/json"}, {"POST", "/stop"}, {"POST", "/start"}, {"GET", "/logs?stdout=1"},
                    {"POST", "/exec"}, {"DELETE", ""}}) {
                TcpClient.Answer a = tcp.call(op2, r[0], "/v1.41/containers/" + ref + r[1], r[0].equals("POST") ? "{}" : null);
                assertThat(a.status()).as(r[0] + " " + ref + r[1]).isEqualTo(404);
                assertThat(a.body()).isEqualTo("{\"message\":\"No such container: " + ref + "\"}\n");
            }
        }
        TcpClient.Answer stop = tcp.call(op2, "POST", "/v1.41/containers/sec-c1/stop", null);
        assertThat(stop.status()).isEqualTo(403);
        assertThat(stop.body()).contains("container sec-c1 belongs to another user; only its owner or an admin may container.stop");
        assertThat(tcp.call(op2, "DELETE", "/v1.41/containers/" + c1 + "?force=1", null).status()).isEqualTo(403);
        assertThat(tcp.call(op2, "GET", "/v1.41/exec/" + exec + "/json", null).status()).isEqualTo(200);
        assertThat(tcp.call(op2, "POST", "/v1.41/exec/" + exec + "/start", "{\"Detach\":true}").status()).isEqualTo(403);
        assertThat(tcp.call(op2, "POST", "/v1.41/commit?container=sec-p1", "{}").status()).isEqualTo(404);
        // the admin's (made over the unix socket) is hidden from both operators
        assertThat(call(Who.OPERATOR, "GET", "/v1.41/containers/sec-a1/json", null).status()).isEqualTo(404);
        // events: nothing about containers one may not see
        String ev = tcp.call(op2, "GET", "/v1.41/events?since=0&until=" + Instant.now().getEpochSecond(), null).body();
        assertThat(ev).contains(c2).doesNotContain(p1).doesNotContain(a1);
        assertThat(call(Who.ADMIN, "GET", "/v1.41/events?since=0&until=" + Instant.now().getEpochSecond(), null).body())
                .contains(p1, a1);
        // shared with a team: its members read it, and still cannot change it
        assertThat(call(Who.ADMIN, "POST", "/api/teams", "{\"name\":\"devs\"}").status()).isEqualTo(201);
        assertThat(call(Who.ADMIN, "PUT", "/api/teams/devs/members/op2", null).status()).isEqualTo(200);
        assertThat(tcp.call(op2, "PUT", "/api/objects/containers/sec-p1/sharing", "{\"team\":\"devs\"}").status()).isEqualTo(404);
        TcpClient.Answer share = call(Who.OPERATOR, "PUT", "/api/objects/containers/sec-p1/sharing", "{\"team\":\"devs\"}");
        assertThat(share.body()).contains("\"owner\":\"op1\"", "\"team\":\"devs\"");
        assertThat(tcp.call(op2, "GET", "/v1.41/containers/sec-p1/json", null).status()).isEqualTo(200);
        assertThat(tcp.call(op2, "POST", "/v1.41/containers/sec-p1/start", null).status()).isEqualTo(403);
        assertThat(call(Who.VIEWER, "GET", "/v1.41/containers/sec-p1/json", null).status()).isEqualTo(404);
        // the unix socket is the admin: everything
        assertThat(UnixHttp.exchange(dirs.socket(), "GET", "/containers/json?all=1", null)).contains(c1, p1, c2, a1);
    }

    @Test
    @Order(3)
    void networksAreOwnedToo() throws Exception {
        TcpClient.Answer made = call(Who.OPERATOR, "POST", "/v1.41/networks/create", "{\"Name\":\"sec-net1\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String id = made.body().replaceAll(".*\"Id\":\"([0-9a-f]{64})\".*", "$1").trim();
        assertThat(call(Who.OPERATOR, "GET", "/v1.41/networks", null).body()).contains("sec-net1", "\"bridge\"");
        assertThat(tcp.call(op2, "GET", "/v1.41/networks", null).body()).doesNotContain("sec-net1").contains("\"bridge\"");
        for (String ref : List.of("sec-net1", id, id.substring(0, 12))) {
            TcpClient.Answer a = tcp.call(op2, "GET", "/v1.41/networks/" + ref, null);
            assertThat(a.status()).isEqualTo(404);
            assertThat(a.body()).isEqualTo("{\"message\":\"network " + ref + " not found\"}\n");
            assertThat(tcp.call(op2, "DELETE", "/v1.41/networks/" + ref, null).status()).isEqualTo(404);
        }
        // joining it: neither by connect nor at create for op2; op1 cannot pull op2's container into it
        assertThat(tcp.call(op2, "POST", "/v1.41/networks/sec-net1/connect", "{\"Container\":\"sec-c2\"}").status()).isEqualTo(404);
        TcpClient.Answer run = tcp.call(op2, "POST", "/v1.41/containers/create?name=sec-onnet",
                "{\"Image\":\"bb:latest\",\"Cmd\":[\"true\"],\"HostConfig\":{\"NetworkMode\":\"sec-net1\"}}");
        assertThat(run.status()).isEqualTo(404);
        assertThat(run.body()).contains("network sec-net1 not found");
        TcpClient.Answer endpoints = tcp.call(op2, "POST", "/v1.41/containers/create?name=sec-onnet",
                "{\"Image\":\"bb:latest\",\"Cmd\":[\"true\"],\"NetworkingConfig\":{\"EndpointsConfig\":{\"sec-net1\":{}}}}");
        assertThat(endpoints.status()).isEqualTo(404);
        TcpClient.Answer pull = call(Who.OPERATOR, "POST", "/v1.41/networks/sec-net1/connect", "{\"container\":\"sec-c2\"}");
        assertThat(pull.status()).isEqualTo(404);
        assertThat(pull.body()).contains("No such container: sec-c2");
        assertThat(call(Who.OPERATOR, "POST", "/v1.41/networks/sec-net1/connect", "{\"Container\":\"sec-p1\"}").status())
                .isEqualTo(200);
        assertThat(call(Who.OPERATOR, "POST", "/v1.41/networks/sec-net1/disconnect", "{\"Container\":\"sec-p1\"}").status())
                .isEqualTo(200);
        assertThat(call(Who.OPERATOR, "DELETE", "/v1.41/networks/" + id.substring(0, 12), null).status()).isEqualTo(204);
        TcpClient.Answer subnet = call(Who.OPERATOR, "POST", "/v1.41/networks/create",
                "{\"Name\":\"sec-net2\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.0.0.0/8\"}]}}");
        assertThat(subnet.status()).isEqualTo(403);
        assertThat(subnet.body()).startsWith("{\"message\":\"IPAM is not allowed: only admins may choose a network's subnets");
    }

    @Test
    @Order(3)
    void guardRailsRefuseHostOptionsForNonAdminsWithTheOptionNamed() throws Exception {
        Map<String, String> refused = Map.of(
                "\"Privileged\":true", "Privileged is not allowed",
                "\"NetworkMode\":\"host\"", "NetworkMode=host is not allowed",
                "\"PidMode\":\"host\"", "PidMode=host is not allowed",
                "\"CapAdd\":[\"SYS_ADMIN\"]", "CapAdd=SYS_ADMIN is not allowed",
                "\"Devices\":[{\"PathOnHost\":\"/dev/sda\",\"PathInContainer\":\"/dev/sda\",\"CgroupPermissions\":\"rwm\"}]",
                "Devices is not allowed",
                "\"Sysctls\":{\"kernel.shm_rmid_forced\":\"1\"}", "Sysctls=kernel.shm_rmid_forced is not allowed",
                "\"SecurityOpt\":[\"seccomp=unconfined\"]", "SecurityOpt=seccomp=unconfined is not allowed",
                "\"Binds\":[\"/etc:/host-etc:ro\"]", "Binds /etc:/host-etc:ro is not allowed",
                "\"NetworkMode\":\"container:sec-c2\"", "NetworkMode=container:sec-c2 is not allowed");
        for (var e : refused.entrySet()) {
            TcpClient.Answer a = call(Who.OPERATOR, "POST", "/v1.41/containers/create?name=sec-bad",
                    "{\"Image\":\"bb:latest\",\"Cmd\":[\"true\"],\"HostConfig\":{" + e.getKey() + "}}");
            assertThat(a.status()).as(e.getKey()).isEqualTo(403);
            assertThat(a.body()).as(e.getKey()).startsWith("{\"message\":\"" + e.getValue());
        }
        assertThat(call(Who.OPERATOR, "GET", "/v1.41/containers/sec-bad/json", null).status()).isEqualTo(404);
        TcpClient.Answer ex = call(Who.OPERATOR, "POST", "/v1.41/containers/sec-c1/exec", "{\"Cmd\":[\"id\"],\"Privileged\":true}");
        assertThat(ex.status()).isEqualTo(403);
        assertThat(ex.body()).contains("Privileged is not allowed");
        // the admin may; binds below the allowlist are fine for an operator
        assertThat(call(Who.ADMIN, "POST", "/v1.41/containers/create?name=sec-adminpriv",
                "{\"Image\":\"bb:latest\",\"Cmd\":[\"true\"],\"HostConfig\":{\"Privileged\":true}}").status()).isEqualTo(201);
        Path shared = Files.createDirectories(dirs.root().resolve("shared/data"));
        assertThat(call(Who.OPERATOR, "PUT", "/api/settings", "{\"bindAllowlist\":[\"/x\"]}").status()).isEqualTo(403);
        assertThat(call(Who.ADMIN, "PUT", "/api/settings", "{\"bindAllowlist\":[\"" + shared.getParent() + "\"]}").status())
                .isEqualTo(200);
        TcpClient.Answer bind = call(Who.OPERATOR, "POST", "/v1.41/containers/create?name=sec-bind",
                "{\"Image\":\"bb:latest\",\"Cmd\":[\"true\"],\"HostConfig\":{\"Binds\":[\"" + shared + ":/data\"]}}");
        assertThat(bind.status()).as(bind.body()).isEqualTo(201);
    }

    @Test
    @Order(4)
    void everyChangeIsAuditedAndTheLogCannotBeChanged() throws Exception {
        auditLog.flush();   // rows are written in the background
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM audit_log ORDER BY id");
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.get("ACTOR")).isEqualTo("op1");
            assertThat(r.get("TOKEN")).isEqualTo("laptop");
            assertThat(r.get("ACTION")).isEqualTo("container.start");
            assertThat(r.get("TARGET")).isEqualTo("sec-c1");
            assertThat(r.get("STATUS")).isEqualTo(204);
            assertThat(r.get("SOURCE")).isEqualTo("127.0.0.1");
            assertThat(r.get("VIA")).isEqualTo("token");
        });
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.get("ACTION")).isEqualTo("exec.start");
            assertThat(r.get("ACTOR")).isEqualTo("admin");
            assertThat(r.get("STATUS")).isEqualTo(200);
        });
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.get("ACTION")).isEqualTo("container.attach");
            assertThat(r.get("ACTOR")).isEqualTo("op1");
        });
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.get("ACTION")).isEqualTo("container.create");
            assertThat(r.get("ACTOR")).isEqualTo("viewer");
            assertThat(r.get("STATUS")).isEqualTo(403);
            assertThat((String) r.get("DETAIL")).startsWith("permission denied: container.create needs the role OPERATOR");
        });
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.get("ACTOR")).isEqualTo("anonymous");
            assertThat(r.get("STATUS")).isEqualTo(401);
        });
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.get("ACTOR")).isEqualTo("op1");
            assertThat(r.get("ACTION")).isEqualTo("container.create");
            assertThat(r.get("STATUS")).isEqualTo(403);
            assertThat((String) r.get("DETAIL")).isNull();   // a guard rail: the 403 came from the controller
        });
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.get("SOURCE")).isEqualTo("unix");
            assertThat(r.get("VIA")).isEqualTo("socket");
            assertThat(r.get("TARGET")).isEqualTo("sec-a1");
        });
        assertThat(rows).noneSatisfy(r -> assertThat(r.get("ACTION")).isEqualTo("container.inspect"));
        int n = rows.size();
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_log WHERE actor = 'op1'")).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_log SET actor = 'x'")).rootCause().hasMessageContaining("append-only");
        assertThat(call(Who.ADMIN, "DELETE", "/api/audit", null).status()).isIn(404, 405);
        assertThat(call(Who.OPERATOR, "GET", "/api/audit", null).status()).isEqualTo(403);
        TcpClient.Answer list = call(Who.ADMIN, "GET", "/api/audit?actor=op1&action=container.*&limit=5", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("\"actor\":\"op1\"").doesNotContain("\"actor\":\"op2\"");
        TcpClient.Answer csv = call(Who.ADMIN, "GET", "/api/audit/export.csv?actor=op1", null);
        assertThat(csv.body()).startsWith("id,time,actor,token,via,source,action,method,path,target,status,detail\r\n")
                .contains(",op1,laptop,token,127.0.0.1,container.start,POST,");
        auditLog.flush();   // rows are written in the background
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE actor <> 'admin'", Integer.class))
                .isGreaterThanOrEqualTo(n - jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE actor = 'admin'", Integer.class));
    }

    record Result(int code, String out, String err) {
    }

    static Result docker(String host, Path config, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DOCKER_HOST", host);
        pb.environment().put("DOCKER_CONFIG", config == null ? dirs.root().resolve("socket-config").toString() : config.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " hung");
        }
        return new Result(p.exitValue(), out, err);
    }

    @Test
    @Order(5)
    void theDockerCliAsAnOperatorOverTcp() throws Exception {
        Path config = Files.createDirectories(dirs.root().resolve("op-docker-config"));
        Files.writeString(config.resolve("config.json"),
                "{\"HttpHeaders\":{\"Authorization\":\"Bearer " + token.get(Who.OPERATOR) + "\"}}");
        String host = "tcp://127.0.0.1:" + port;
        Result run = docker(host, config, "run", "-d", "--name", "sec-cli", "bb:latest", "sleep", "60");
        assertThat(run.code()).as(run.err()).isZero();
        Result ps = docker(host, config, "ps", "-a", "--format", "{{.Names}}");
        assertThat(ps.code()).as(ps.err()).isZero();
        assertThat(ps.out().lines().toList()).containsExactlyInAnyOrder("sec-cli", "sec-c1", "sec-p1", "sec-bind");
        Result priv = docker(host, config, "run", "--rm", "--privileged", "--name", "sec-cli-other", "bb:latest", "true");
        assertThat(priv.code()).isNotZero();
        assertThat(priv.err()).contains("Privileged is not allowed: only admins may run privileged containers");
        Result other = docker(host, config, "stop", "sec-c2");
        assertThat(other.code()).isNotZero();
        assertThat(other.err()).contains("No such container: sec-c2");
        assertThat(docker(host, config, "exec", "sec-cli", "echo", "hi").out()).isEqualTo("hi\n");
        assertThat(docker(host, config, "rm", "-f", "sec-cli").code()).isZero();
    }
}
