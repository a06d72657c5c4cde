package dev.caisson.engine.linux;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/** The few libc calls Java cannot make through NIO. Only {@link Linux} uses this. */
public interface LibC {
    @SaveError
    int mount(String source, String target, String fstype, long flags, String data);

    @SaveError
    int umount2(String target, int flags);

    @SaveError
    int mknod(String path, int mode, long dev);

    @SaveError
    int lsetxattr(String path, String name, @In byte[] value, long size, int flags);

    @SaveError
    long lgetxattr(String path, String name, @Out byte[] value, long size);

    @SaveError
    long llistxattr(String path, @Out byte[] list, long size);

    @SaveError
    int lchown(String path, int uid, int gid);

    @SaveError
    int kill(int pid, int signal);

    @SaveError
    int utimensat(int dirfd, String path, @In long[] times, int flags);

    @SaveError
    int setns(int fd, int nstype);

    @SaveError
    int unshare(int flags);

    int getpid();

    String strerror(int errnum);

    @SaveError
    int chroot(String path);

    Pointer getenv(String name);
}
