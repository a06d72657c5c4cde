package dev.caisson.engine.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import dev.caisson.engine.SystemException;
import dev.caisson.engine.linux.Fd;
import dev.caisson.engine.linux.FileStat;
import dev.caisson.engine.linux.LinuxException;
import dev.caisson.engine.storage.Compression;

/**
 * Extracts a client's tar (plain, gzip, bzip2 or xz) into a directory of a container, with
 * Docker's rules: names are cleaned and may not climb out of the directory, missing parents are
 * made (0755, root), an existing entry is replaced unless both are directories (or, with
 * noOverwriteDirNonDir, a directory and a non-directory meet: an error), owners come from the
 * tar unless an owner is forced. Parents are looked up through the container's root descriptor
 * (links inside the container are followed as the container would, but never out of it) and
 * every entry is made with a single-name *at call that does not follow a final symlink.
 */
final class TarUnpacker {
    private final Fd root;
    private final String destAbs;
    private final boolean noOverwriteDirNonDir;
    private final int[] owner;
    private final List<DirTimes> dirTimes = new ArrayList<>();
    private final byte[] buf = new byte[64 * 1024];
    private String cachedParent;
    private Fd cachedParentFd;

    /**
     * @param destAbs the extraction directory as a resolved absolute path in the container
     * @param owner   {uid, gid} for every entry, or null to keep the tar's
     */
    TarUnpacker(Fd root, String destAbs, boolean noOverwriteDirNonDir, int[] owner) {
        this.root = root;
        this.destAbs = destAbs;
        this.noOverwriteDirNonDir = noOverwriteDirNonDir;
        this.owner = owner;
    }

    void unpack(InputStream body) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(Compression.decompressed(body), "UTF-8")) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                List<String> parts = inside(e.getName(), e.getName());
                if (parts.isEmpty()) {
                    continue;   // "." itself: Docker leaves the target directory's metadata alone
                }
                Fd parent = parentDir(parts.subList(0, parts.size() - 1));
                if (entry(parent, parts, e, in)) {
                    closeCachedParent();   // a directory was replaced: the cached one may be gone
                }
            }
            for (DirTimes d : dirTimes) {
                List<String> parts = d.parts();
                try (Fd parent = root.openInRoot(relative(parts.subList(0, parts.size() - 1)), Fd.O_PATH | Fd.O_DIRECTORY)) {
                    parent.setTimes(parts.get(parts.size() - 1), d.atime(), d.mtime());
                }
            }
        } catch (LinuxException ex) {
            throw failed(ex.getMessage());
        } finally {
            closeCachedParent();
        }
    }

    /** Components of a name relative to the target; Docker's breakout error when it climbs out. */
    private List<String> inside(String name, String quoted) {
        List<String> out = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (out.isEmpty()) {
                    throw failed("\"" + quoted + "\" is outside of \"" + destAbs + "\"");
                }
                out.remove(out.size() - 1);
            } else {
                out.add(part);
            }
        }
        return out;
    }

    /** Makes one entry; true when it replaced a directory. */
    private boolean entry(Fd parent, List<String> parts, TarArchiveEntry e, InputStream data) throws IOException {
        String base = parts.get(parts.size() - 1);
        FileStat existing = parent.statOrNull(base);
        boolean dir = e.isDirectory();
        boolean replacedDirectory = false;
        if (existing != null) {
            String path = containerPath(parts);
            if (noOverwriteDirNonDir && existing.isDirectory() && !dir) {
                throw failed("cannot overwrite directory \"" + path + "\" with non-directory \"" + destAbs + "\"");
            }
            if (noOverwriteDirNonDir && !existing.isDirectory() && dir) {
                throw failed("cannot overwrite non-directory \"" + path + "\" with directory \"" + destAbs + "\"");
            }
            if (!(existing.isDirectory() && dir)) {
                remove(parent, base, existing);
                replacedDirectory = existing.isDirectory();
                existing = null;
            }
        }
        int perm = e.getMode() & 07777;
        if (dir) {
            if (existing == null) {
                parent.mkdir(base, 0700);
            }
        } else if (e.isSymbolicLink()) {
            parent.symlink(e.getLinkName(), base);
        } else if (e.isLink()) {
            List<String> target = inside(e.getLinkName(), e.getLinkName());
            if (target.isEmpty()) {
                throw failed("invalid hardlink \"" + e.getName() + "\" -> \"" + e.getLinkName() + "\"");
            }
            try (Fd targetDir = root.openInRoot(relative(target.subList(0, target.size() - 1)), Fd.O_PATH | Fd.O_DIRECTORY)) {
                parent.link(targetDir, target.get(target.size() - 1), base);
            }
            return replacedDirectory;   // the inode's metadata came with its first name
        } else if (e.isFIFO()) {
            parent.mknod(base, FileStat.S_IFIFO | perm, 0, 0);
        } else if (e.isCharacterDevice() || e.isBlockDevice()) {
            int type = e.isCharacterDevice() ? FileStat.S_IFCHR : FileStat.S_IFBLK;
            parent.mknod(base, type | perm, e.getDevMajor(), e.getDevMinor());
        } else if (e.isFile()) {
            try (Fd f = parent.openChild(base, Fd.O_WRONLY | Fd.O_CREAT | Fd.O_EXCL, 0600)) {
                for (int n; (n = data.read(buf)) > 0; ) {
                    f.write(buf, n);
                }
            }
        } else {
            return replacedDirectory;   // volume labels, sparse maps...: nothing to make
        }
        metadata(parent, parts, e, dir);
        return replacedDirectory;
    }

    private void metadata(Fd parent, List<String> parts, TarArchiveEntry e, boolean dir) throws IOException {
        String base = parts.get(parts.size() - 1);
        int uid = owner != null ? owner[0] : (int) e.getLongUserId();
        int gid = owner != null ? owner[1] : (int) e.getLongGroupId();
        parent.chown(base, uid, gid);
        if (!e.isSymbolicLink()) {
            parent.chmod(base, e.getMode() & 07777);   // after chown, which clears set-id bits
        }
        Instant mtime = e.getLastModifiedTime().toInstant();
        FileTime at = e.getLastAccessTime();
        Instant atime = at != null && at.toInstant().isAfter(mtime) ? at.toInstant() : mtime;
        if (dir) {
            dirTimes.add(new DirTimes(parts, atime, mtime));   // set last: adding children bumps them
        } else {
            parent.setTimes(base, atime, mtime);
        }
    }

    /** The directory for an entry's parent components, made (0755, root) where missing. */
    private Fd parentDir(List<String> parts) throws IOException {
        String rel = relative(parts);
        if (rel.equals(cachedParent)) {
            return cachedParentFd;
        }
        closeCachedParent();
        Fd cur = root.openInRoot(relative(List.of()), Fd.O_PATH | Fd.O_DIRECTORY);
        try {
            for (int i = 0; i < parts.size(); i++) {
                String prefix = relative(parts.subList(0, i + 1));
                Fd next;
                try {
                    next = root.openInRoot(prefix, Fd.O_PATH | Fd.O_DIRECTORY);
                } catch (LinuxException e) {
                    if (e.errno() != Fd.ENOENT) {
                        throw e;
                    }
                    cur.mkdir(parts.get(i), 0755);
                    cur.chmod(parts.get(i), 0755);
                    next = root.openInRoot(prefix, Fd.O_PATH | Fd.O_DIRECTORY);
                }
                cur.close();
                cur = next;
            }
        } catch (IOException | RuntimeException e) {
            cur.close();
            throw e;
        }
        cachedParent = rel;
        cachedParentFd = cur;
        return cur;
    }

    /** Removes an entry (a directory with everything in it) without following any link. */
    private static void remove(Fd dir, String name, FileStat st) throws LinuxException {
        if (st.isDirectory()) {
            try (Fd d = dir.openChild(name, Fd.O_RDONLY | Fd.O_DIRECTORY, 0)) {
                for (String child : d.list()) {
                    FileStat s = d.statOrNull(child);
                    if (s != null) {
                        remove(d, child, s);
                    }
                }
            }
        }
        dir.unlink(name, st.isDirectory());
    }

    /** Relative to the container root: the target directory followed by the components. */
    private String relative(List<String> parts) {
        String dest = destAbs.substring(1);
        String rest = String.join("/", parts);
        return dest.isEmpty() ? rest : rest.isEmpty() ? dest : dest + "/" + rest;
    }

    private String containerPath(List<String> parts) {
        return "/" + relative(parts);
    }

    private void closeCachedParent() {
        if (cachedParentFd != null) {
            cachedParentFd.close();
            cachedParentFd = null;
            cachedParent = null;
        }
    }

    private record DirTimes(List<String> parts, Instant atime, Instant mtime) {
    }

    /** Docker's wording for a failed extraction (its untar runs as a child process, hence the exit status). */
    private static SystemException failed(String detail) {
        return new SystemException("Error processing tar file(exit status 1): " + detail);
    }
}
