package dev.caisson.engine.archive;

import static dev.caisson.engine.archive.ArchiveHarness.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.caisson.engine.EngineException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.linux.Linux;
import dev.caisson.engine.storage.TarBuilder;
import dev.caisson.testsupport.TestHost;

/**
 * CVE-2018-15664 and friends: whatever links a container holds, whatever ".." a client sends,
 * and whatever a container swaps in while a copy runs, docker cp never reads or writes a host
 * file. A canary directory on the host (also named by the container's links) is compared
 * before and after each test, and marker names are checked in the host's / and /etc.
 */
class HostileCopyIT {
    private static ArchiveHarness h;
    private Path canary;
    private String marker;
    private Map<String, String> before;

    @BeforeAll
    static void open() throws IOException {
        h = new ArchiveHarness();
    }

    @AfterAll
    static void close() throws IOException {
        if (h != null) {
            h.close();
        }
    }

    @BeforeEach
    void canary() throws IOException {
        canary = TestHost.shortTempDir("arccanary");
        Path secret = Files.writeString(canary.resolve("secret"), "host-secret");
        Linux.lchown(secret, 4321, 4321);
        Files.setLastModifiedTime(secret, FileTime.fromMillis(1_000_000_000_000L));
        Files.setLastModifiedTime(canary, FileTime.fromMillis(1_000_000_000_000L));
        marker = "caisson-pwned-" + ProcessHandle.current().pid();
        before = snapshot();
    }

    @AfterEach
    void hostUntouched() throws IOException {
        try {
            assertThat(snapshot()).as("the host canary tree").isEqualTo(before);
            for (String dir : List.of("/", "/etc", "/tmp")) {
                assertThat(Files.exists(Path.of(dir, marker), LinkOption.NOFOLLOW_LINKS)).as(dir + marker).isFalse();
            }
        } finally {
            TestHost.deleteTree(canary);
        }
    }

    /** Links to the host canary, to "/" and above, to /etc (which host and container both have). */
    private String links() {
        return "mkdir -p /d && ln -s / /d/root && ln -s ../../../../.. /d/up && ln -s " + canary + " /d/esc"
                + " && ln -s ../../../../../.." + canary + " /d/escrel && ln -s /etc /d/etc && ln -s ../../etc /d/etcrel";
    }

    @Test
    void runningContainerLinksNeverLeadToTheHost() throws IOException {
        String id = h.running(links());
        noHostReads(id);
        noHostWrites(id);
        // /proc/<pid>/root and friends are magic links: refused, never followed
        assertThatThrownBy(() -> h.get(id, "/proc/1/root" + canary + "/secret")).isInstanceOf(SystemException.class);
        assertThatThrownBy(() -> h.put(id, "/proc/1/cwd", new TarBuilder().file(marker, "x", 0644).bytes()))
                .isInstanceOf(SystemException.class);
    }

    @Test
    void stoppedContainerLinksNeverLeadToTheHost() throws IOException {
        String id = h.stopped(links());
        noHostReads(id);
        noHostWrites(id);
    }

    private void noHostReads(String id) throws IOException {
        for (String p : List.of("/d/esc/secret", "/d/escrel/secret", "/d/esc/", "/d/up" + canary + "/secret",
                "/d/root" + canary + "/secret", "/../../.." + canary + "/secret", "d/../../" + canary + "/secret",
                "/d/etc/passwd", "/d/etcrel/passwd", "/d/up/etc/passwd")) {
            assertThatThrownBy(() -> h.archive.stat(id, p)).as(p).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> h.get(id, p)).as(p).isInstanceOf(NotFoundException.class);
        }
        // a link's target is reported as the container sees it, clamped at its root
        assertThat(h.archive.stat(id, "/d/up").linkTarget()).isEqualTo("/");
        assertThat(h.archive.stat(id, "/d/escrel").linkTarget()).isEqualTo(canary.toString());
        // "/d/up/" is the container's root, not the host's
        List<String> names = read(h.get(id, "/d/up/")).names();
        assertThat(names).contains("up/d/esc", "up/bin/busybox").noneMatch(n -> n.startsWith("up/work/") || n.contains("secret"));
        // busybox's /etc is empty but for the files a running container gets mounted
        assertThat(read(h.get(id, "/d/etc/")).names()).contains("etc/")
                .allMatch(n -> List.of("etc/", "etc/hostname", "etc/hosts", "etc/resolv.conf").contains(n));
    }

    private void noHostWrites(String id) throws IOException {
        byte[] one = new TarBuilder().file(marker, "pwned", 0644).bytes();
        assertThatThrownBy(() -> h.put(id, "/d/esc", one)).isInstanceOf(NotFoundException.class);
        for (String target : List.of("/d/root", "/d/up", "/d/up/../..", "/d/etc", "/d/etcrel")) {
            h.put(id, target, one);
        }
        assertThat(h.archive.stat(id, "/" + marker).size()).isEqualTo(5);
        assertThat(h.archive.stat(id, "/etc/" + marker).size()).isEqualTo(5);

        // entries that climb out, or pass through links the tar itself plants
        assertThatThrownBy(() -> h.put(id, "/d", new TarBuilder().file("../../.." + canary + "/secret", "x", 0644).bytes()))
                .isInstanceOf(SystemException.class).hasMessageContaining("is outside of");
        h.put(id, "/d", new TarBuilder().symlink("planted", "/").file("planted/tmp/" + marker, "in ctr", 0644).bytes());
        assertThat(h.archive.stat(id, "/tmp/" + marker).size()).isEqualTo(6);
        assertThatThrownBy(() -> h.put(id, "/d", new TarBuilder().symlink("toCanary", canary.toString())
                .file("toCanary/secret", "pwned", 0644).bytes())).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> h.put(id, "/d", new TarBuilder().hardlink("hl", "root" + canary + "/secret", 0644).bytes()))
                .isInstanceOf(EngineException.class);
        h.put(id, "/d", new TarBuilder().file("up", "replaces the link, not its target", 0644).bytes());
        assertThat(h.archive.stat(id, "/d/up").linkTarget()).isEmpty();
    }

    /**
     * The container swaps a directory for links to the host canary and to / while we copy in
     * and out of it as fast as we can; every outcome is allowed except touching the host.
     */
    @Test
    void swappingDirectoriesForLinksMidCopyDoesNotEscape() throws IOException {
        String id = h.running("mkdir -p /d; (while :; do rm -rf /d/sw; mkdir /d/sw; echo in > /d/sw/f; rm -rf /d/sw;"
                + " ln -s " + canary + " /d/sw; rm -f /d/sw; ln -s / /d/sw; rm -f /d/sw; ln -s /etc /d/sw; done) & true");
        byte[] tar = new TarBuilder().file(marker, "race", 0644).file("sub/secret", "race", 0644).bytes();
        int inside = 0;
        // at least 300 rounds, and more until one copy met the real directory (the container's loop may start late)
        for (int i = 0; i < 300 || inside == 0 && i < 5000; i++) {
            try {
                ArchiveHarness.Tar t = read(h.get(id, "/d/sw/"));
                assertThat(t.contents().values()).doesNotContain("host-secret");
                inside += t.contents().containsValue("in\n") ? 1 : 0;
            } catch (EngineException expected) {
                // vanished or not found: fine
            }
            try {
                assertThat(read(h.get(id, "/d/sw/secret")).contents().values()).doesNotContain("host-secret");
            } catch (EngineException expected) {
                // fine
            }
            try {
                h.put(id, "/d/sw", tar);
            } catch (EngineException expected) {
                // fine
            }
        }
        assertThat(inside).as("some copies must have raced with a real directory").isPositive();
    }

    /** Every file under the canary: content, mode, owner, mtime, link count. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(canary)) {
            for (Path p : walk.toList()) {
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,nlink,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                String content = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.readString(p) : "";
                out.put(canary.relativize(p).toString(), a.get("mode") + " " + a.get("uid") + ":" + a.get("gid") + " "
                        + a.get("nlink") + " " + a.get("lastModifiedTime") + " " + content);
            }
        }
        return out;
    }
}
