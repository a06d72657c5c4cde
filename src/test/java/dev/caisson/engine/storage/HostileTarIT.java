package dev.caisson.engine.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.linux.Linux;

/**
 * Malicious layer tars: whatever they hold, nothing outside the target may be created, written,
 * chmod-ed, chown-ed or re-timed. Each test snapshots a sentinel tree beside the target.
 */
class HostileTarIT {
    @TempDir
    Path base;
    Path target;
    Path outside;
    String hostName;
    Map<String, String> before;

    @BeforeAll
    static void root() {
        RootCheck.requireRoot();
    }

    @BeforeEach
    void setUp() throws IOException {
        target = Files.createDirectory(base.resolve("target"));
        outside = Files.createDirectory(base.resolve("outside"));
        Path secret = Files.writeString(outside.resolve("secret"), "secret");
        Files.setAttribute(secret, "unix:mode", 0640);
        Linux.lchown(secret, 1234, 1234);
        Files.setLastModifiedTime(secret, FileTime.fromMillis(1_000_000_000_000L));
        Files.setLastModifiedTime(outside, FileTime.fromMillis(1_000_000_000_000L));
        hostName = "caisson-hostile-" + ProcessHandle.current().pid();
        before = snapshot();
    }

    @AfterEach
    void nothingEscaped() throws IOException {
        assertEquals(before, snapshot(), "the outside tree must be untouched");
        assertFalse(Files.exists(Path.of("/etc", hostName), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(Path.of("/", hostName), LinkOption.NOFOLLOW_LINKS));
    }

    /** Everything beside the target, plus the host files a tar might aim at. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(base)) {
            for (Path p : s.filter(p -> !p.startsWith(target)).toList()) {
                m.put(p.toString(), describe(p));
            }
        }
        m.put("/etc/passwd", describe(Path.of("/etc/passwd")));
        m.put("/tmp", describe(Path.of("/tmp")));
        return m;
    }

    private static String describe(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,nlink,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        String content = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.readString(p) : "";
        return a.get("mode") + "/" + a.get("uid") + "/" + a.get("gid") + "/" + a.get("nlink") + "/" + a.get("lastModifiedTime") + "/" + content;
    }

    private void extract(TarBuilder tar) {
        LayerExtractor.extract(tar.stream(), target);
    }

    @Test
    void dotDotIsRejected() {
        assertThrows(InvalidArgumentException.class, () -> extract(new TarBuilder().file("../../etc/" + hostName, "x", 0644)));
        assertThrows(InvalidArgumentException.class, () -> extract(new TarBuilder().file("../outside/pwned", "x", 0644)));
        assertThrows(InvalidArgumentException.class, () -> extract(new TarBuilder().file("a/../../outside/secret", "x", 0777)));
    }

    @Test
    void absoluteNamesStayInside() throws IOException {
        extract(new TarBuilder().file("/etc/" + hostName, "x", 0644).file(outside + "/pwned", "x", 0644));
        assertEquals("x", Files.readString(target.resolve("etc").resolve(hostName)));
        assertTrue(Files.isRegularFile(target.resolve(outside.toString().substring(1)).resolve("pwned")));
    }

    @Test
    void symlinkAsParentToOutside() {
        assertThrows(InvalidArgumentException.class,
                () -> extract(new TarBuilder().symlink("evil", outside.toString()).file("evil/pwned", "x", 0644)));
    }

    @Test
    void symlinkToDotDotAsParent() {
        assertThrows(InvalidArgumentException.class,
                () -> extract(new TarBuilder().symlink("evil", "..").file("evil/outside/secret", "x", 0644)));
        assertThrows(InvalidArgumentException.class,
                () -> extract(new TarBuilder().symlink("evil2", "..").file("evil2/x", "x", 0644)));
    }

    @Test
    void hardlinkToHostFileStaysInside() {
        // "/etc/passwd" means the layer's own etc/passwd, which does not exist here
        assertThrows(InvalidArgumentException.class, () -> extract(new TarBuilder().hardlink("h", "/etc/passwd", 0777)));
        assertThrows(InvalidArgumentException.class, () -> extract(new TarBuilder().hardlink("h", "../outside/secret", 0777)));
    }

    @Test
    void hardlinkThroughSymlinkIsRejected() {
        assertThrows(InvalidArgumentException.class,
                () -> extract(new TarBuilder().symlink("evil", outside.toString()).hardlink("h", "evil/secret", 0777)));
    }

    @Test
    void fileReplacesSymlinkInsteadOfWritingThroughIt() throws IOException {
        extract(new TarBuilder().symlink("s", outside.resolve("secret").toString())
                .file("s", "pwned", 04777, e -> { e.setUserId(0); e.setGroupId(0); }));
        Path s = target.resolve("s");
        assertFalse(Files.isSymbolicLink(s));
        assertEquals("pwned", Files.readString(s));
    }

    @Test
    void directoryReplacesSymlink() {
        extract(new TarBuilder().symlink("d", outside.toString()).dir("d", 0777).file("d/new", "x", 0644));
        assertTrue(Files.isDirectory(target.resolve("d"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isRegularFile(target.resolve("d/new"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void metadataOnSymlinkNeverReachesItsTarget() throws IOException {
        extract(new TarBuilder()
                .symlink("m", outside.resolve("secret").toString(), e -> { e.setMode(04777); e.setUserId(0); e.setGroupId(0); })
                .symlink("t", outside.toString(), e -> e.setModTime(0))
                .hardlink("h", "m", 0777));
        assertTrue(Files.isSymbolicLink(target.resolve("m")));
        assertTrue(Files.isSymbolicLink(target.resolve("h")));
    }

    @Test
    void whiteoutThroughSymlinkIsRejected() {
        assertThrows(InvalidArgumentException.class,
                () -> extract(new TarBuilder().symlink("evil", outside.toString()).file("evil/.wh.secret", "", 0)));
        assertThrows(InvalidArgumentException.class,
                () -> extract(new TarBuilder().symlink("evil", outside.toString()).file("evil/.wh..wh..opq", "", 0)));
    }

    @Test
    void fileReplacesDirectory() throws IOException {
        extract(new TarBuilder().dir("x", 0755).file("x/inner", "i", 0644).file("x", "now a file", 0644));
        assertEquals("now a file", Files.readString(target.resolve("x")));
    }
}
