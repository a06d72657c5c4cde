package dev.caisson.engine.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Runtime;

/**
 * Thin, checked wrappers over the libc calls the engine needs. Every failure becomes a
 * {@link LinuxException} carrying errno, so callers can react to EBUSY, ENOENT and friends.
 */
public final class Linux {
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_REMOUNT = 32;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_PRIVATE = 1 << 18;
    public static final long MS_STRICTATIME = 1 << 24;
    public static final int MNT_DETACH = 2;

    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFIFO = 0010000;

    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;

    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENODATA = 61;
    public static final int ENOTEMPTY = 39;

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load(Platform.getNativePlatform().getStandardCLibraryName());
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private Linux() {
    }

    public static void mount(String source, Path target, String fstype, long flags, String data) throws LinuxException {
        check(LIBC.mount(source, target.toString(), fstype, flags, data), "mount " + target);
    }

    public static void unmount(Path target, int flags) throws LinuxException {
        check(LIBC.umount2(target.toString(), flags), "umount " + target);
    }

    /** mknod(2); dev is makedev(major, minor). */
    public static void mknod(Path path, int mode, int major, int minor) throws LinuxException {
        check(LIBC.mknod(path.toString(), mode, makedev(major, minor)), "mknod " + path);
    }

    public static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL;
        long mi = minor & 0xffffffffL;
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }

    public static void setXattr(Path path, String name, byte[] value) throws LinuxException {
        check(LIBC.lsetxattr(path.toString(), name, value, value.length, 0), "setxattr " + name + " " + path);
    }

    /** The value of an extended attribute (not following symlinks), or empty when unset. */
    public static Optional<byte[]> getXattr(Path path, String name) throws LinuxException {
        byte[] buf = new byte[4096];
        long n = LIBC.lgetxattr(path.toString(), name, buf, buf.length);
        if (n < 0) {
            int errno = RUNTIME.getLastError();
            if (errno == ENODATA) {
                return Optional.empty();
            }
            throw new LinuxException("getxattr " + name + " " + path, errno, LIBC.strerror(errno));
        }
        byte[] out = new byte[(int) n];
        System.arraycopy(buf, 0, out, 0, out.length);
        return Optional.of(out);
    }

    public static List<String> listXattrs(Path path) throws LinuxException {
        byte[] buf = new byte[65536];
        long n = LIBC.llistxattr(path.toString(), buf, buf.length);
        if (n < 0) {
            int errno = RUNTIME.getLastError();
            throw new LinuxException("listxattr " + path, errno, LIBC.strerror(errno));
        }
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (buf[i] == 0) {
                names.add(new String(buf, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return names;
    }

    public static void lchown(Path path, int uid, int gid) throws LinuxException {
        check(LIBC.lchown(path.toString(), uid, gid), "lchown " + path);
    }

    /** Sets atime and mtime (seconds + nanoseconds) without following a final symlink. */
    public static void lutimes(Path path, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec) throws LinuxException {
        long[] times = {atimeSec, atimeNsec, mtimeSec, mtimeNsec};
        check(LIBC.utimensat(AT_FDCWD, path.toString(), times, AT_SYMLINK_NOFOLLOW), "utimensat " + path);
    }

    /** kill(2); returns false when the process no longer exists (ESRCH). */
    public static boolean kill(int pid, int signal) throws LinuxException {
        if (LIBC.kill(pid, signal) == 0) {
            return true;
        }
        int errno = RUNTIME.getLastError();
        if (errno == ESRCH) {
            return false;
        }
        throw new LinuxException("kill " + pid, errno, LIBC.strerror(errno));
    }

    public static boolean processExists(int pid) {
        try {
            return kill(pid, 0);
        } catch (LinuxException e) {
            return true; // EPERM: it exists, we just may not signal it
        }
    }

    private static void check(int rc, String what) throws LinuxException {
        if (rc != 0) {
            int errno = RUNTIME.getLastError();
            throw new LinuxException(what, errno, LIBC.strerror(errno));
        }
    }

    /** Fails with a readable message when not root: the kernel-facing tests need it. */
    public static boolean isRoot() {
        try {
            return (Integer) java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
