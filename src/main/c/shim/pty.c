/*
 * TTY containers: the pty is opened by the container side inside its own devpts (so `tty`
 * prints /dev/pts/0 like Docker) and the master end is passed to the shim with SCM_RIGHTS.
 */
#include "shim.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int pty_open_in_container(int *slave_out) {
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) return -1;
    char name[64];
    if (ptsname_r(master, name, sizeof name) != 0) return -1;
    int slave = open(name, O_RDWR | O_NOCTTY);
    if (slave < 0) return -1;
    *slave_out = slave;
    return master;
}

int send_fd(int sock, int fd) {
    char byte = 'F';
    struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
    union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
    memset(&u, 0, sizeof u);
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof(int));
    return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

/* Returns the fd; or -1 with err holding what the child sent instead (its "E<code> msg"). */
int recv_fd(int sock, char *err, size_t errlen) {
    union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
    struct iovec iov = { .iov_base = err, .iov_len = errlen - 1 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf };
    ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    err[n > 0 ? n : 0] = 0;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    if (n <= 0 || !c || c->cmsg_type != SCM_RIGHTS) {
        if (n == 0) snprintf(err, errlen, "E127 container exited before its terminal was ready");
        return -1;
    }
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof(int));
    return fd;
}
