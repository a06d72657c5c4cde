package dev.caisson.engine.linux;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The socket calls a raw netlink socket needs, and the namespace calls that place one in a
 * network namespace. Only {@link Netlink} and {@link NetNamespace} use this ({@link NetLibC} is nf_tables' twin) (public only because
 * jnr-ffi generates its implementation in another class loader).
 */
public interface RtnlLibC {
    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    long send(int fd, @In byte[] buf, long len, int flags);

    @SaveError
    long recv(int fd, @Out byte[] buf, long len, int flags);

    @SaveError
    int setsockopt(int fd, int level, int name, @In int[] value, int len);

    @SaveError
    int close(int fd);

    @SaveError
    int open(String path, int flags);

    @SaveError
    int setns(int fd, int nstype);

    @SaveError
    int unshare(int flags);

    @SaveError
    int mount(String source, String target, String fstype, long flags, String data);

    @SaveError
    int umount2(String target, int flags);

    String strerror(int errnum);
}
