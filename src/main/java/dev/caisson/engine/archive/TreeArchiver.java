package dev.caisson.engine.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import dev.caisson.engine.linux.Fd;
import dev.caisson.engine.linux.FileStat;
import dev.caisson.engine.linux.LinuxException;

/**
 * Writes a container path as a tar the way docker cp expects it: the top entry carries the
 * requested name, a directory's children follow in sorted order, symlinks are archived as
 * symlinks and hard links as links to the first name seen. The walk is descriptor-based:
 * each child is looked at with a no-follow stat and opened with openat2 refusing symlinks, so
 * a container that swaps a directory for a link mid-copy only makes that entry vanish.
 */
final class TreeArchiver {
    /** Kernel filesystems whose files are not data (and some are endless): archived as empty dirs. */
    private static final Set<Long> PSEUDO_FILESYSTEMS = Set.of(
            0x9fa0L,        // proc
            0x62656572L,    // sysfs
            0x27e0ebL,      // cgroup
            0x63677270L,    // cgroup2
            0x1cd1L,        // devpts
            0x19800202L,    // mqueue
            0x64626720L,    // debugfs
            0x74726163L,    // tracefs
            0x73636673L,    // securityfs
            0xcafe4a11L,    // bpf
            0x6165676cL,    // pstore
            0x42494e4dL,    // binfmt_misc
            0xf97cff8cL);   // selinuxfs

    private final TarArchiveOutputStream tar;
    private final Map<String, String> firstNameOfInode = new HashMap<>();
    private final byte[] buf = new byte[64 * 1024];

    private TreeArchiver(OutputStream out) {
        tar = new TarArchiveOutputStream(out, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /**
     * Archives the entry {@code base} of {@code dir} (or {@code dir} itself when base is null)
     * under {@code name}. Ends the archive but leaves {@code out} open.
     */
    static void write(Fd dir, String base, FileStat st, String name, OutputStream out) throws IOException {
        TreeArchiver a = new TreeArchiver(out);
        if (st.isDirectory()) {
            try (Fd d = base == null ? dir.openInRoot(".", Fd.O_RDONLY | Fd.O_DIRECTORY)
                    : dir.openChild(base, Fd.O_RDONLY | Fd.O_DIRECTORY, 0)) {
                String prefix = name.equals("/") ? "/" : name + "/";
                a.put(header(prefix, TarConstants.LF_DIR, st), null, 0);
                a.children(d, prefix);
            }
        } else {
            a.nonDirectory(dir, base, st, name);
        }
        a.tar.finish();
        a.tar.flush();
    }

    private void children(Fd dir, String prefix) throws IOException {
        if (PSEUDO_FILESYSTEMS.contains(dir.filesystemType())) {
            return;
        }
        List<String> names = dir.list().stream().sorted().toList();
        for (String n : names) {
            FileStat s = dir.statOrNull(n);
            if (s == null) {
                continue;   // removed since the listing
            }
            if (!s.isDirectory()) {
                nonDirectory(dir, n, s, prefix + n);
                continue;
            }
            Fd child;
            try {
                child = dir.openChild(n, Fd.O_RDONLY | Fd.O_DIRECTORY, 0);
            } catch (LinuxException e) {
                if (vanished(e)) {
                    continue;
                }
                throw e;
            }
            try (child) {
                put(header(prefix + n + "/", TarConstants.LF_DIR, s), null, 0);
                children(child, prefix + n + "/");
            }
        }
    }

    private void nonDirectory(Fd dir, String base, FileStat s, String name) throws IOException {
        switch (s.type()) {
            case FileStat.S_IFLNK -> {
                TarArchiveEntry e = header(name, TarConstants.LF_SYMLINK, s);
                e.setLinkName(dir.readlink(base));
                put(e, null, 0);
            }
            case FileStat.S_IFREG -> regular(dir, base, name);
            case FileStat.S_IFCHR, FileStat.S_IFBLK -> {
                TarArchiveEntry e = header(name, s.type() == FileStat.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK, s);
                e.setDevMajor((int) s.rdevMajor());
                e.setDevMinor((int) s.rdevMinor());
                put(e, null, 0);
            }
            case FileStat.S_IFIFO -> put(header(name, TarConstants.LF_FIFO, s), null, 0);
            default -> {
                // sockets cannot be archived (Docker skips them too)
            }
        }
    }

    private void regular(Fd dir, String base, String name) throws IOException {
        Fd f;
        try {
            // O_NONBLOCK: if a fifo was swapped in, opening it must not hang the copy
            f = base == null ? dir.openInRoot(".", Fd.O_RDONLY | Fd.O_NONBLOCK | Fd.O_NOCTTY)
                    : dir.openChild(base, Fd.O_RDONLY | Fd.O_NONBLOCK | Fd.O_NOCTTY, 0);
        } catch (LinuxException e) {
            if (vanished(e)) {
                return;
            }
            throw e;
        }
        try (f) {
            FileStat s = f.stat();   // the file actually opened, which decides what is written
            if (!s.isRegular()) {
                return;
            }
            String first = s.nlink() > 1 ? firstNameOfInode.putIfAbsent(s.dev() + ":" + s.ino(), name) : null;
            if (first != null) {
                TarArchiveEntry e = header(name, TarConstants.LF_LINK, s);
                e.setLinkName(first);
                put(e, null, 0);
                return;
            }
            TarArchiveEntry e = header(name, TarConstants.LF_NORMAL, s);
            e.setSize(s.size());
            put(e, f, s.size());
        }
    }

    /** Writes the entry and exactly {@code size} bytes of content: a file that grew is cut, one that shrank padded. */
    private void put(TarArchiveEntry e, Fd content, long size) throws IOException {
        tar.putArchiveEntry(e);
        long left = size;
        while (content != null && left > 0) {
            int n = content.read(buf);
            if (n < 0) {
                break;
            }
            int take = (int) Math.min(n, left);
            tar.write(buf, 0, take);
            left -= take;
        }
        if (left > 0) {
            java.util.Arrays.fill(buf, (byte) 0);
            while (left > 0) {
                int take = (int) Math.min(buf.length, left);
                tar.write(buf, 0, take);
                left -= take;
            }
        }
        tar.closeArchiveEntry();
    }

    /** Docker's header: the full st_mode (type bits included), numeric owners, whole-second mtime. */
    private static TarArchiveEntry header(String name, byte type, FileStat s) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(s.mode());
        e.setUserId(s.uid() & 0xffffffffL);
        e.setGroupId(s.gid() & 0xffffffffL);
        e.setModTime(s.mtime().getEpochSecond() * 1000);
        return e;
    }

    private static boolean vanished(LinuxException e) {
        return e.errno() == Fd.ENOENT || e.errno() == Fd.ELOOP || e.errno() == Fd.ENOTDIR;
    }
}
