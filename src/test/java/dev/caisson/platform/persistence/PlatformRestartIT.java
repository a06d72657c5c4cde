package dev.caisson.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.caisson.CaissonApplication;
import dev.caisson.engine.ConflictException;
import dev.caisson.engine.Engine;
import dev.caisson.engine.image.Image;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.runtime.ContainerSpec;
import dev.caisson.engine.runtime.ContainerState.Status;
import dev.caisson.platform.events.DockerEvent;
import dev.caisson.platform.events.EventBus;
import dev.caisson.testsupport.TestHost;
import dev.caisson.testsupport.TestNetworks;
import dev.caisson.testsupport.UnixHttp;
import dev.caisson.engine.network.Network;
import dev.caisson.engine.network.NetworkCreate;
import dev.caisson.engine.runtime.ExecSpec;

/**
 * The platform stopped and started again on the same data dir: containers (one running all
 * along, one that exited while no platform was there), images, tags and recent events come
 * back from the database; and a data dir written by the engine's file metadata is taken over.
 */
class PlatformRestartIT {
    private Path root;
    private Path run;
    private final String bridge = TestNetworks.uniqueBridge();
    private final String portTable = "caisson_test_" + Long.toHexString(System.nanoTime());
    private ConfigurableApplicationContext app;

    @BeforeEach
    void dirs() throws IOException {
        TestHost.requireRoot();
        root = TestHost.shortTempDir("cpr");
        run = TestHost.shortTempDir("cprr");
    }

    @AfterEach
    void clean() throws IOException {
        try {
            if (app == null) {
                app = start();
            }
            ContainerRuntime rt = engine().containers();
            for (Container c : rt.list()) {
                rt.remove(c.id(), true);
            }
            for (Network n : engine().networks().list()) {
                if (!n.predefined()) {
                    engine().networks().remove(n.id());
                }
            }
        } finally {
            app.close();
            try {
                TestNetworks.removeBridge(bridge);
                dev.caisson.engine.portmap.PortPublisher.removeTable(portTable);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestHost.deleteTree(root);
            TestHost.deleteTree(run);
        }
    }

    private Path data() {
        return root.resolve("data");
    }

    /** Command-line arguments: they win over application.properties (default properties would not). */
    private ConfigurableApplicationContext start() {
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(CaissonApplication.class).run(
                "--caisson.data-dir=" + data(), "--caisson.run-dir=" + run, "--caisson.network.bridge=" + bridge, "--caisson.network.port-table=" + portTable, "--caisson.network.dns-upstream=127.0.0.1:1",
                "--caisson.api.socket=" + root.resolve("caisson.sock"), "--server.port=0");
        if (!ctx.getBean(Engine.class).dataDir().equals(data())) {
            ctx.close();
            throw new AssertionError("the platform did not take the test's data dir");
        }
        return ctx;
    }

    private Engine engine() {
        return app.getBean(Engine.class);
    }

    private static void loadBusybox(Engine engine) throws IOException {
        try (InputStream in = Files.newInputStream(TestHost.fixture("busybox-docker-save.tar"))) {
            engine.images().load(in);
        }
    }

    /** A container whose shell exits 3 on SIGTERM: it can be made to exit while no platform runs. */
    private static ContainerSpec exitsThreeOnTerm(String name) {
        return ContainerSpec.builder("bb:latest").name(name)
                .cmd("sh", "-c", "trap 'exit 3' TERM; while :; do sleep 0.1; done").build();
    }

    /** Ends the container's init behind the platform's back and waits for its shim to record the exit. */
    private void terminateWhileDown(Container c) throws Exception {
        new ProcessBuilder("kill", "-TERM", Integer.toString(c.state().pid())).inheritIO().start().waitFor();
        Path exitFile = data().resolve("containers").resolve(c.id()).resolve("exit.json");
        for (int i = 0; i < 100 && !Files.exists(exitFile); i++) {
            Thread.sleep(100);
        }
        assertThat(exitFile).as("the shim records the exit without a platform").exists();
    }

    /** Exit recording for containers found dead at start is asynchronous; give it a moment. */
    private static Container exited(ContainerRuntime rt, String id) {
        assertThat(rt.waitFor(id, 10, TimeUnit.SECONDS)).as("recorded as exited").isPresent();
        return rt.get(id);
    }

    @Test
    void everythingComesBackAfterARestart() throws Exception {
        app = start();
        Engine engine = engine();
        loadBusybox(engine);
        engine.images().tag("bb:latest", "keep:me");
        Image bb = engine.images().get("bb:latest");
        java.time.Instant tagged = engine.images().details("keep:me").lastTagTime();
        assertThat(tagged).isNotNull();
        ContainerRuntime rt = engine.containers();
        Container idle = rt.create(ContainerSpec.builder("bb:latest").name("idle").label("tier", "x").cmd("true").build());
        Container done = rt.create(ContainerSpec.builder("bb:latest").name("done").cmd("sh", "-c", "exit 7").build());
        rt.start(done.id());
        rt.waitFor(done.id());
        Container runner = rt.create(ContainerSpec.builder("bb:latest").name("runner").cmd("sleep", "600").build());
        rt.start(runner.id());
        Container leaver = rt.create(exitsThreeOnTerm("leaver"));
        rt.start(leaver.id());
        leaver = rt.get(leaver.id());
        assertThatThrownBy(() -> rt.create(ContainerSpec.builder("bb:latest").name("idle").cmd("true").build()))
                .isInstanceOf(ConflictException.class);
        Path sock = root.resolve("caisson.sock");
        String execId = UnixHttp.body(UnixHttp.exchange(sock, "POST", "/v1.41/containers/runner/exec",
                "{\"Cmd\":[\"sh\",\"-c\",\"exit 3\"]}")).replaceAll(".*\"Id\":\"([0-9a-f]+)\".*", "$1").trim();
        assertThat(execId).matches("[0-9a-f]{64}");
        assertThat(UnixHttp.exchange(sock, "POST", "/v1.41/exec/" + execId + "/start", "{\"Detach\":true}"))
                .startsWith("HTTP/1.1 200");
        String execBefore = "";
        for (int i = 0; i < 100 && !execBefore.contains("\"Running\":false"); i++) {
            Thread.sleep(50);
            execBefore = UnixHttp.body(UnixHttp.exchange(sock, "GET", "/v1.41/exec/" + execId + "/json", null));
        }
        assertThat(execBefore).contains("\"Running\":false").contains("\"ExitCode\":3");
        List<DockerEvent> eventsBefore = app.getBean(EventBus.class).recent();
        assertThat(eventsBefore).extracting(DockerEvent::action).contains("create", "start", "die");
        app.close();
        app = null;

        assertThat(data().resolve("caisson.mv.db")).isRegularFile();
        assertThat(data().resolve("containers").resolve(runner.id()).resolve("config.json"))
                .as("the database holds the metadata, not files").doesNotExist();
        terminateWhileDown(leaver);

        app = start();
        ContainerRuntime rt2 = engine().containers();
        assertThat(rt2.list()).extracting(Container::name).containsExactlyInAnyOrder("idle", "done", "runner", "leaver");
        assertThat(rt2.get("idle")).isEqualTo(idle);
        assertThat(rt2.get("done").state().status()).isEqualTo(Status.EXITED);
        assertThat(rt2.get("done").state().exitCode()).isEqualTo(7);
        assertThat(rt2.get("runner").state().status()).isEqualTo(Status.RUNNING);
        assertThat(rt2.get("runner").state().pid()).isEqualTo(rt.get(runner.id()).state().pid());
        Container left = exited(rt2, leaver.id());
        assertThat(left.state().status()).isEqualTo(Status.EXITED);
        assertThat(left.state().exitCode()).isEqualTo(3);
        assertThat(engine().images().get("keep:me").id()).isEqualTo(bb.id());
        assertThat(engine().images().get(bb.id()).repoTags()).containsExactly("bb:latest", "keep:me");
        assertThat(engine().images().details(bb.id()).lastTagTime()).isEqualTo(tagged);
        assertThat(app.getBean(EventBus.class).recent()).containsAll(eventsBefore);
        assertThat(UnixHttp.body(UnixHttp.exchange(sock, "GET", "/v1.41/exec/" + execId + "/json", null)))
                .as("exec instances are kept").isEqualTo(execBefore);

        rt2.stop("runner", 1, null);   // re-adopted: its exit is seen and recorded
        assertThat(rt2.get("runner").state().exitCode()).isEqualTo(137);
        assertThatThrownBy(() -> rt2.create(ContainerSpec.builder("bb:latest").name("done").cmd("true").build()))
                .isInstanceOf(ConflictException.class);
        rt2.remove("runner", true);
        assertThat(UnixHttp.exchange(sock, "GET", "/v1.41/exec/" + execId + "/json", null))
                .as("and dropped with their container").startsWith("HTTP/1.1 404");
    }

    /** GET / at 127.0.0.1:port, retried while the server comes up. */
    private static String fetch(int port) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        Exception last = null;
        for (int i = 0; i < 50; i++) {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(java.time.Duration.ofSeconds(3)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }

    @Test
    void networksAndRunningContainersKeepTheirConnectivityAcrossARestart() throws Exception {
        app = start();
        loadBusybox(engine());
        Network net = engine().networks().create(NetworkCreate.bridge("kept"));
        String defaultBridge = engine().networks().get("bridge").id();
        ContainerRuntime rt = engine().containers();
        Container a = rt.create(ContainerSpec.builder("bb:latest").name("ca").networkMode("kept").cmd("sleep", "600").build());
        rt.start(a.id());
        Container b = rt.create(ContainerSpec.builder("bb:latest").name("cb").networkMode("kept").cmd("sleep", "600").build());
        rt.start(b.id());
        Container web = rt.create(ContainerSpec.builder("bb:latest").name("web").networkMode("kept")
                .networking(dev.caisson.engine.runtime.NetworkingConfig.NONE.withPorts(List.of("8080/tcp"), List.of(
                        dev.caisson.engine.portmap.PortBinding.of("127.0.0.1", 0, 8080, dev.caisson.engine.portmap.Protocol.TCP)), false))
                .cmd("sh", "-c", "mkdir /www && echo kept > /www/index.html && exec httpd -f -p 8080 -h /www").build());
        rt.start(web.id());
        int hostPort = engine().networks().publishedPorts(web.id()).get(0).hostPort();
        assertThat(fetch(hostPort)).isEqualTo("kept\n");
        Container leaver = rt.create(exitsThreeOnTerm("leaver").toBuilder().networkMode("kept").build());
        rt.start(leaver.id());
        leaver = rt.get(leaver.id());
        String ipB = engine().networks().endpoints(b.id()).get(0).ipv4();
        String leaverVeth = engine().networks().endpoints(leaver.id()).get(0).hostInterface();
        app.close();
        app = null;
        terminateWhileDown(leaver);
        assertThat(TestNetworks.linkExists(leaverVeth)).as("nothing cleaned up while no platform ran").isTrue();
        assertThat(fetch(hostPort)).as("published ports work while no platform runs").isEqualTo("kept\n");

        app = start();
        assertThat(exited(engine().containers(), leaver.id()).state().exitCode()).isEqualTo(3);
        assertThat(TestNetworks.linkGone(leaverVeth)).as("cleaned up once its exit is recorded").isTrue();
        assertThat(run.resolve("netns").resolve(leaver.id())).doesNotExist();
        assertThat(engine().networks().endpoints(leaver.id())).singleElement().satisfies(e -> assertThat(e.live()).isFalse());
        assertThat(engine().networks().get("kept")).isEqualTo(net);
        assertThat(engine().networks().get("bridge").id()).isEqualTo(defaultBridge);
        assertThat(engine().networks().endpoints(b.id()).get(0).ipv4()).isEqualTo(ipB);
        Process ping = engine().containers().exec("ca", ExecSpec.of("ping", "-c1", "-W2", ipB));
        assertThat(ping.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ping.exitValue()).as("a still reaches b").isZero();
        assertThat(TestNetworks.rulesMentioning(net.bridge())).isNotEmpty();
        assertThat(engine().networks().publishedPorts(web.id())).singleElement()
                .satisfies(p -> assertThat(p.hostPort()).isEqualTo(hostPort));
        assertThat(fetch(hostPort)).isEqualTo("kept\n");
        Process lookup = engine().containers().exec("ca", ExecSpec.of("nslookup", "cb"));
        assertThat(new String(lookup.getInputStream().readAllBytes())).as("the embedded DNS is back")
                .contains("Address: " + ipB);
    }

    @Test
    void aDataDirOfTheFileMetadataIsImportedOnFirstStart() throws Exception {
        List<String> ids = new ArrayList<>();
        Container leaver;
        try (Engine files = Engine.open(data(), run.resolve("shims"))) {   // the library alone: JSON files
            loadBusybox(files);
            files.images().tag("bb:latest", "old:tag");
            ContainerRuntime rt = files.containers();
            ids.add(rt.create(ContainerSpec.builder("bb:latest").name("made-by-files").cmd("true").build()).id());
            Container runner = rt.create(ContainerSpec.builder("bb:latest").name("still-running").cmd("sleep", "600").build());
            rt.start(runner.id());
            ids.add(runner.id());
            leaver = rt.create(exitsThreeOnTerm("leaver"));
            rt.start(leaver.id());
            leaver = rt.get(leaver.id());
        }
        terminateWhileDown(leaver);
        assertThat(data().resolve("images/state.json")).exists();

        app = start();
        ContainerRuntime rt = engine().containers();
        assertThat(rt.list()).extracting(Container::name)
                .containsExactlyInAnyOrder("made-by-files", "still-running", "leaver");
        assertThat(rt.get("still-running").state().status()).isEqualTo(Status.RUNNING);
        assertThat(exited(rt, leaver.id()).state().exitCode()).isEqualTo(3);
        assertThat(engine().images().get("old:tag").repoTags()).containsExactly("bb:latest", "old:tag");
        assertThat(data().resolve("images/state.json")).doesNotExist();
        assertThat(data().resolve("images/state.json.imported")).exists();

        rt.remove("made-by-files", false);   // changes now go to the database only
        app.close();
        app = start();
        assertThat(engine().containers().list()).extracting(Container::name)
                .containsExactlyInAnyOrder("still-running", "leaver");
        assertThat(engine().containers().get(ids.get(1)).state().status()).isEqualTo(Status.RUNNING);
    }
}
