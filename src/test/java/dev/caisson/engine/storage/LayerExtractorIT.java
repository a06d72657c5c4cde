package dev.caisson.engine.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.caisson.engine.linux.Linux;

class LayerExtractorIT {
    @TempDir
    Path target;

    @BeforeAll
    static void root() {
        RootCheck.requireRoot();
    }

    private static Map<String, Object> stat(Path p) throws Exception {
        return Files.readAttributes(p, "unix:mode,uid,gid,rdev,ino,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void whiteoutsBecomeOverlayWhiteouts() throws Exception {
        byte[] tar = new TarBuilder()
                .dir("data", 0755).file("data/.wh.b", "", 0600)
                .dir("opq", 0755).file("opq/.wh..wh..opq", "", 0755).file("opq/y", "y\n", 0644)
                .bytes();
        LayerExtractor.extract(new ByteArrayInputStream(TarBuilder.gzip(tar)), target);
        Map<String, Object> b = stat(target.resolve("data/b"));
        assertEquals(Linux.S_IFCHR, (Integer) b.get("mode") & 0170000);
        assertEquals(0L, b.get("rdev"));
        assertTrue(Overlay.isWhiteout(target.resolve("data/b")));
        assertArrayEquals("y".getBytes(StandardCharsets.US_ASCII),
                Linux.getXattr(target.resolve("opq"), "trusted.overlay.opaque").orElseThrow());
        assertTrue(Files.notExists(target.resolve("opq/.wh..wh..opq"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("y\n", Files.readString(target.resolve("opq/y")));
    }

    @Test
    void preservesMetadataAndSpecialFiles() throws Exception {
        long size = LayerExtractor.extract(new TarBuilder()
                .dir("bin", 0755)
                .file("bin/su", "suid", 04755, e -> { e.setUserId(1000); e.setGroupId(1001); })
                .dir("tmp", 01777)
                .symlink("bin/sh", "su", e -> { e.setUserId(7); e.setGroupId(8); })
                .hardlink("bin/su2", "bin/su", 0644)
                .special("dev/null", TarConstants.LF_CHR, 0666, 1, 3)
                .special("dev/loop0", TarConstants.LF_BLK, 0660, 7, 0)
                .special("run/fifo", TarConstants.LF_FIFO, 0620, 0, 0)
                .file("x", "x", 0644, e -> e.addPaxHeader("SCHILY.xattr.user.note", "hi"))
                .stream(), target);
        assertEquals(4 + 1 + 2, size, "file contents plus the symlink's target length, as Docker's lstat walk counts");
        Map<String, Object> su = stat(target.resolve("bin/su"));
        assertEquals(0104755, su.get("mode"));
        assertEquals(1000, su.get("uid"));
        assertEquals(1001, su.get("gid"));
        assertEquals(FileTime.fromMillis(1_600_000_000_000L), su.get("lastModifiedTime"));
        assertEquals(su.get("ino"), stat(target.resolve("bin/su2")).get("ino"));
        assertEquals(041777, stat(target.resolve("tmp")).get("mode"));
        assertEquals(FileTime.fromMillis(1_600_000_000_000L), stat(target.resolve("bin")).get("lastModifiedTime"));
        assertEquals("su", Files.readSymbolicLink(target.resolve("bin/sh")).toString());
        assertEquals(7, stat(target.resolve("bin/sh")).get("uid"));
        assertEquals(Linux.makedev(1, 3), stat(target.resolve("dev/null")).get("rdev"));
        assertEquals(060660, stat(target.resolve("dev/loop0")).get("mode"));
        assertEquals(010620, stat(target.resolve("run/fifo")).get("mode"));
        assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), Linux.getXattr(target.resolve("x"), "user.note").orElseThrow());
    }
}
