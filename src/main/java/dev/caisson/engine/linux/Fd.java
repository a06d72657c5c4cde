package dev.caisson.engine.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Runtime;

/**
 * An open file descriptor and the descriptor-relative calls made on it. Code that works inside
 * a container's root (docker cp) holds one for the root and reaches everything through
 * {@link #openInRoot} (openat2 with RESOLVE_IN_ROOT: symlinks and ".." stay inside) and the
 * single-name *at calls below, which never follow a final symlink. No host path string is
 * ever built from container content, so a symlink cannot lead to the host, even in a race.
 */
public final class Fd implements AutoCloseable {
    private static final boolean ARM64 = "aarch64".equals(System.getProperty("os.arch"));
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DIRECTORY = ARM64 ? 040000 : 0200000;
    public static final int O_NOFOLLOW = ARM64 ? 0100000 : 0400000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_PATH = 010000000;

    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    public static final long RESOLVE_BENEATH = 0x08;
    public static final long RESOLVE_IN_ROOT = 0x10;

    public static final int ENOENT = 2;
    public static final int EAGAIN = 11;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENOTDIR = 20;
    public static final int EROFS = 30;
    public static final int ELOOP = 40;
    public static final int EOPNOTSUPP = 95;

    private static final long SYS_OPENAT2 = 437;   // the same on x86_64 and arm64
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_REMOVEDIR = 0x200;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int STATX_MNT_ID = 0x1000;
    private static final byte[] EMPTY = {0};

    private static final FileLibC LIBC = LibraryLoader.create(FileLibC.class)
            .load(Platform.getNativePlatform().getStandardCLibraryName());
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private final int fd;
    private boolean closed;

    private Fd(int fd) {
        this.fd = fd;
    }

    /** open(2) of a host path the engine itself controls (never one derived from container content). */
    public static Fd open(Path trustedHostPath, int flags) throws LinuxException {
        return new Fd(check(LIBC.open(bytes(trustedHostPath.toString()), flags | O_CLOEXEC, 0), "open " + trustedHostPath));
    }

    /** Opens a path as if this directory were "/": symlinks, absolute or not, and ".." never leave it. */
    public Fd openInRoot(String path, int flags) throws LinuxException {
        return openat2(path.isEmpty() ? "." : path, flags, 0, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
    }

    /** Opens (or creates, with O_CREAT) one entry of this directory; a symlink anywhere fails with ELOOP. */
    public Fd openChild(String name, int flags, int mode) throws LinuxException {
        return openat2(name, flags | O_NOFOLLOW, mode, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
    }

    private Fd openat2(String path, int flags, int mode, long resolve) throws LinuxException {
        ByteBuffer how = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder());
        how.putLong(flags | O_CLOEXEC).putLong(mode).putLong(resolve);
        byte[] p = bytes(path);
        for (int attempt = 0; ; attempt++) {
            long rc = LIBC.syscall(SYS_OPENAT2, fd, p, how.array(), 24);
            // EAGAIN: a mount or rename somewhere raced with a ".." walk, so the kernel could not
            // prove it stayed inside; openat2(2) says to retry (a mount namespace being torn down
            // after PrivateMount causes exactly this for a moment)
            if (rc >= 0 || RUNTIME.getLastError() != EAGAIN || attempt >= 1000) {
                return new Fd((int) check(rc, "openat2 " + path));
            }
            if (attempt >= 10) {
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            }
        }
    }

    /** This descriptor's file (a symlink itself when opened with O_PATH | O_NOFOLLOW). */
    public FileStat stat() throws LinuxException {
        return statx(EMPTY, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, "fstat");
    }

    /** One entry of this directory, not following it if it is a symlink; null when absent. */
    public FileStat statOrNull(String name) throws LinuxException {
        try {
            return statx(bytes(name), AT_SYMLINK_NOFOLLOW, name);
        } catch (LinuxException e) {
            if (e.errno() == ENOENT) {
                return null;
            }
            throw e;
        }
    }

    private FileStat statx(byte[] path, int flags, String what) throws LinuxException {
        byte[] buf = new byte[256];
        check(LIBC.statx(fd, path, flags, STATX_BASIC_STATS | STATX_MNT_ID, buf), "statx " + what);
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        Instant mtime = Instant.ofEpochSecond(b.getLong(112), b.getInt(120) & 0xffffffffL);
        long dev = ((b.getInt(136) & 0xffffffffL) << 32) | (b.getInt(140) & 0xffffffffL);
        return new FileStat(b.getShort(28) & 0xffff, b.getInt(20), b.getInt(24), b.getLong(40), b.getInt(16),
                b.getLong(32), dev, b.getInt(128) & 0xffffffffL, b.getInt(132) & 0xffffffffL, mtime, b.getLong(144));
    }

    /** statfs f_type: the filesystem's magic number (proc, sysfs...). */
    public long filesystemType() throws LinuxException {
        return statfs().getLong(0);
    }

    /** Whether the mount this file lies on is read-only (statfs ST_RDONLY). */
    public boolean onReadOnlyMount() throws LinuxException {
        return (statfs().getLong(80) & 1) != 0;
    }

    /** struct statfs of a 64-bit Linux: f_type at 0, f_flags at 80 (all fields 8 bytes wide). */
    private ByteBuffer statfs() throws LinuxException {
        byte[] buf = new byte[256];
        check(LIBC.fstatfs(fd, buf), "fstatfs");
        return ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
    }

    /** The target of this symlink (a descriptor opened with O_PATH | O_NOFOLLOW). */
    public String readlink() throws LinuxException {
        return readlinkat(EMPTY, "readlink");
    }

    public String readlink(String name) throws LinuxException {
        return readlinkat(bytes(name), "readlink " + name);
    }

    private String readlinkat(byte[] path, String what) throws LinuxException {
        byte[] buf = new byte[4096];
        long n = check(LIBC.readlinkat(fd, path, buf, buf.length), what);
        return new String(buf, 0, (int) n, StandardCharsets.UTF_8);
    }

    public void mkdir(String name, int mode) throws LinuxException {
        check(LIBC.mkdirat(fd, bytes(name), mode), "mkdir " + name);
    }

    public void mknod(String name, int mode, long major, long minor) throws LinuxException {
        check(LIBC.mknodat(fd, bytes(name), mode, Linux.makedev((int) major, (int) minor)), "mknod " + name);
    }

    public void symlink(String target, String name) throws LinuxException {
        check(LIBC.symlinkat(bytes(target), fd, bytes(name)), "symlink " + name);
    }

    /** A hard link here named newName to the entry name of dir (a symlink is linked, not followed). */
    public void link(Fd dir, String name, String newName) throws LinuxException {
        check(LIBC.linkat(dir.fd, bytes(name), fd, bytes(newName), 0), "link " + newName);
    }

    public void unlink(String name, boolean directory) throws LinuxException {
        check(LIBC.unlinkat(fd, bytes(name), directory ? AT_REMOVEDIR : 0), "unlink " + name);
    }

    public void chown(String name, int uid, int gid) throws LinuxException {
        check(LIBC.fchownat(fd, bytes(name), uid, gid, AT_SYMLINK_NOFOLLOW), "chown " + name);
    }

    /** chmod of an entry; glibc does it through an O_PATH descriptor and refuses a symlink. */
    public void chmod(String name, int mode) throws LinuxException {
        check(LIBC.fchmodat(fd, bytes(name), mode, AT_SYMLINK_NOFOLLOW), "chmod " + name);
    }

    public void setTimes(String name, Instant atime, Instant mtime) throws LinuxException {
        long[] t = {atime.getEpochSecond(), atime.getNano(), mtime.getEpochSecond(), mtime.getNano()};
        check(LIBC.utimensat(fd, bytes(name), t, AT_SYMLINK_NOFOLLOW), "utimensat " + name);
    }

    /** The names in this directory (opened for reading), without "." and "..". */
    public List<String> list() throws LinuxException {
        List<String> names = new ArrayList<>();
        byte[] buf = new byte[32 * 1024];
        for (long n; (n = check(LIBC.getdents64(fd, buf, buf.length), "getdents64")) > 0; ) {
            ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
            for (int off = 0; off < n; ) {
                int reclen = b.getShort(off + 16) & 0xffff;
                int start = off + 19;
                int end = start;
                while (end < off + reclen && buf[end] != 0) {
                    end++;
                }
                String name = new String(buf, start, end - start, StandardCharsets.UTF_8);
                if (!name.equals(".") && !name.equals("..")) {
                    names.add(name);
                }
                off += reclen;
            }
        }
        return names;
    }

    /** read(2) into the start of buf; -1 at end of file. */
    public int read(byte[] buf) throws LinuxException {
        long n = check(LIBC.read(fd, buf, buf.length), "read");
        return n == 0 ? -1 : (int) n;
    }

    /** Writes the first len bytes of buf completely. */
    public void write(byte[] buf, int len) throws LinuxException {
        byte[] rest = buf;
        int left = len;
        while (left > 0) {
            int n = (int) check(LIBC.write(fd, rest, left), "write");
            left -= n;
            if (left > 0) {
                rest = java.util.Arrays.copyOfRange(rest, n, n + left);
            }
        }
    }

    /**
     * This file's extended attributes (a descriptor opened for reading, not O_PATH), name to
     * value. Empty where the filesystem has none or does not support them.
     */
    public java.util.Map<String, byte[]> xattrs() throws LinuxException {
        java.util.Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        byte[] list = new byte[65536];
        long n = LIBC.flistxattr(fd, list, list.length);
        if (n < 0) {
            int errno = RUNTIME.getLastError();
            if (errno == EOPNOTSUPP) {
                return out;
            }
            throw new LinuxException("listxattr", errno, LIBC.strerror(errno));
        }
        byte[] value = new byte[65536];
        for (int start = 0, i = 0; i < n; i++) {
            if (list[i] != 0) {
                continue;
            }
            String name = new String(list, start, i - start, StandardCharsets.UTF_8);
            start = i + 1;
            long len = LIBC.fgetxattr(fd, bytes(name), value, value.length);
            if (len >= 0) {
                out.put(name, java.util.Arrays.copyOf(value, (int) len));
            }
        }
        return out;
    }

    public void setXattr(String name, byte[] value) throws LinuxException {
        check(LIBC.fsetxattr(fd, bytes(name), value, value.length, 0), "setxattr " + name);
    }

    /** unshare(2) of the calling thread's mount namespace (see {@link PrivateMount}). */
    static void unshareMountNamespace() throws LinuxException {
        check(LIBC.unshare(0x00020000), "unshare(CLONE_NEWNS)");
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LIBC.close(fd);
        }
    }

    private static byte[] bytes(String s) throws LinuxException {
        if (s.indexOf('\0') >= 0) {
            throw new LinuxException("path with a NUL byte", 22, "Invalid argument");
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(b, b.length + 1);
    }

    private static long check(long rc, String what) throws LinuxException {
        if (rc < 0) {
            int errno = RUNTIME.getLastError();
            throw new LinuxException(what, errno, LIBC.strerror(errno));
        }
        return rc;
    }

    private static int check(int rc, String what) throws LinuxException {
        return (int) check((long) rc, what);
    }
}
