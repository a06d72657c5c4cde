package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caisson.platform.events.EventBus;
import dev.caisson.testsupport.PlatformDirs;
import dev.caisson.testsupport.TestHost;

/**
 * The image commands of the real docker CLI against Caisson: images (filters, format), image
 * inspect, history, tag, rmi (and its conflicts), image prune, import -c, save then load,
 * commit -c -m; the expected outputs are what Docker 20.10 prints for the same fixtures.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DockerCliImagesIT {
    private static final String BB_ID = "sha256:84bb18b14f3c37620a476a9209bc12bafb855565ece3ddd33106f1d27b4d3f43";
    private static final String LAYERED_ID = "sha256:332ff7610e0f3f935e99da203cd1eb7f4bf96fa3a983d5710b9e6743aa7268c7";
    private static final List<String> CONTAINERS = List.of("img-user", "img-run", "img-src", "img-imp", "img-com", "img-back");
    private static PlatformDirs dirs;

    @Autowired
    EventBus events;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "cimg");
    }

    @AfterAll
    static void clean() throws Exception {
        for (String c : CONTAINERS) {
            docker("rm", "-f", c);
        }
        dirs.delete();
    }

    @BeforeEach
    void fixtures() throws Exception {
        docker("load", "-i", TestHost.fixture("busybox-docker-save.tar").toString());
        docker("load", "-i", TestHost.fixture("layered-docker-save.tar").toString());
    }

    record Result(int code, String out, String err) {
        Result ok() {
            assertThat(code).as("exit code; stderr: " + err).isZero();
            return this;
        }
    }

    static Result docker(String... args) throws IOException, InterruptedException {
        return dockerWithInput(null, args);
    }

    static Result dockerWithInput(Path stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DOCKER_HOST", "unix://" + dirs.socket());
        pb.environment().put("DOCKER_CONFIG", dirs.root().resolve("docker-config").toString());
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        if (stdin == null) {
            p.getOutputStream().close();
        }
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " hung");
        }
        return new Result(p.exitValue(), out, err);
    }

    @Test
    void imagesListsAndFilters() throws Exception {
        String fmt = "{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}";
        assertThat(docker("images", "--format", fmt).ok().out())
                .contains("bb:latest 84bb18b14f3c 1.99MB\n", "fixture/layered:1 332ff7610e0f 1.99MB\n");
        assertThat(docker("images", "--filter", "reference=fixture/*", "--format", fmt).out())
                .isEqualTo("fixture/layered:1 332ff7610e0f 1.99MB\n");
        assertThat(docker("images", "--filter", "label=org.example.fixture=layered", "-q").out()).isEqualTo("332ff7610e0f\n");
        assertThat(docker("images", "--filter", "before=fixture/layered:1", "--filter", "reference=bb", "-q").out())
                .isEqualTo("84bb18b14f3c\n");
        assertThat(docker("images", "--filter", "since=bb", "--filter", "reference=fixture/layered", "-q").out())
                .isEqualTo("332ff7610e0f\n");
        assertThat(docker("images", "--filter", "dangling=true", "--filter", "reference=bb", "-q").out()).isEmpty();
        Result bad = docker("images", "--filter", "bogus=1");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("Invalid filter 'bogus'");
    }

    @Test
    void inspectAndHistoryShowWhatDockerShows() throws Exception {
        assertThat(docker("image", "inspect", "-f", "{{.Id}}|{{.Config.WorkingDir}}|{{.Config.StopSignal}}|{{json .Config.Cmd}}|"
                + "{{len .RootFS.Layers}}|{{.GraphDriver.Name}}|{{.ContainerConfig.Hostname}}|{{.DockerVersion}}|{{.Size}}",
                "fixture/layered:1").ok().out())
                .isEqualTo(LAYERED_ID + "|/data|SIGINT|[\"cat\",\"/data/a\"]|3|overlay2|83482806401a|20.10.24+dfsg1|1985496\n");
        assertThat(docker("image", "inspect", "-f", "{{.Comment}}|{{.Config.Env}}", "bb").out()).isEqualTo("Imported from -|[]\n");
        assertThat(docker("image", "inspect", "-f", "{{.Metadata.LastTagTime}}", "fixture/layered:1").out())
                .as("a load sets no tag time").isEqualTo("0001-01-01 00:00:00 +0000 UTC\n");
        Result missing = docker("image", "inspect", "nope");
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err()).contains("No such image: nope");

        List<String> history = docker("history", "--no-trunc", "--format", "{{.ID}}|{{.Size}}|{{.CreatedBy}}|{{.Comment}}",
                "fixture/layered:1").ok().out().lines().toList();
        assertThat(history).hasSize(10);
        assertThat(history.get(0)).isEqualTo(LAYERED_ID + "|0B|/bin/sh -c #(nop)  CMD [\"cat\" \"/data/a\"]|");
        assertThat(history.get(7)).startsWith("<missing>|2B|/bin/sh -c rm /data/b");
        assertThat(history.get(8)).startsWith("<missing>|22B|/bin/sh -c mkdir -p /data");
        assertThat(history.get(9)).isEqualTo("<missing>|1.99MB||Imported from -");
    }

    @Test
    void tagAndRmiFollowDockersRules() throws Exception {
        docker("tag", "bb", "img/tagged:v1").ok();
        assertThat(docker("images", "--filter", "reference=img/tag*", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").out())
                .isEqualTo("img/tagged:v1 84bb18b14f3c\n");
        assertThat(docker("image", "inspect", "-f", "{{.Metadata.LastTagTime}}", "bb").out()).doesNotStartWith("0001");
        assertThat(docker("tag", "nope", "x").err()).contains("No such image: nope:latest");
        Result multi = docker("rmi", "84bb18b14f3c");
        assertThat(multi.err()).contains("conflict: unable to delete 84bb18b14f3c (must be forced) - image is referenced in multiple repositories");
        assertThat(docker("rmi", "img/tagged:v1").ok().out()).isEqualTo("Untagged: img/tagged:v1\n");

        // an image a container uses: its last tag needs force, its ID cannot go while the container runs
        String imported = docker("import", busyboxRootfs(false, "used").toString(), "img/used").ok().out().trim();
        docker("create", "--name", "img-user", "img/used", "true").ok();
        assertThat(docker("rmi", "img/used").err()).contains("conflict: unable to remove repository reference \"img/used:latest\""
                + " (must force) - container ");
        assertThat(docker("rmi", imported).err()).contains("conflict: unable to delete " + imported.substring(7, 19)
                + " (must be forced) - image is being used by stopped container ");
        docker("run", "-d", "--name", "img-run", "img/used", "sleep", "60").ok();
        Result running = docker("rmi", "-f", imported);
        assertThat(running.err()).contains("conflict: unable to delete " + imported.substring(7, 19) + " (cannot be forced)"
                + " - image is being used by running container ");
        docker("rm", "-f", "img-run", "img-user").ok();
        // once unused: the tag, the image and its own layer go
        assertThat(docker("rmi", "img/used").ok().out())
                .startsWith("Untagged: img/used:latest\nDeleted: " + imported + "\nDeleted: sha256:");
        assertThat(events.recent()).extracting(e -> e.type() + " " + e.action() + " " + e.attributes().get("name"))
                .contains("image tag img/tagged:v1", "image untag " + imported, "image delete " + imported);
    }

    @Test
    void importWithChangesThenSaveAndLoadBack() throws Exception {
        Path rootfs = busyboxRootfs(false, "x");
        String id = docker("import", "-c", "ENV GREETING=hi", "-c", "CMD [\"/bin/sh\",\"-c\",\"echo $GREETING from $(pwd)\"]",
                "-c", "WORKDIR /w", "-c", "LABEL imported=yes", "-c", "EXPOSE 8080", "-m", "from the test",
                rootfs.toString(), "img/imp:1").ok().out().trim();
        assertThat(id).matches("sha256:[0-9a-f]{64}");
        assertThat(docker("image", "inspect", "-f", "{{.Comment}}|{{.Config.Labels.imported}}|{{json .Config.ExposedPorts}}|"
                + "{{.Config.WorkingDir}}|{{.Architecture}}/{{.Os}}", "img/imp:1").out())
                .isEqualTo("from the test|yes|{\"8080/tcp\":{}}|/w|amd64/linux\n");
        assertThat(run("img-imp", "img/imp:1")).isEqualTo("hi from /w\n");
        assertThat(docker("import", "-c", "RUN true", rootfs.toString()).err()).contains("run is not a valid change command");
        String gz = dockerWithInput(busyboxRootfs(true, "gz"), "import", "-", "img/imp:gz").ok().out().trim();
        assertThat(docker("image", "inspect", "-f", "{{.Comment}}", gz).out()).isEqualTo("Imported from -\n");

        Path archive = dirs.root().resolve("saved.tar");
        docker("save", "-o", archive.toString(), "img/imp:1", "fixture/layered:1").ok();
        docker("rm", "-f", "img-imp").ok();
        docker("rmi", "img/imp:1", "img/imp:gz", "fixture/layered:1").ok();
        assertThat(docker("images", "--filter", "reference=img/imp", "-q").out()).isEmpty();
        assertThat(docker("load", "-i", archive.toString()).ok().out())
                .isEqualTo("Loaded image: img/imp:1\nLoaded image: fixture/layered:1\n");
        assertThat(docker("images", "--filter", "reference=img/imp", "--no-trunc", "-q").out()).isEqualTo(id + "\n");
        assertThat(run("img-back", "img/imp:1")).isEqualTo("hi from /w\n");
        assertThat(events.recent()).extracting(e -> e.action() + " " + e.attributes().get("name"))
                .contains("tag img/imp:1", "import " + id, "save " + id, "untag " + id, "delete " + id, "load " + id);
    }

    @Test
    void commitWithChangesAndMessage() throws Exception {
        docker("run", "-d", "--name", "img-src", "bb", "sh", "-c", "echo committed > /note").ok();
        assertThat(docker("wait", "img-src").out().trim()).isEqualTo("0");
        String id = docker("commit", "-c", "CMD [\"cat\",\"/note\"]", "-c", "ENV COMMITTED=1", "-m", "note added", "-a", "tester",
                "img-src", "img/committed:1").ok().out().trim();
        assertThat(id).matches("sha256:[0-9a-f]{64}");
        assertThat(docker("image", "inspect", "-f", "{{.Parent}}|{{.Author}}|{{.Comment}}|{{json .Config.Cmd}}|{{len .RootFS.Layers}}",
                "img/committed:1").out()).isEqualTo(BB_ID + "|tester|note added|[\"cat\",\"/note\"]|2\n");
        assertThat(docker("image", "inspect", "-f", "{{range .Config.Env}}{{.}} {{end}}", "img/committed:1").out())
                .contains("COMMITTED=1");
        List<String> history = docker("history", "--format", "{{.ID}}|{{.Size}}|{{.CreatedBy}}|{{.Comment}}", "img/committed:1")
                .ok().out().lines().toList();
        assertThat(history).containsExactly(id.substring(7, 19) + "|10B|sh -c echo committed > /note|note added",
                "84bb18b14f3c|1.99MB||Imported from -");
        assertThat(run("img-com", "img/committed:1")).isEqualTo("committed\n");
        assertThat(docker("commit", "-c", "FROM x", "img-src").err()).contains("from is not a valid change command");
        assertThat(docker("commit", "no-such-container").err()).contains("No such container: no-such-container");
        assertThat(events.recent()).anyMatch(e -> e.type().equals("container") && e.action().equals("commit")
                && id.equals(e.attributes().get("imageID")) && "img-src".equals(e.attributes().get("name")));
    }

    @Test
    void pruneRemovesDanglingOrFilteredImages() throws Exception {
        Path rootfs = busyboxRootfs(false, "x");
        String dangling = docker("import", "-c", "LABEL purpose=prune-test", rootfs.toString()).ok().out().trim();
        String keep = docker("import", "-c", "LABEL keep=1", rootfs.toString()).ok().out().trim();
        assertThat(docker("images", "--filter", "dangling=true", "--no-trunc", "-q").out()).contains(dangling, keep);
        Result pruned = docker("image", "prune", "-f", "--filter", "label!=keep");
        assertThat(pruned.ok().out()).contains("deleted: " + dangling).doesNotContain(keep).contains("Total reclaimed space:");
        docker("tag", keep, "img/tagged-prune:1").ok();
        assertThat(docker("image", "prune", "-f").ok().out()).doesNotContain(keep);
        Result all = docker("image", "prune", "-a", "-f", "--filter", "label=keep=1");
        assertThat(all.ok().out()).contains("untagged: img/tagged-prune:1", "deleted: " + keep);
        assertThat(docker("images", "-q", "bb").out()).isEqualTo("84bb18b14f3c\n");
        Result bad = docker("image", "prune", "-f", "--filter", "until=soon");
        assertThat(bad.err()).contains("failed to parse value as time or duration: \"soon\"");
    }

    @Test
    void loadSpeaksQuietlyOrWithProgressAndSaveServesOneImage() throws Exception {
        byte[] archive = Files.readAllBytes(TestHost.fixture("busybox-docker-save.tar"));
        assertThat(http("POST", "/v1.41/images/load?quiet=1", archive))
                .endsWith("\r\n\r\n{\"stream\":\"Loaded image: bb:latest\\n\"}\n");
        String id = docker("import", busyboxRootfs(false, "progress-" + System.nanoTime()).toString(), "img/progress:1")
                .ok().out().trim();
        String saved = http("GET", "/v1.41/images/img/progress:1/get", null);
        assertThat(saved).startsWith("HTTP/1.1 200").contains("Content-Type: application/x-tar").contains("manifest.json");
        byte[] tar = saved.substring(saved.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
        docker("rmi", "img/progress:1").ok();
        String progress = http("POST", "/v1.41/images/load", tar);
        assertThat(progress).contains("{\"status\":\"Loading layer\",\"progressDetail\":{\"current\":")
                .endsWith("{\"stream\":\"Loaded image: img/progress:1\\n\"}\n");
        assertThat(docker("images", "--no-trunc", "-q", "img/progress:1").out()).isEqualTo(id + "\n");
        assertThat(http("GET", "/v1.41/images/get?names=bb&names=nope", null)).startsWith("HTTP/1.1 404")
                .contains("No such image: nope:latest");
    }

    private static String run(String name, String image) throws Exception {
        docker("run", "-d", "--name", name, image).ok();
        assertThat(docker("wait", name).out().trim()).isEqualTo("0");
        return docker("logs", name).ok().out();
    }

    /** A minimal rootfs: the static busybox with sh, cat, echo, pwd and sleep links, and /tag holding {@code tag}. */
    private static Path busyboxRootfs(boolean gzip, String tag) throws IOException {
        Path tar = Files.createTempFile(dirs.root(), "rootfs", gzip ? ".tar.gz" : ".tar");
        try (OutputStream file = Files.newOutputStream(tar);
             OutputStream out = gzip ? new GZIPOutputStream(file) : file;
             TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            for (String d : List.of("bin/", "proc/", "sys/", "dev/", "etc/", "tmp/", "w/")) {
                TarArchiveEntry e = new TarArchiveEntry(d, TarConstants.LF_DIR, true);
                e.setMode(040755);
                t.putArchiveEntry(e);
                t.closeArchiveEntry();
            }
            byte[] tagBytes = tag.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry f = new TarArchiveEntry("tag", TarConstants.LF_NORMAL, true);
            f.setMode(0100644);
            f.setSize(tagBytes.length);
            t.putArchiveEntry(f);
            t.write(tagBytes);
            t.closeArchiveEntry();
            byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
            TarArchiveEntry b = new TarArchiveEntry("bin/busybox", TarConstants.LF_NORMAL, true);
            b.setMode(0100755);
            b.setSize(busybox.length);
            t.putArchiveEntry(b);
            t.write(busybox);
            t.closeArchiveEntry();
            for (String link : List.of("sh", "cat", "echo", "pwd", "sleep")) {
                TarArchiveEntry l = new TarArchiveEntry("bin/" + link, TarConstants.LF_SYMLINK, true);
                l.setLinkName("busybox");
                t.putArchiveEntry(l);
                t.closeArchiveEntry();
            }
        }
        return tar;
    }

    /** A raw HTTP/1.0 exchange over the unix socket, the whole answer as text. */
    private static String http(String method, String path, byte[] body) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(dirs.socket()));
            byte[] data = body == null ? new byte[0] : body;
            ch.write(ByteBuffer.wrap((method + " " + path + " HTTP/1.0\r\nHost: docker\r\nContent-Type: application/x-tar\r\n"
                    + "Content-Length: " + data.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Channels.newInputStream(ch).transferTo(out);
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

}
