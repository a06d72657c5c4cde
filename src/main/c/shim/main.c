/*
 * caisson-shim run <spec>    start a container and supervise it (daemonizes; see README.md)
 * caisson-shim exec <spec>   run one process inside a running container (foreground)
 *
 * The start handshake (run). "sync" is a SOCK_SEQPACKET pair, CLOEXEC on the init side so
 * a successful execve closes it and the shim reads EOF:
 *
 *   engine (Java)          shim (daemon)                         init (new namespaces)
 *   spawn shim ----------> fork; first process relays the report; daemon: setsid
 *                          open "cgroupself" files; clone(CLONE_NEW*) --> writes "0" into them (joins)
 *                                                               [netns: setns], mounts, pivot_root, hostname
 *                          pid → "cgroup" files (v2)            (in parallel: both take ms)
 *                          [tty] master fd <--- SCM_RIGHTS ---- opens /dev/ptmx in its devpts
 *                          "G" -------------------------------> waits for "G" (now in its cgroups)
 *                                                               user, rlimits, caps, cwd, fds
 *                          EOF on sync <------------------------ execve(cmd)
 *                      or  "E<code> message" <------------------ any failure, then exit
 *   reads stdout: "ok <init pid> <shim pid>" | "error <code> <message>", then EOF
 *                          supervise(): logs, attach socket, reap, exit file
 */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct init_args {
    const struct spec *s;
    int sync, in, out, err;
    int self_cgroups[32];   /* opened by the shim in the host's mount namespace */
};

static int init_main(void *arg) {
    struct init_args *a = arg;
    set_error_fd(a->sync);
    /* v1 "tasks" files: a single thread that moves itself skips the kernel's thread-group lock,
       whose RCU grace period (5-13 ms here) a move of the whole process by pid pays */
    for (int i = 0; i < a->s->n_self_cgroups; i++) {
        if (write(a->self_cgroups[i], "0", 1) != 1)
            die_to_parent("join cgroup %s: %s", a->s->self_cgroups[i], strerror(errno));
        close(a->self_cgroups[i]);
    }
    if (a->s->netns) {
        /* the engine made and configured this namespace (veth, address, routes) before the run;
         * joined first so the sysfs mounted below shows the container's interfaces */
        int ns = open(a->s->netns, O_RDONLY | O_CLOEXEC);
        if (ns < 0 || setns(ns, CLONE_NEWNET) < 0) die_to_parent("join network namespace %s: %s", a->s->netns, strerror(errno));
        close(ns);
    }
    if (!a->s->tty) {
        dup2(a->in, 0);
        dup2(a->out, 1);
        dup2(a->err, 2);
    }
    container_setup_fs(a->s);
    if (a->s->tty) {
        int slave, master = pty_open_in_container(&slave);
        if (master < 0) die_to_parent("open pty: %s", strerror(errno));
        if (a->s->rows) {
            struct winsize ws = { .ws_row = a->s->rows, .ws_col = a->s->cols };
            ioctl(master, TIOCSWINSZ, &ws);
        }
        if (send_fd(a->sync, master) < 0) die_to_parent("send pty: %s", strerror(errno));
        /* /dev/console is the container's terminal, as with Docker */
        char name[64];
        if (ptsname_r(master, name, sizeof name) == 0) {
            int f = open("/dev/console", O_CREAT | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
            if (f >= 0) { close(f); mount(name, "/dev/console", NULL, MS_BIND, NULL); }
        }
        close(master);
        setsid();
        if (ioctl(slave, TIOCSCTTY, 0) < 0) die_to_parent("set controlling tty: %s", strerror(errno));
        dup2(slave, 0);
        dup2(slave, 1);
        dup2(slave, 2);
        if (slave > 2) close(slave);
    }
    /* the filesystem work above overlaps the shim's (slow: an RCU grace period) cgroup move */
    char go;
    if (read(a->sync, &go, 1) != 1) _exit(1);   /* the shim gave up (cgroup join failed) */
    container_exec(a->s);
    return 127;
}

static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void report(const char *fmt, ...) {
    char line[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    write_all(1, line, strlen(line));
}

static const char *socket_to_remove;

static int fail(pid_t child, const char *msg) {
    if (child > 0) { kill(child, SIGKILL); waitpid(child, NULL, 0); }
    if (socket_to_remove) unlink(socket_to_remove);
    /* messages from the init side already start with "E<code> " */
    if (msg[0] == 'E') report("error %s\n", msg + 1);
    else report("error 125 %s\n", msg);
    return 1;
}

static int run(const char *spec_path) {
    static struct spec s;
    char err[1024];
    if (spec_load(spec_path, &s, err, sizeof err) < 0) { report("error 125 %s\n", err); return 1; }
    /*
     * The first process relays the daemon's one-line report and exits only then: a JVM closes
     * a child's stdout pipe as soon as that child exits, so the daemon must not write to it.
     */
    int relay[2];
    if (pipe2(relay, O_CLOEXEC) < 0) { report("error 125 pipe: %s\n", strerror(errno)); return 1; }
    pid_t first = fork();
    if (first < 0) { report("error 125 fork: %s\n", strerror(errno)); return 1; }
    if (first > 0) {
        close(relay[1]);
        char line[1200];
        ssize_t n, total = 0;
        while ((n = read(relay[0], line + total, sizeof line - 1 - total)) > 0) total += n;
        if (total == 0) { report("error 125 caisson-shim daemon died before starting the container\n"); return 1; }
        write_all(1, line, total);
        return 0;
    }
    close(relay[0]);
    dup2(relay[1], 1);   /* report() writes here; the pipe is the daemon's alone */
    close(relay[1]);
    setsid();
    if (chdir("/") < 0) _exit(1);
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    dup2(devnull, 0);
    /* the daemon's own diagnostics (rare: everything expected is reported on stdout) */
    int diag = s.shim_log ? open(s.shim_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600) : -1;
    dup2(diag >= 0 ? diag : devnull, 2);
    signal(SIGPIPE, SIG_IGN);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);

    /* the socket exists before the container does: a start never leaves an unreachable container */
    int lfd = listen_on(s.socket_path);
    if (lfd < 0) { snprintf(err, sizeof err, "listen on %s: %s", s.socket_path, strerror(errno)); return fail(0, err); }
    socket_to_remove = s.socket_path;
    int sync[2], out[2] = {-1, -1}, er[2] = {-1, -1}, in[2] = {-1, -1};
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sync) < 0) return fail(0, strerror(errno));
    if (!s.tty) {
        if (pipe2(out, O_CLOEXEC) < 0 || pipe2(er, O_CLOEXEC) < 0) return fail(0, strerror(errno));
        if (s.open_stdin) { if (pipe2(in, O_CLOEXEC) < 0) return fail(0, strerror(errno)); }
        else in[0] = devnull;
    }
    struct init_args a = { &s, sync[1], in[0], out[1], er[1], {0} };
    for (int i = 0; i < s.n_self_cgroups; i++) {
        if ((a.self_cgroups[i] = open(s.self_cgroups[i], O_WRONLY | O_CLOEXEC)) < 0) {
            snprintf(err, sizeof err, "join cgroup %s: %s", s.self_cgroups[i], strerror(errno));
            return fail(0, err);
        }
    }
    size_t stack_size = 256 * 1024;
    char *stack = malloc(stack_size);
    pid_t init = clone(init_main, stack + stack_size, s.ns_flags | SIGCHLD, &a);
    if (init < 0) return fail(0, strerror(errno));
    close(sync[1]);
    for (int i = 0; i < s.n_self_cgroups; i++) close(a.self_cgroups[i]);
    if (!s.tty) { close(out[1]); close(er[1]); if (s.open_stdin) close(in[0]); }
    for (int i = 0; i < s.n_cgroups; i++) {
        char pid[32];
        snprintf(pid, sizeof pid, "%d", init);
        if (write_file(s.cgroups[i], pid) < 0) {
            /* the init may already have died of its own setup error: that message wins */
            ssize_t n = recv(sync[0], err, sizeof err - 1, MSG_DONTWAIT);
            if (n > 0 && err[0] == 'E') { err[n] = 0; return fail(init, err); }
            snprintf(err, sizeof err, "join cgroup %s: %s", s.cgroups[i], strerror(errno));
            return fail(init, err);
        }
    }
    if (s.attach_wait > 0) accept_attach_clients(lfd, s.attach_wait, 10000);
    if (write(sync[0], "G", 1) != 1) {
        /* the init died of its own setup error: report that, not our failed write */
        ssize_t n = read(sync[0], err, sizeof err - 1);
        err[n > 0 ? n : 0] = 0;
        return fail(init, n > 0 && err[0] == 'E' ? err : "init died before setup");
    }
    int master = -1;
    if (s.tty && (master = recv_fd(sync[0], err, sizeof err)) < 0) return fail(init, err);
    ssize_t n = read(sync[0], err, sizeof err - 1);
    if (n > 0) { err[n] = 0; return fail(init, err); }
    close(sync[0]);
    report("ok %d %d\n", init, getpid());
    dup2(devnull, 1);
    return supervise(&s, lfd, init, s.tty ? -1 : out[0], s.tty ? -1 : er[0], s.tty ? master : in[1], master);
}

int main(int argc, char **argv) {
    if (argc == 3 && !strcmp(argv[1], "run")) return run(argv[2]);
    if (argc == 3 && !strcmp(argv[1], "exec")) {
        static struct spec s;
        char err[1024];
        if (spec_load(argv[2], &s, err, sizeof err) < 0) { fprintf(stderr, "%s\n", err); return 125; }
        return exec_session(&s);
    }
    fprintf(stderr, "usage: caisson-shim run|exec SPEC\n");
    return 125;
}
