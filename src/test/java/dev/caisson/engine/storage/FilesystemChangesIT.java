package dev.caisson.engine.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.caisson.engine.linux.Linux;

/** Changes read from a hand-made upper dir (no mount needed) and the tars made from it. */
class FilesystemChangesIT {
    @TempDir
    Path tmp;

    @BeforeAll
    static void root() {
        RootCheck.requireRoot();
    }

    @Test
    void listsChangesAndTarsWhiteouts() throws Exception {
        Path lower = Files.createDirectories(tmp.resolve("lower"));
        Files.createDirectories(lower.resolve("etc/old"));
        Files.writeString(lower.resolve("etc/passwd"), "root");
        Files.writeString(lower.resolve("etc/old/f"), "f");
        Files.writeString(lower.resolve("etc/gone"), "g");
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Files.createDirectories(upper.resolve("etc/old"));
        Files.writeString(upper.resolve("etc/passwd"), "root2");
        Linux.mknod(upper.resolve("etc/gone"), Linux.S_IFCHR, 0, 0);
        Linux.setXattr(upper.resolve("etc/old"), "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(upper.resolve("etc/old/f"), "new f");
        Files.createDirectories(upper.resolve("srv/www"));
        Files.writeString(upper.resolve("srv/www/index"), "hi");
        Files.createSymbolicLink(upper.resolve("srv/ln"), Path.of("/etc/passwd"));

        List<String> changes = FilesystemChanges.changes(upper, List.of(lower)).stream().map(Change::toString).toList();
        assertEquals(List.of("C /etc", "D /etc/gone", "C /etc/old", "A /etc/old/f", "C /etc/passwd",
                "A /srv", "A /srv/ln", "A /srv/www", "A /srv/www/index"), changes);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FilesystemChanges.writeLayerTar(upper, out);
        assertEquals(List.of("etc/", "etc/.wh.gone", "etc/old/", "etc/old/.wh..wh..opq", "etc/old/f", "etc/passwd",
                "srv/", "srv/ln", "srv/www/", "srv/www/index"), names(out.toByteArray()));

        // and back: extracting the tar gives an equivalent upper dir
        Path again = Files.createDirectories(tmp.resolve("again"));
        LayerExtractor.extract(new ByteArrayInputStream(out.toByteArray()), again);
        assertEquals(changes, FilesystemChanges.changes(again, List.of(lower)).stream().map(Change::toString).toList());

        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        FilesystemChanges.writeTreeTar(upper, plain);
        assertEquals(List.of("etc/", "etc/gone", "etc/old/", "etc/old/f", "etc/passwd", "srv/", "srv/ln", "srv/www/",
                "srv/www/index"), names(plain.toByteArray()));
    }

    @Test
    void lowerSymlinksAreNotFollowed() throws Exception {
        Path lower = Files.createDirectories(tmp.resolve("lower"));
        Files.createDirectories(lower.resolve("usr/lib"));
        Files.writeString(lower.resolve("usr/lib/x"), "x");
        Files.createSymbolicLink(lower.resolve("lib"), Path.of("usr/lib"));
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Files.createDirectories(upper.resolve("lib"));
        Files.writeString(upper.resolve("lib/x"), "mine");
        assertEquals(List.of("C /lib", "A /lib/x"),
                FilesystemChanges.changes(upper, List.of(lower)).stream().map(Change::toString).toList());
    }

    private static List<String> names(byte[] tar) throws Exception {
        List<String> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                out.add(e.getName());
            }
        }
        return out;
    }
}
