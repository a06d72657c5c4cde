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
#include <sys/signalfd.h>
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
    /* "0" is the writer itself; the engine names v1's "tasks" files, which move only this
       (single) thread and so skip the kernel's thread-group lock and its RCU grace period */
    for (int i = 0; i < s->n_self_cgroups; i++)
        if (write_file(s->self_cgroups[i], "0") < 0) {
            fprintf(stderr, "join cgroup %s: %s\n", s->self_cgroups[i], strerror(errno));
            return -1;
        }
    for (size_t i = 0; i < N_NS; i++) {
        if (fds[i] < 0) continue;
        if (setns(fds[i], NAMESPACES[i].type) < 0) { fprintf(stderr, "setns %s: %s\n", NAMESPACES[i].name, strerror(errno)); return -1; }
        close(fds[i]);
    }
    return 0;
}

/* The engine resizes an exec's terminal by rewriting its winsize file and sending SIGWINCH. */
static void apply_winsize(const char *file, int master) {
    char buf[64] = {0};
    int fd = file ? open(file, O_RDONLY | O_CLOEXEC) : -1;
    if (fd < 0) return;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    unsigned rows, cols;
    if (n > 0 && sscanf(buf, "%u %u", &rows, &cols) == 2) {
        struct winsize ws = { .ws_row = rows, .ws_col = cols };
        ioctl(master, TIOCSWINSZ, &ws);
    }
}

static void relay(int master, pid_t child, int winch, const char *winsize_file) {
    char buf[65536];
    int in_open = 1;
    for (;;) {
        struct pollfd p[3] = { { .fd = master, .events = POLLIN }, { .fd = in_open ? 0 : -1, .events = POLLIN },
                               { .fd = winch, .events = POLLIN } };
        if (poll(p, 3, -1) < 0) { if (errno == EINTR) continue; break; }
        if (winch >= 0 && p[2].revents) {
            struct signalfd_siginfo si;
            if (read(winch, &si, sizeof si) > 0) apply_winsize(winsize_file, master);
        }
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
    /* SIGWINCH is taken through a signalfd; the child clears its mask before execve */
    sigset_t winch_set;
    sigemptyset(&winch_set);
    sigaddset(&winch_set, SIGWINCH);
    sigprocmask(SIG_BLOCK, &winch_set, NULL);
    int winch = s->tty ? signalfd(-1, &winch_set, SFD_CLOEXEC) : -1;
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
        apply_winsize(s->winsize_file, master);   /* a resize may have come before SIGWINCH was blocked */
        relay(master, child, winch, s->winsize_file);
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
