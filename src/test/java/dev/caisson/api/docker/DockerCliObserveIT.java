package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caisson.engine.Engine;
import dev.caisson.engine.runtime.Container;
import dev.caisson.testsupport.PlatformDirs;
import dev.caisson.testsupport.TestHost;

/**
 * The observing and maintenance commands of the real docker CLI against Caisson: stats, top,
 * events, system df, ps with filters and sizes, rename, diff, export, prune and update; and
 * 200 concurrent `logs -f` followers on Tomcat's default 200 request threads.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DockerCliObserveIT {
    private static PlatformDirs dirs;

    @Autowired
    Engine engine;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "cobs");
    }

    @BeforeEach
    void load() throws Exception {
        TestHost.loadBusybox(engine);
    }

    @AfterEach
    void removeContainers() {
        for (Container c : engine.containers().list()) {
            engine.containers().remove(c.id(), true);
        }
    }

    @AfterAll
    static void clean() throws IOException {
        dirs.delete();
    }

    record Result(int code, String out, String err) {
    }

    static Result docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DOCKER_HOST", "unix://" + dirs.socket());
        pb.environment().put("DOCKER_CONFIG", dirs.root().resolve("docker-config").toString());
        Path out = Files.createTempFile(dirs.root(), "out", ".txt");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " hung");
        }
        String stdout = Files.readString(out);
        Files.delete(out);
        return new Result(p.exitValue(), stdout, err);
    }

    static String ok(String... args) throws IOException, InterruptedException {
        Result r = docker(args);
        assertThat(r.code()).as("docker %s: %s", String.join(" ", args), r.err()).isZero();
        return r.out();
    }

    private String sleeper(String name, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name));
        args.addAll(List.of(extra));
        args.addAll(List.of("bb:latest", "sleep", "300"));
        return ok(args.toArray(String[]::new)).trim();
    }

    @Test
    void statsOnceAndFormatted() throws Exception {
        sleeper("obs-stats");
        ok("create", "--name", "obs-idle", "bb:latest", "true");
        String table = ok("stats", "--no-stream", "obs-stats", "obs-idle");
        assertThat(table).startsWith("CONTAINER ID   NAME").contains("MEM USAGE / LIMIT");
        assertThat(table.lines().filter(l -> l.contains("obs-idle")).findFirst().orElseThrow())
                .contains("0.00%").contains("0B / 0B");
        String line = ok("stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}} {{.MemUsage}}", "obs-stats").trim();
        assertThat(line).matches("obs-stats 1 [0-9.]+[KMG]?i?B / [0-9.]+GiB");
    }

    @Test
    void topListsTheContainersProcessesWithPsArgs() throws Exception {
        sleeper("obs-top");
        String table = ok("top", "obs-top");
        assertThat(table.lines().findFirst().orElseThrow()).startsWith("UID").contains("PID").contains("CMD");
        assertThat(table).contains("sleep 300").hasLineCount(2);
        String custom = ok("top", "obs-top", "-o", "pid,args");
        assertThat(custom.lines().findFirst().orElseThrow()).matches("PID\\s+COMMAND");
        ok("stop", "-t", "0", "obs-top");
        Result stopped = docker("top", "obs-top");
        assertThat(stopped.err()).contains("is not running");
    }

    @Test
    void eventsBetweenSinceAndUntilWithFilters() throws Exception {
        long t0 = Instant.now().getEpochSecond() - 1;
        ok("create", "--name", "obs-ev", "--label", "team=obs", "bb:latest", "true");
        ok("start", "obs-ev");
        ok("wait", "obs-ev");
        ok("create", "--name", "obs-other", "bb:latest", "true");
        String until = Long.toString(Instant.now().getEpochSecond() + 1);
        String since = Long.toString(t0);
        String all = ok("events", "--since", since, "--until", until, "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}");
        assertThat(all.lines()).containsSubsequence("container create obs-ev", "container start obs-ev",
                "container die obs-ev", "container create obs-other");
        String filtered = ok("events", "--since", since, "--until", until, "--filter", "container=obs-ev",
                "--filter", "event=start", "--format", "{{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.team}}");
        assertThat(filtered).isEqualTo("start obs-ev obs\n");
        assertThat(ok("events", "--since", since, "--until", until, "--filter", "label=team=obs",
                "--format", "{{.Actor.Attributes.name}}").lines().distinct()).containsExactly("obs-ev");
        // obs-ev's start and exit on the default bridge: Docker's network connect and disconnect
        assertThat(ok("events", "--since", since, "--until", until, "--filter", "type=network",
                "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}").lines())
                .containsSubsequence("network connect bridge", "network disconnect bridge").allMatch(l -> l.startsWith("network "));
    }

    @Test
    void systemDfShortAndVerbose() throws Exception {
        ok("run", "-d", "--name", "obs-df", "bb:latest", "sh", "-c", "echo 12345678 > /data; exec sleep 300");
        ok("create", "--name", "obs-df2", "bb:latest", "true");
        String df = ok("system", "df");
        assertThat(df.lines().filter(l -> l.startsWith("Images")).findFirst().orElseThrow()).matches("Images\\s+1\\s+1\\s+.*");
        assertThat(df.lines().filter(l -> l.startsWith("Containers")).findFirst().orElseThrow())
                .matches("Containers\\s+2\\s+1\\s+\\d+B\\s+.*");
        String verbose = ok("system", "df", "-v");
        assertThat(verbose).contains("Images space usage:").contains("Containers space usage:");
        assertThat(verbose.lines().filter(l -> l.startsWith("bb ")).findFirst().orElseThrow()).endsWith(" 2");
        assertThat(verbose).containsPattern("obs-df2").containsPattern("\\s9B\\s.*obs-df\\n");
    }

    @Test
    void psFiltersFormatsLimitsAndSizes() throws Exception {
        ok("run", "-d", "--name", "obs-a", "--label", "tier=web", "bb:latest", "sh", "-c", "echo 1234 > /f; exec sleep 300");
        ok("run", "-d", "--name", "obs-b", "bb:latest", "sh", "-c", "exit 3");
        ok("wait", "obs-b");
        ok("create", "--name", "obs-c", "bb:latest", "true");
        assertThat(ok("ps", "--format", "{{.Names}}")).isEqualTo("obs-a\n");
        assertThat(ok("ps", "-a", "--format", "{{.Names}}")).isEqualTo("obs-c\nobs-b\nobs-a\n");
        assertThat(ok("ps", "-a", "--filter", "status=exited", "--format", "{{.Names}} {{.Status}}")).startsWith("obs-b Exited (3)");
        assertThat(ok("ps", "-a", "--filter", "exited=3", "--format", "{{.Names}}")).isEqualTo("obs-b\n");
        assertThat(ok("ps", "-a", "--filter", "label=tier=web", "--format", "{{.Names}}")).isEqualTo("obs-a\n");
        assertThat(ok("ps", "-a", "--filter", "name=^obs-[bc]", "--format", "{{.Names}}")).isEqualTo("obs-c\nobs-b\n");
        assertThat(ok("ps", "-a", "--filter", "ancestor=bb", "-q")).hasLineCount(3);
        assertThat(ok("ps", "-a", "--filter", "ancestor=no-such-image", "-q")).isEmpty();
        assertThat(ok("ps", "-a", "--filter", "before=obs-c", "--format", "{{.Names}}")).isEqualTo("obs-b\nobs-a\n");
        assertThat(ok("ps", "-a", "--filter", "since=obs-a", "--format", "{{.Names}}")).isEqualTo("obs-c\nobs-b\n");
        assertThat(ok("ps", "-n", "2", "--format", "{{.Names}}")).isEqualTo("obs-c\nobs-b\n");
        assertThat(ok("ps", "-l", "--format", "{{.Names}}")).isEqualTo("obs-c\n");
        assertThat(ok("ps", "-s", "--format", "{{.Names}} {{.Size}}")).matches("obs-a 5B \\(virtual [0-9.]+MB\\)\\n");
        assertThat(docker("ps", "--filter", "foo=bar").err()).contains("Invalid filter 'foo'");
        assertThat(docker("ps", "--filter", "status=sleepy").err()).contains("Invalid filter 'status=sleepy'");
        assertThat(docker("ps", "--filter", "exited=x").err()).contains("strconv.Atoi: parsing \"x\": invalid syntax");
    }

    @Test
    void renameDiffAndExport() throws Exception {
        ok("run", "-d", "--name", "obs-files", "bb:latest", "sh", "-c", "echo hi > /added; rm /bin/ls; exec sleep 300");
        ok("rename", "obs-files", "obs-renamed");
        assertThat(ok("ps", "--format", "{{.Names}}")).isEqualTo("obs-renamed\n");
        assertThat(docker("rename", "obs-renamed", "obs-renamed").err())
                .contains("Renaming a container with the same name as its current name");
        assertThat(ok("diff", "obs-renamed").lines()).contains("A /added", "C /bin", "D /bin/ls");
        Path tar = dirs.root().resolve("export.tar");
        ok("export", "-o", tar.toString(), "obs-renamed");
        List<String> names = tarNames(tar);
        Files.delete(tar);
        assertThat(names).contains("added", "bin/busybox").doesNotContain("bin/ls")
                .noneMatch(n -> n.startsWith("proc/") || n.startsWith("sys/"));   // the container's mounts stay out
    }

    @Test
    void pruneRemovesStoppedContainersMatchingTheFilters() throws Exception {
        sleeper("obs-running");
        ok("create", "--name", "obs-keep", "--label", "keep=yes", "bb:latest", "true");
        String drop = ok("create", "--name", "obs-drop", "bb:latest", "true").trim();
        String out = ok("container", "prune", "-f", "--filter", "label!=keep=yes");
        assertThat(out).startsWith("Deleted Containers:\n" + drop + "\n").contains("Total reclaimed space:");
        assertThat(ok("ps", "-a", "--format", "{{.Names}}")).isEqualTo("obs-keep\nobs-running\n");
        assertThat(ok("container", "prune", "-f", "--filter", "until=1h")).doesNotContain("Deleted");
        assertThat(docker("container", "prune", "-f", "--filter", "until=soon").err())
                .contains("failed to parse value as time or duration: \"soon\"");
    }

    @Test
    void updateChangesTheRunningCgroupAndTheSpec() throws Exception {
        String id = sleeper("obs-upd", "--memory", "32m");
        ok("update", "--memory", "48m", "obs-upd");
        assertThat(memoryLimit(id)).isEqualTo(48L << 20);
        assertThat(ok("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}", "obs-upd"))
                .isEqualTo((48L << 20) + " " + (64L << 20) + "\n");
        assertThat(docker("update", "--memory", "100m", "obs-upd").err())
                .contains("Memory limit should be smaller than already set memoryswap limit");
        ok("update", "--memory", "100m", "--memory-swap", "200m", "obs-upd");
        assertThat(memoryLimit(id)).isEqualTo(100L << 20);
        ok("stop", "-t", "0", "obs-upd");
        ok("start", "obs-upd");
        assertThat(memoryLimit(id)).as("a restart keeps the updated limit").isEqualTo(100L << 20);
    }

    /** Live streams over the socket: events as they happen, stats once a second with the previous reading. */
    @Test
    void eventAndStatsStreams() throws Exception {
        sleeper("obs-live");
        try (Selector selector = Selector.open()) {
            List<ByteArrayOutputStream> events = List.of(open(selector, "/v1.41/events?filters="
                    + java.net.URLEncoder.encode("{\"type\":{\"container\":true}}", StandardCharsets.UTF_8)));
            List<ByteArrayOutputStream> stats = List.of(open(selector, "/v1.41/containers/obs-live/stats"));
            readUntil(selector, events, b -> b.contains("HTTP/1.1 200"), 10_000);
            ok("create", "--name", "obs-late", "bb:latest", "true");
            readUntil(selector, events, b -> b.contains("\"Action\":\"create\""), 10_000);
            assertThat(events.get(0).toString(StandardCharsets.UTF_8)).contains("\"from\":\"bb:latest\"")
                    .contains("\"name\":\"obs-late\"").doesNotContain("obs-live");
            readUntil(selector, stats, b -> b.split("\"read\"").length > 3, 10_000);
            String[] docs = stats.get(0).toString(StandardCharsets.UTF_8).split("\n");
            List<String> reads = new ArrayList<>();
            List<String> prereads = new ArrayList<>();
            for (String d : docs) {
                var m = java.util.regex.Pattern.compile("\"read\":\"([^\"]+)\",\"preread\":\"([^\"]+)\"").matcher(d);
                if (m.find()) {
                    reads.add(m.group(1));
                    prereads.add(m.group(2));
                }
            }
            assertThat(reads).hasSizeGreaterThanOrEqualTo(2);
            assertThat(prereads.get(1)).isEqualTo(reads.get(0));
            assertThat(java.time.Duration.between(Instant.parse(reads.get(0)), Instant.parse(reads.get(1))).toMillis())
                    .isBetween(900L, 1500L);
            for (SelectionKey k : selector.keys()) {
                k.channel().close();
            }
        }
    }

    private static ByteArrayOutputStream open(Selector selector, String path) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(dirs.socket()));
        ch.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: docker\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
        ch.configureBlocking(false);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ch.register(selector, SelectionKey.OP_READ, buf);
        return buf;
    }

    /** The limit in the container's own cgroup, read on the host (v1 or v2). */
    private long memoryLimit(String id) throws IOException {
        Path v1 = Path.of("/sys/fs/cgroup/memory/caisson", id, "memory.limit_in_bytes");
        Path file = Files.exists(v1) ? v1 : Path.of("/sys/fs/cgroup/caisson", id, "memory.max");
        return Long.parseLong(Files.readString(file).trim());
    }

    private static List<String> tarNames(Path tar) throws IOException {
        List<String> names = new ArrayList<>();
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(tar))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName().replaceFirst("^\\./", "").replaceFirst("/$", ""));
            }
        }
        return names;
    }

    /**
     * 200 `logs -f` clients at once, each on its own unix socket connection, with Tomcat's
     * default pool of 200 request threads: none may hold a thread while it waits, so the API
     * still answers other requests, and each follower gets the line written afterwards.
     */
    @Test
    void twoHundredLogFollowersShareOneThread() throws Exception {
        ok("run", "-d", "--name", "obs-follow", "bb:latest", "sh", "-c",
                "trap 'echo after' USR1; echo before; while true; do sleep 0.1; done");
        awaitLogs("obs-follow", "before");
        int n = 200;
        try (Selector selector = Selector.open()) {
            List<ByteArrayOutputStream> received = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                received.add(open(selector, "/v1.41/containers/obs-follow/logs?follow=1&stdout=1&tail=0"));
            }
            try {
                readUntil(selector, received, b -> b.contains("HTTP/1.1 200"), 30_000);
                // all 200 wait now; a 201st request must still find a thread
                CompletableFuture<String> ping = CompletableFuture.supplyAsync(() -> rawRequest("GET /_ping HTTP/1.0\r\n\r\n"));
                assertThat(ping.get(10, TimeUnit.SECONDS)).endsWith("OK");
                ok("kill", "-s", "USR1", "obs-follow");
                readUntil(selector, received, b -> b.contains("after\n"), 30_000);
                assertThat(received).allSatisfy(b -> assertThat(b.toString(StandardCharsets.UTF_8))
                        .contains("after\n").doesNotContain("before"));
            } finally {
                for (SelectionKey k : selector.keys()) {
                    k.channel().close();
                }
            }
        }
    }

    private static void readUntil(Selector selector, List<ByteArrayOutputStream> received, Predicate<String> done,
                                  long timeoutMs) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (!received.stream().allMatch(b -> done.test(b.toString(StandardCharsets.UTF_8)))) {
            long left = deadline - System.currentTimeMillis();
            long waiting = received.stream().filter(b -> !done.test(b.toString(StandardCharsets.UTF_8))).count();
            assertThat(left).as("%d of %d followers still waiting", waiting, received.size()).isPositive();
            selector.select(left);
            for (SelectionKey k : selector.selectedKeys()) {
                buf.clear();
                int r = ((SocketChannel) k.channel()).read(buf);
                if (r < 0) {
                    k.cancel();
                } else {
                    ((ByteArrayOutputStream) k.attachment()).write(buf.array(), 0, r);
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private static String rawRequest(String request) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(dirs.socket()));
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            while (ch.read(buf) >= 0) {
                // HTTP/1.0: until the server closes
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void awaitLogs(String name, String text) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (docker("logs", name).out().contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " never logged " + text);
    }

}
