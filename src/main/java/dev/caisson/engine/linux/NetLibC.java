package dev.caisson.engine.linux;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The libc calls behind {@link NfNetlinkSocket} and {@link NetnsExecutor}: raw sockets Java's
 * NIO cannot open (AF_NETLINK) and setns(2). Public only because jnr-ffi generates its
 * implementation in another class loader.
 */
public interface NetLibC {
    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int bind(int fd, @In byte[] addr, int addrlen);

    @SaveError
    int setsockopt(int fd, int level, int name, @In byte[] value, int len);

    @SaveError
    long send(int fd, @In byte[] buf, long len, int flags);

    @SaveError
    long recv(int fd, @Out byte[] buf, long len, int flags);

    @SaveError
    int open(@In byte[] path, int flags, int mode);

    @SaveError
    int close(int fd);

    @SaveError
    int setns(int fd, int nstype);

    String strerror(int errnum);
}
