package dev.caisson.engine.volume;

import java.util.HashMap;
import java.util.Map;

import dev.caisson.engine.linux.Fd;
import dev.caisson.engine.linux.FileStat;
import dev.caisson.engine.linux.LinuxException;

/**
 * Docker's volume copy-up: an empty volume mounted over an image directory that has content
 * gets that content (owners, modes, times, symlinks, hard links, device nodes and extended
 * attributes; sockets are left out). The source is a directory of the container's image, read
 * through descriptors; the destination is the volume's data directory, written only with
 * single-name *at calls that never follow a link, so nothing already in the volume can redirect
 * a write (a volume can be shared with a running container).
 */
final class CopyUp {
    private final byte[] buf = new byte[64 * 1024];
    /** source inode → where its first copy is (relative to the volume), for hard links */
    private final Map<String, String> linked = new HashMap<>();
    private final Fd destRoot;

    private CopyUp(Fd destRoot) {
        this.destRoot = destRoot;
    }

    /**
     * Copies src's content into dest and gives dest src's owner and mode, if dest is empty.
     *
     * @param src  the image directory (opened O_RDONLY | O_DIRECTORY)
     * @param dest the volume's data directory (opened O_RDONLY | O_DIRECTORY)
     * @return whether anything was copied
     */
    static boolean copy(Fd src, Fd dest) throws LinuxException {
        if (!dest.list().isEmpty()) {
            return false;   // Docker's rule: a volume with content keeps it
        }
        new CopyUp(dest).children(src, dest, "");
        FileStat st = src.stat();
        dest.chown(".", st.uid(), st.gid());
        dest.chmod(".", st.mode() & 07777);
        copyXattrs(src, dest);
        return true;
    }

    private void children(Fd src, Fd dest, String rel) throws LinuxException {
        for (String name : src.list()) {
            FileStat st = src.statOrNull(name);
            if (st == null) {
                continue;   // gone meanwhile
            }
            String path = rel + "/" + name;
            String inode = st.dev() + ":" + st.ino();
            if (!st.isDirectory() && st.nlink() > 1 && linked.containsKey(inode)) {
                String first = linked.get(inode);
                int cut = first.lastIndexOf('/');
                try (Fd dir = destRoot.openInRoot(first.substring(0, cut), Fd.O_PATH | Fd.O_DIRECTORY)) {
                    dest.link(dir, first.substring(cut + 1), name);
                }
                continue;
            }
            switch (st.type()) {
                case FileStat.S_IFDIR -> {
                    dest.mkdir(name, 0700);
                    try (Fd s = src.openChild(name, Fd.O_RDONLY | Fd.O_DIRECTORY, 0);
                         Fd d = dest.openChild(name, Fd.O_RDONLY | Fd.O_DIRECTORY, 0)) {
                        children(s, d, path);
                        copyXattrs(s, d);
                    }
                }
                case FileStat.S_IFREG -> {
                    try (Fd s = src.openChild(name, Fd.O_RDONLY, 0);
                         Fd d = dest.openChild(name, Fd.O_WRONLY | Fd.O_CREAT | Fd.O_EXCL, 0600)) {
                        for (int n; (n = s.read(buf)) > 0; ) {
                            d.write(buf, n);
                        }
                        copyXattrs(s, d);
                    }
                }
                case FileStat.S_IFLNK -> dest.symlink(src.readlink(name), name);
                case FileStat.S_IFCHR, FileStat.S_IFBLK, FileStat.S_IFIFO -> dest.mknod(name, st.mode(), st.rdevMajor(), st.rdevMinor());
                default -> {
                    continue;   // a socket means nothing without its process
                }
            }
            dest.chown(name, st.uid(), st.gid());
            if (!st.isSymlink()) {
                dest.chmod(name, st.mode() & 07777);   // after chown, which clears setuid bits
            }
            dest.setTimes(name, st.mtime(), st.mtime());
            if (st.nlink() > 1 && !st.isDirectory()) {
                linked.put(inode, path);
            }
        }
    }

    /** Extended attributes that this filesystem accepts (security.capability, user.*); others are skipped. */
    private static void copyXattrs(Fd src, Fd dest) throws LinuxException {
        for (Map.Entry<String, byte[]> x : src.xattrs().entrySet()) {
            try {
                dest.setXattr(x.getKey(), x.getValue());
            } catch (LinuxException e) {
                // not supported here (or not ours to set, such as another LSM's label): as Docker, go on
            }
        }
    }
}
