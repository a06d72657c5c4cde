package dev.caisson.engine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import dev.caisson.engine.SystemException;
import dev.caisson.engine.linux.Linux;

/** Writes a directory tree as a tar, in sorted depth-first order so equal trees give equal bytes. */
final class TreeTarWriter {
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;

    private final Path root;
    private final TarArchiveOutputStream tar;
    private final boolean overlayWhiteouts;
    private final Map<String, String> firstNameOfInode = new HashMap<>();

    private TreeTarWriter(Path root, TarArchiveOutputStream tar, boolean overlayWhiteouts) {
        this.root = root;
        this.tar = tar;
        this.overlayWhiteouts = overlayWhiteouts;
    }

    static void write(Path root, OutputStream out, boolean overlayWhiteouts) {
        try {
            // the caller owns `out`; finish() ends the archive without closing it
            TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            new TreeTarWriter(root, tar, overlayWhiteouts).children(root);
            tar.finish();
            tar.flush();
        } catch (IOException e) {
            throw new SystemException("cannot tar " + root + ": " + e.getMessage(), e);
        }
    }

    private void children(Path dir) throws IOException {
        List<Path> kids;
        try (Stream<Path> s = Files.list(dir)) {
            kids = s.sorted().toList();
        }
        for (Path p : kids) {
            entry(p);
        }
    }

    private void entry(Path p) throws IOException {
        String name = root.relativize(p).toString();
        Map<String, Object> st = Files.readAttributes(p, "unix:mode,uid,gid,rdev,ino,dev,nlink,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) st.get("mode");
        int type = mode & S_IFMT;
        long rdev = (Long) st.get("rdev");
        if (overlayWhiteouts && type == Linux.S_IFCHR && rdev == 0) {
            String parent = p.getParent().equals(root) ? "" : root.relativize(p.getParent()) + "/";
            emptyFile(parent + LayerExtractor.WHITEOUT_PREFIX + p.getFileName(), st);
            return;
        }
        TarArchiveEntry e;
        if (type == S_IFDIR) {
            e = new TarArchiveEntry(name + "/", TarConstants.LF_DIR, true);
        } else if (type == S_IFLNK) {
            e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
            e.setLinkName(Files.readSymbolicLink(p).toString());
        } else if (type == S_IFREG) {
            String inode = st.get("dev") + ":" + st.get("ino");
            String first = (Integer) st.get("nlink") > 1 ? firstNameOfInode.putIfAbsent(inode, name) : null;
            if (first != null) {
                e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
                e.setLinkName(first);
            } else {
                e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
                e.setSize(Files.size(p));
            }
        } else if (type == Linux.S_IFCHR || type == Linux.S_IFBLK) {
            e = new TarArchiveEntry(name, type == Linux.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK, true);
            e.setDevMajor((int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL)));
            e.setDevMinor((int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL)));
        } else if (type == Linux.S_IFIFO) {
            e = new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
        } else {
            return; // sockets cannot be archived
        }
        e.setMode(mode);
        e.setUserId((Integer) st.get("uid"));
        e.setGroupId((Integer) st.get("gid"));
        e.setModTime(((FileTime) st.get("lastModifiedTime")).toMillis());
        if (type != S_IFLNK) {
            addXattrs(p, e);
        }
        tar.putArchiveEntry(e);
        if (type == S_IFREG && !e.isLink()) {
            try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
        if (type == S_IFDIR) {
            if (overlayWhiteouts && Overlay.isOpaque(p)) {
                emptyFile(name + "/" + LayerExtractor.OPAQUE_MARKER, st);
            }
            children(p);
        }
    }

    private void emptyFile(String name, Map<String, Object> st) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        e.setMode(S_IFREG);
        e.setModTime(((FileTime) st.get("lastModifiedTime")).toMillis());
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    /** Text-valued xattrs only: PAX headers are UTF-8 and binary values would be mangled. */
    private void addXattrs(Path p, TarArchiveEntry e) throws IOException {
        for (String x : Linux.listXattrs(p)) {
            if (x.startsWith("trusted.overlay.")) {
                continue; // overlay bookkeeping, expressed as whiteout entries instead
            }
            byte[] v = Linux.getXattr(p, x).orElse(null);
            if (v == null) {
                continue;
            }
            try {
                String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(v)).toString();
                e.addPaxHeader("SCHILY.xattr." + x, text);
            } catch (CharacterCodingException binary) {
                // skipped, see above
            }
        }
    }
}
