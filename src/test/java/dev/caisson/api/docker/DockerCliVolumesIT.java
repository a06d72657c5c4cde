package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caisson.testsupport.DockerCli;
import dev.caisson.testsupport.PlatformDirs;
import dev.caisson.testsupport.TestHost;

/** The real docker CLI's volume commands and run -v/--mount/--tmpfs/--volumes-from, system df -v. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DockerCliVolumesIT {
    private static PlatformDirs dirs;
    private static boolean loaded;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "cvcli");
    }

    @BeforeEach
    void load() throws Exception {
        if (!loaded) {
            ok("load", "-i", TestHost.fixture("busybox-docker-save.tar").toString());
            ok("load", "-i", TestHost.fixture("layered-docker-save.tar").toString());
            loaded = true;
        }
    }

    @AfterAll
    static void clean() throws Exception {
        String all = docker("ps", "-aq").out().trim();
        if (!all.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f", "-v"));
            args.addAll(List.of(all.split("\\s+")));
            docker(args.toArray(String[]::new));
        }
        for (String v : docker("volume", "ls", "-q").out().trim().split("\\s+")) {
            if (!v.isEmpty()) {
                docker("volume", "rm", "-f", v);
            }
        }
        dirs.delete();
    }

    static DockerCli.Result docker(String... args) throws IOException, InterruptedException {
        return DockerCli.of(dirs).run(args);
    }

    static String ok(String... args) throws IOException, InterruptedException {
        return DockerCli.of(dirs).ok(args);
    }

    @Test
    void volumeCreateLsInspectRmAndPrune() throws Exception {
        assertThat(ok("volume", "create", "--label", "team=a", "cli-v1")).isEqualTo("cli-v1\n");
        ok("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=4m", "cli-tmp");
        String anonymous = ok("volume", "create").trim();
        assertThat(anonymous).matches("[0-9a-f]{64}");
        assertThat(ok("volume", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Scope}} {{.Labels}} {{.Mountpoint}}", "cli-v1"))
                .isEqualTo("cli-v1 local local map[team:a] " + dirs.data().resolve("volumes/cli-v1/_data") + "\n");
        assertThat(ok("volume", "inspect", "-f", "{{json .Options}}", "cli-tmp"))
                .isEqualTo("{\"device\":\"tmpfs\",\"o\":\"size=4m\",\"type\":\"tmpfs\"}\n");
        assertThat(ok("volume", "inspect", "-f", "{{.CreatedAt}}", "cli-v1").trim())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
        assertThat(ok("volume", "ls", "-q", "--filter", "label=team=a")).isEqualTo("cli-v1\n");
        assertThat(ok("volume", "ls", "-q", "--filter", "name=^cli-(v|t)")).isEqualTo("cli-tmp\ncli-v1\n");
        assertThat(ok("volume", "ls", "--format", "{{.Driver}} {{.Name}}", "--filter", "name=cli-v")).isEqualTo("local cli-v1\n");
        ok("create", "--name", "cli-user", "-v", "cli-v1:/d", "bb:latest", "true");
        assertThat(ok("volume", "ls", "-q", "--filter", "dangling=false", "--filter", "name=^cli-")).isEqualTo("cli-v1\n");
        assertThat(ok("volume", "ls", "-q", "--filter", "dangling=true")).doesNotContain("cli-v1").contains("cli-tmp");

        DockerCli.Result inUse = docker("volume", "rm", "cli-v1");
        assertThat(inUse.code()).isNotZero();
        String userId = ok("inspect", "-f", "{{.Id}}", "cli-user").trim();
        assertThat(inUse.err()).contains("remove cli-v1: volume is in use - [" + userId + "]");
        assertThat(docker("volume", "rm", "nope").err()).contains("get nope: no such volume");
        assertThat(docker("volume", "rm", "-f", "nope").code()).isZero();
        assertThat(docker("volume", "create", "x").err()).contains("create x: volume name is too short");

        // API 1.41 (what the CLI negotiates with Caisson): prune takes every unused volume without options
        String pruned = ok("volume", "prune", "-f");
        assertThat(pruned).contains(anonymous).doesNotContain("cli-v1").doesNotContain("cli-tmp");
        ok("rm", "cli-user");
        assertThat(ok("volume", "prune", "-f")).contains("cli-v1");
        ok("volume", "rm", "cli-tmp");
        assertThat(ok("volume", "ls", "-q", "--filter", "name=^cli-(v|t)")).isEmpty();
    }

    @Test
    void runWithNamedVolumesBindsTmpfsAndVolumesFrom() throws Exception {
        Path host = Files.createTempDirectory(Path.of("/tmp"), "cvcli-host");
        try {
            Files.writeString(host.resolve("from-host"), "h\n");
            ok("run", "--name", "cli-w", "-v", "cli-data:/data", "-v", host + ":/h:ro", "-v", "/anon",
                    "--mount", "type=volume,src=cli-m,dst=/m,volume-opt=type=tmpfs,volume-opt=device=tmpfs,volume-opt=o=size=2m",
                    "--mount", "type=tmpfs,dst=/tm,tmpfs-size=3m,tmpfs-mode=1770", "--tmpfs", "/tt:size=1m",
                    "bb:latest", "sh", "-c", "echo kept > /data/f; cat /h/from-host; touch /h/x 2>&1;"
                            + " df -k /m /tm /tt | tail -3 | awk '{print $2}'");
            assertThat(ok("logs", "cli-w")).isEqualTo("h\ntouch: /h/x: Read-only file system\n2048\n3072\n1024\n");
            // the docker CLI sends -v binds in a random order (it collects them in a Go map): compare as sets
            List<String> mounts = List.of(ok("inspect", "-f",
                    "{{range .Mounts}}{{.Type}} {{.Name}} {{.Destination}} {{.Mode}} {{.RW}}|{{end}}", "cli-w").trim().split("\\|"));
            assertThat(mounts).hasSize(5).contains("volume cli-data /data z true", "bind  /h ro false", "volume cli-m /m z true",
                    "tmpfs  /tm  true").anyMatch(m -> m.matches("volume [0-9a-f]{64} /anon  true"));
            String[] echoed = ok("inspect", "-f", "{{range .HostConfig.Binds}}{{.}}|{{end}} {{json .HostConfig.Tmpfs}}", "cli-w")
                    .trim().split(" ");
            assertThat(echoed[0].split("\\|")).containsExactlyInAnyOrder("cli-data:/data", host + ":/h:ro");
            assertThat(echoed[1]).isEqualTo("{\"/tt\":\"size=1m\"}");
            assertThat(ok("inspect", "-f", "{{json .HostConfig.Mounts}}", "cli-w")).contains(
                    "{\"Type\":\"tmpfs\",\"Target\":\"/tm\",\"TmpfsOptions\":{\"SizeBytes\":3145728,\"Mode\":1016}}");
            assertThat(ok("ps", "-a", "--filter", "volume=cli-data", "--format", "{{.Names}}")).isEqualTo("cli-w\n");
            assertThat(ok("run", "--rm", "--volumes-from", "cli-w:ro", "bb:latest", "sh", "-c", "cat /data/f; touch /data/g 2>&1; true"))
                    .isEqualTo("kept\ntouch: /data/g: Read-only file system\n");
            assertThat(ok("run", "--rm", "-v", "cli-data:/again", "bb:latest", "cat", "/again/f")).isEqualTo("kept\n");

            String anon = ok("inspect", "-f", "{{range .Mounts}}{{if eq .Destination \"/anon\"}}{{.Name}}{{end}}{{end}}", "cli-w").trim();
            assertThat(ok("volume", "ls", "-q")).contains(anon);
            ok("rm", "-v", "cli-w");
            assertThat(ok("volume", "ls", "-q")).doesNotContain(anon).contains("cli-data").contains("cli-m");
            DockerCli.Result bad = docker("run", "--rm", "-v", "a/b:/c", "bb:latest", "true");   // "x:/c" would be a Windows path to the CLI
            assertThat(bad.code()).isEqualTo(125);
            assertThat(bad.err()).contains("create a/b: \"a/b\" includes invalid characters for a local volume name");
            DockerCli.Result noSource = docker("run", "--rm", "--mount", "type=bind,src=/nonexistent-cvcli,dst=/c", "bb:latest", "true");
            assertThat(noSource.err()).contains("bind source path does not exist: /nonexistent-cvcli");
            ok("volume", "rm", "cli-data", "cli-m");
        } finally {
            TestHost.deleteTree(host);
        }
    }

    @Test
    void theLayeredImagesVolumeArrivesWithItsContentAndSystemDfCountsIt() throws Exception {
        assertThat(ok("run", "--name", "cli-layered", "fixture/layered:1", "sh", "-c", "ls /data; readlink /data/link; cat /data/a"))
                .isEqualTo("a\nlink\n/data/a\none\n");
        assertThat(ok("inspect", "-f", "{{json .Config.Volumes}}", "cli-layered")).isEqualTo("{\"/data\":{}}\n");
        String vol = ok("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", "cli-layered").trim();
        String df = ok("system", "df", "-v");
        // a is 4 bytes, link 7 ("/data/a"): Docker counts files and links, not directories
        assertThat(df).containsPattern(vol + "\\s+1\\s+11B");
        assertThat(ok("system", "df").lines().filter(l -> l.startsWith("Local Volumes")).findFirst().orElseThrow())
                .matches("Local Volumes\\s+\\d+\\s+\\d+\\s+\\d+B\\s+.*");
        ok("rm", "-v", "cli-layered");
        assertThat(ok("volume", "ls", "-q")).doesNotContain(vol);
    }
}
