/*
 * `caisson-shim exec SPEC`: one process inside a running container. The shim joins the
 * init's cgroups and namespaces, forks (a pid namespace applies to children only) and the
 * child finishes like an init does (user, caps, cwd, execve). Non-TTY sessions hand their
 * stdio straight to the child; TTY sessions relay between stdio and a pty opened inside the
 * container. The exit status is the child's (128+signal when killed).
 * The shim stays non-dumpable while it is inside the container's namespaces, so container
 * processes cannot open /proc/<pid>/exe of it (runc CVE-2019-5736).
 */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct { const char *name; int type; } NAMESPACES[] = {
    /* mnt last: after it, /proc is the container's and host paths are gone */
    { "cgroup", CLONE_NEWCGROUP }, { "ipc", CLONE_NEWIPC }, { "uts", CLONE_NEWUTS },
    { "net", CLONE_NEWNET }, { "pid", CLONE_NEWPID }, { "mnt", CLONE_NEWNS },
};
#define N_NS (sizeof NAMESPACES / sizeof NAMESPACES[0])

static int join(const struct spec *s) {
    int fds[N_NS];
    char path[64];
    struct stat theirs, ours;
    for (size_t i = 0; i < N_NS; i++) {
        snprintf(path, sizeof path, "/proc/%d/ns/%s", s->pid, NAMESPACES[i].name);
        fds[i] = open(path, O_RDONLY | O_CLOEXEC);
        if (fds[i] < 0) { fprintf(stderr, "container process %d is gone: %s\n", s->pid, strerror(errno)); return -1; }
        snprintf(path, sizeof path, "/proc/self/ns/%s", NAMESPACES[i].name);
        if (fstat(fds[i], &theirs) == 0 && stat(path, &ours) == 0 && theirs.st_ino == ours.st_ino) {
            close(fds[i]);   /* shared with the host (e.g. --network host): nothing to join */
            fds[i] = -1;
        }
    }
    char pid[32];
    snprintf(pid, sizeof pid, "%d", getpid());
    for (int i = 0; i < s->n_cgroups; i++)
        if (write_file(s->cgroups[i], pid) < 0) { fprintf(stderr, "join cgroup %s: %s\n", s->cgroups[i], strerror(errno)); return -1; }
    for (size_t i = 0; i < N_NS; i++) {
        if (fds[i] < 0) continue;
        if (setns(fds[i], NAMESPACES[i].type) < 0) { fprintf(stderr, "setns %s: %s\n", NAMESPACES[i].name, strerror(errno)); return -1; }
        close(fds[i]);
    }
    return 0;
}

static void relay(int master, pid_t child) {
    char buf[65536];
    int in_open = 1;
    for (;;) {
        struct pollfd p[2] = { { .fd = master, .events = POLLIN }, { .fd = in_open ? 0 : -1, .events = POLLIN } };
        if (poll(p, 2, -1) < 0) { if (errno == EINTR) continue; break; }
        if (p[0].revents) {
            ssize_t n = read(master, buf, sizeof buf);
            if (n <= 0) break;   /* EIO: the session's last process closed the terminal */
            if (write_all(1, buf, n) < 0) break;
        }
        if (p[1].revents) {
            ssize_t n = read(0, buf, sizeof buf);
            if (n <= 0) in_open = 0;
            else write_all(master, buf, n);
        }
    }
    (void) child;
}

int exec_session(const struct spec *s) {
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    signal(SIGPIPE, SIG_IGN);
    if (join(s) < 0) return 126;
    int sync[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sync) < 0) return 126;
    pid_t child = fork();
    if (child < 0) { perror("fork"); return 126; }
    if (child == 0) {
        close(sync[0]);
        set_error_fd(sync[1]);
        if (s->tty) {
            int slave, master = pty_open_in_container(&slave);
            if (master < 0) die_to_parent("open pty: %s", strerror(errno));
            if (s->rows) {
                struct winsize ws = { .ws_row = s->rows, .ws_col = s->cols };
                ioctl(master, TIOCSWINSZ, &ws);
            }
            if (send_fd(sync[1], master) < 0) die_to_parent("send pty: %s", strerror(errno));
            close(master);
            setsid();
            ioctl(slave, TIOCSCTTY, 0);
            dup2(slave, 0); dup2(slave, 1); dup2(slave, 2);
            if (slave > 2) close(slave);
        }
        container_exec(s);
    }
    close(sync[1]);
    char err[1024];
    int master = -1;
    if (s->tty && (master = recv_fd(sync[0], err, sizeof err)) < 0) goto failed;
    ssize_t n = read(sync[0], err, sizeof err - 1);
    if (n > 0) { err[n] = 0; goto failed; }
    close(sync[0]);
    if (master >= 0) {
        int devnull = open("/dev/null", O_RDWR);   /* our stdio is only for the relay now */
        relay(master, child);
        close(devnull);
    }
    int status;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
failed:
    waitpid(child, NULL, 0);
    /* "E<code> message": print the message where the engine reads errors, exit with the code */
    fprintf(stderr, "%s\n", strchr(err, ' ') ? strchr(err, ' ') + 1 : err);
    return err[0] == 'E' ? atoi(err + 1) : 126;
}
