package dev.caisson.engine.linux;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.annotations.Variadic;

/**
 * The descriptor-relative file calls (the *at family, openat2, statx) that let the engine work
 * inside a container's root without ever following a path string on the host. Paths are
 * NUL-terminated UTF-8 bytes, so nothing depends on the JVM's default charset. Only {@link Fd}
 * uses this (public only because jnr-ffi generates its implementation in another class loader).
 */
public interface FileLibC {
    /** syscall(2), used for openat2 (no glibc wrapper): number, dirfd, path, struct open_how, its size. */
    @SaveError
    @Variadic(fixedCount = 1)
    long syscall(long number, int dirfd, @In byte[] path, @In byte[] how, long size);

    @SaveError
    int open(@In byte[] path, int flags, int mode);

    @SaveError
    int close(int fd);

    @SaveError
    long read(int fd, @Out byte[] buf, long count);

    @SaveError
    long write(int fd, @In byte[] buf, long count);

    @SaveError
    int statx(int dirfd, @In byte[] path, int flags, int mask, @Out byte[] buf);

    @SaveError
    int fstatfs(int fd, @Out byte[] buf);

    @SaveError
    long getdents64(int fd, @Out byte[] buf, long size);

    @SaveError
    long readlinkat(int dirfd, @In byte[] path, @Out byte[] buf, long size);

    @SaveError
    int mkdirat(int dirfd, @In byte[] path, int mode);

    @SaveError
    int mknodat(int dirfd, @In byte[] path, int mode, long dev);

    @SaveError
    int symlinkat(@In byte[] target, int dirfd, @In byte[] path);

    @SaveError
    int linkat(int olddirfd, @In byte[] oldpath, int newdirfd, @In byte[] newpath, int flags);

    @SaveError
    int unlinkat(int dirfd, @In byte[] path, int flags);

    @SaveError
    int fchownat(int dirfd, @In byte[] path, int uid, int gid, int flags);

    @SaveError
    int fchmodat(int dirfd, @In byte[] path, int mode, int flags);

    @SaveError
    int utimensat(int dirfd, @In byte[] path, @In long[] times, int flags);

    @SaveError
    int unshare(int flags);

    @SaveError
    long flistxattr(int fd, @Out byte[] list, long size);

    @SaveError
    long fgetxattr(int fd, @In byte[] name, @Out byte[] value, long size);

    @SaveError
    int fsetxattr(int fd, @In byte[] name, @In byte[] value, long size, int flags);

    String strerror(int errnum);
}
