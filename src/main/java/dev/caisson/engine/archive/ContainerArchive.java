package dev.caisson.engine.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import dev.caisson.engine.EngineException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.linux.Fd;
import dev.caisson.engine.linux.FileStat;
import dev.caisson.engine.linux.LinuxException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;

/**
 * docker cp: stat a container path, archive it, or extract a tar into a container directory,
 * for running and stopped containers alike. Everything is reached through a descriptor of the
 * container's root (see {@link ContainerRuntime#withRootfs}) with openat2 RESOLVE_IN_ROOT, so
 * no symlink, ".." or race in the container can make the engine read or write a host path.
 */
public final class ContainerArchive {
    private final ContainerRuntime rt;

    public ContainerArchive(ContainerRuntime rt) {
        this.rt = rt;
    }

    /** HEAD /containers/{id}/archive: what the path is, without following its last element. */
    public PathStat stat(String ref, String path) {
        ContainerPath p = ContainerPath.parse(path);
        return run(() -> rt.withRootfs(ref, false, (c, root) -> {
            try (Located l = locate(ref, root, p)) {
                String link = l.stat.isSymlink() ? ScopedPaths.resolve(root, p.abs()) : "";
                return new PathStat(p.name(), l.stat.size(), l.stat.mode(), l.stat.mtime(), link);
            }
        }));
    }

    /** GET /containers/{id}/archive: the path as a tar written to out (left open). */
    public void copyOut(String ref, String path, OutputStream out) {
        ContainerPath p = ContainerPath.parse(path);
        run(() -> rt.withRootfs(ref, false, (c, root) -> {
            try (Located l = locate(ref, root, p)) {
                TreeArchiver.write(l.dir, l.base, l.stat, p.name(), out);
            }
            return null;
        }));
    }

    /**
     * PUT /containers/{id}/archive: extracts a tar into the directory path (its last element
     * followed, as Docker does). copyUidGid: every entry owned by the container's user.
     */
    public void copyIn(String ref, String path, InputStream tar, boolean noOverwriteDirNonDir, boolean copyUidGid) {
        ContainerPath p = ContainerPath.parse(path);
        run(() -> rt.withRootfs(ref, true, (c, root) -> {
            String destAbs;
            try (Fd dest = openDirectory(ref, root, p)) {
                checkWritable(c, root, dest);
                destAbs = ScopedPaths.resolve(root, p.abs());
            }
            String user = c.config().user();
            int[] owner = copyUidGid && user != null && !user.isEmpty() ? ContainerUsers.resolve(root, user) : null;
            new TarUnpacker(root, destAbs, noOverwriteDirNonDir, owner).unpack(tar);
            return null;
        }));
    }

    /** The requested path's parent directory (every link followed) and its last element, not followed. */
    private static Located locate(String ref, Fd root, ContainerPath p) throws LinuxException {
        Fd dir = open(ref, root, p, p.parentRelative(), Fd.O_PATH | Fd.O_DIRECTORY);
        try {
            if (p.followsLast()) {
                return new Located(dir, null, dir.stat());
            }
            FileStat st = dir.statOrNull(p.last());
            if (st == null) {
                throw notFound(ref, p);
            }
            return new Located(dir, p.last(), st);
        } catch (RuntimeException | LinuxException e) {
            dir.close();
            throw e;
        }
    }

    private static Fd openDirectory(String ref, Fd root, ContainerPath p) throws LinuxException {
        Fd dest = open(ref, root, p, p.relative(), Fd.O_PATH);
        try {
            if (!dest.stat().isDirectory()) {
                throw new SystemException("extraction point is not a directory");
            }
            return dest;
        } catch (RuntimeException | LinuxException e) {
            dest.close();
            throw e;
        }
    }

    private static Fd open(String ref, Fd root, ContainerPath p, String relative, int flags) throws LinuxException {
        try {
            return root.openInRoot(relative, flags);
        } catch (LinuxException e) {
            if (e.errno() == Fd.ENOENT) {
                throw notFound(ref, p);
            }
            if (e.errno() == Fd.ENOTDIR) {
                throw new SystemException("lstat " + p.abs() + ": not a directory");
            }
            throw e;
        }
    }

    /** Docker refuses before extracting: a read-only rootfs (unless the target is on a mount), a read-only mount. */
    private static void checkWritable(Container c, Fd root, Fd dest) throws LinuxException {
        boolean onRootfs = dest.stat().mntId() == root.stat().mntId();
        if (onRootfs && c.spec().readonlyRootfs()) {
            throw new SystemException("container rootfs is marked read-only");
        }
        if (dest.onReadOnlyMount()) {
            throw new SystemException(onRootfs ? "container rootfs is marked read-only" : "mounted volume is marked read-only");
        }
    }

    private static NotFoundException notFound(String ref, ContainerPath p) {
        return new NotFoundException("Could not find the file " + p.raw() + " in container " + ref);
    }

    private record Located(Fd dir, String base, FileStat stat) implements AutoCloseable {
        @Override
        public void close() {
            dir.close();
        }
    }

    private interface Work<T> {
        T call() throws IOException;
    }

    private static <T> T run(Work<T> w) {
        try {
            return w.call();
        } catch (EngineException e) {
            throw e;
        } catch (IOException e) {
            throw new SystemException(e.getMessage(), e);
        }
    }
}
