/*
 * The shim's life after the container started: one poll() loop that
 *  - turns the container's stdout/stderr into json-file log lines (what `docker logs` reads),
 *  - serves the per-container unix socket (attach, wait, kill, resize, status),
 *  - reaps the init, reads the cgroup's OOM-kill count, writes the exit file and tells waiters.
 * Socket requests start with one command byte (mirrored in ShimProtocol.java):
 *   'a' FLAGS   attach: FLAGS bit0 stdin, bit1 stdout, bit2 stderr; output comes back in
 *               Docker's 8-byte frames [stream,0,0,0,len32be]; bytes sent become stdin
 *   'w'         wait: the shim answers "exit <code> <oomkilled>\n" when the container exits
 *   'k' SIG     signal the init;         'r' ROWS16 COLS16   resize the tty
 *   's'         "running <init pid>\n"
 */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CLIENTS 64
#define LINE_MAX_BYTES 16384   /* like Docker: longer lines are split into several entries */

struct client { int fd; char mode; unsigned char flags; unsigned char cmd[8]; int len; int dead; int in_eof; };
static struct client clients[MAX_CLIENTS];
static int n_clients;
static int log_fd = -1;
static int tty;
static struct { char buf[LINE_MAX_BYTES]; size_t len; } partial[3];
static char *out;   /* one json chunk per read, written with one write() */

static void add_json(char **o, const char *data, size_t n) {
    static const char hex[] = "0123456789abcdef";
    char *p = *o;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = data[i];
        if (c == '"' || c == '\\') { *p++ = '\\'; *p++ = c; }
        else if (c == '\n') { *p++ = '\\'; *p++ = 'n'; }
        else if (c == '\r') { *p++ = '\\'; *p++ = 'r'; }
        else if (c == '\t') { *p++ = '\\'; *p++ = 't'; }
        else if (c < 0x20 || c == '<' || c == '>' || c == '&') {   /* Go's encoder escapes <>& too */
            memcpy(p, "\\u00", 4); p += 4; *p++ = hex[c >> 4]; *p++ = hex[c & 15];
        } else *p++ = c;
    }
    *o = p;
}

static void add_entry(char **o, int stream, const char *line, size_t n, const char *ts) {
    *o += sprintf(*o, "{\"log\":\"");
    add_json(o, line, n);
    *o += sprintf(*o, "\",\"stream\":\"%s\",\"time\":\"%s\"}\n", stream == 2 ? "stderr" : "stdout", ts);
}

/* Splits output into lines; an unterminated tail waits for the rest of its line. */
static void log_output(int stream, const char *data, size_t n, int flush) {
    char ts[40];
    format_time(ts, sizeof ts);
    char *o = out;
    size_t i = 0;
    while (i < n || (flush && partial[stream].len)) {
        const char *nl = i < n ? memchr(data + i, '\n', n - i) : NULL;
        size_t take = nl ? (size_t) (nl - (data + i)) + 1 : n - i;
        size_t room = LINE_MAX_BYTES - partial[stream].len;
        if (take > room) take = room;
        memcpy(partial[stream].buf + partial[stream].len, data + i, take);
        partial[stream].len += take;
        i += take;
        if (nl && (size_t) (nl - data) < i) {   /* the newline was copied: a whole line */
            add_entry(&o, stream, partial[stream].buf, partial[stream].len, ts);
            partial[stream].len = 0;
        } else if (partial[stream].len == LINE_MAX_BYTES || (flush && i >= n)) {
            add_entry(&o, stream, partial[stream].buf, partial[stream].len, ts);
            partial[stream].len = 0;
        }
        if (o - out > 6 * 65536) { write_all(log_fd, out, o - out); o = out; }
    }
    if (o > out) write_all(log_fd, out, o - out);
}

static void drop_client(int i) {
    close(clients[i].fd);
    clients[i] = clients[--n_clients];
}

/* Sends output to attach clients; one that fails is only marked (the poll array still
 * indexes clients by position) and removed after this round. */
static void forward(int stream, const char *data, size_t n) {
    unsigned char hdr[8] = { stream, 0, 0, 0, n >> 24, n >> 16, n >> 8, n };
    for (int i = 0; i < n_clients; i++) {
        if (clients[i].dead || clients[i].mode != 'a' || !(clients[i].flags & (1 << stream))) continue;
        if (write_all(clients[i].fd, hdr, 8) < 0 || write_all(clients[i].fd, data, n) < 0) clients[i].dead = 1;
    }
}

/* Stdin is written without blocking: a container that is busy writing its output must not
 * stop the shim from draining it. Bytes the pipe cannot take yet wait here. */
static char *pending;
static size_t pending_len;

static void feed_stdin(int in_fd, const char *data, size_t n) {
    if (pending_len == 0) {
        ssize_t w = write(in_fd, data, n);
        if (w < 0 && errno != EAGAIN) return;   /* the container closed its stdin */
        if (w < 0) w = 0;
        data += w;
        n -= w;
    }
    if (n == 0) return;
    pending = realloc(pending, pending_len + n);
    memcpy(pending + pending_len, data, n);
    pending_len += n;
}

static void flush_stdin(int in_fd) {
    ssize_t w = write(in_fd, pending, pending_len);
    if (w < 0 && errno != EAGAIN) { pending_len = 0; return; }
    if (w > 0) { memmove(pending, pending + w, pending_len - w); pending_len -= w; }
}

static void output(int stream, const char *data, size_t n) {
    if (tty) stream = 1;
    log_output(stream, data, n, 0);
    forward(stream, data, n);
}

static long oom_count(const char *path) {
    char buf[512];
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    char *p = strstr(buf, "oom_kill ");
    return p ? strtol(p + 9, NULL, 10) : 0;
}

int listen_on(const char *path) {
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof addr.sun_path) { errno = ENAMETOOLONG; return -1; }
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
    unlink(path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(fd, 64) < 0) return -1;
    chmod(path, 0600);
    return fd;
}

/* Handles a complete command from a new client; returns 1 when the client stays connected. */
static int exited_already;

static int command(struct client *c, pid_t init, int in_fd, int master) {
    switch (c->cmd[0]) {
    case 'a': if (c->len < 2) return -1; c->mode = 'a'; c->flags = c->cmd[1];
        fcntl(c->fd, F_SETFL, 0);   /* blocking writes: a slow reader slows the container, as in Docker */
        struct timeval tv = { 30, 0 };
        setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        (void) in_fd;
        return 1;
    case 'w': c->mode = 'w'; return 1;
    case 'k': if (c->len < 2) return -1;
        if (!exited_already) kill(init, c->cmd[1]);   /* once reaped, the pid may be someone else's */
        write_all(c->fd, "ok\n", 3);
        return 0;
    case 'r': {
        if (c->len < 5) return -1;
        struct winsize ws = { .ws_row = c->cmd[1] << 8 | c->cmd[2], .ws_col = c->cmd[3] << 8 | c->cmd[4] };
        if (master >= 0) ioctl(master, TIOCSWINSZ, &ws);
        write_all(c->fd, "ok\n", 3);
        return 0;
    }
    case 's': { char m[40]; int k = snprintf(m, sizeof m, exited_already ? "exited\n" : "running %d\n", init);
        write_all(c->fd, m, k); return 0; }
    default: return 0;
    }
}

/*
 * `docker run` attaches before the container starts, so none of its output may be missed:
 * the engine connects these clients while the init still waits for "G". Only attach
 * requests count; anything else that connects this early is turned away.
 */
void accept_attach_clients(int lfd, int n, int timeout_ms) {
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int first = n_clients;
    for (;;) {
        int ready = 0;
        for (int i = first; i < n_clients; i++) ready += clients[i].mode == 'a';
        if (ready >= n) return;
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long left = timeout_ms - ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000);
        if (left <= 0) return;   /* the engine gave up on them: start anyway, the log keeps everything */
        struct pollfd p[1 + MAX_CLIENTS];
        p[0] = (struct pollfd) { .fd = lfd, .events = POLLIN };
        for (int i = first; i < n_clients; i++) p[1 + i - first] = (struct pollfd) { .fd = clients[i].fd, .events = POLLIN };
        if (poll(p, 1 + n_clients - first, left) <= 0) continue;
        for (int i = n_clients - 1; i >= first; i--) {
            struct client *c = &clients[i];
            if (!p[1 + i - first].revents || c->mode) continue;
            ssize_t k = read(c->fd, c->cmd + c->len, 2 - c->len);
            if (k <= 0 || c->cmd[0] != 'a') { drop_client(i); continue; }
            if ((c->len += k) == 2) {
                c->mode = 'a';
                c->flags = c->cmd[1];
                fcntl(c->fd, F_SETFL, 0);   /* as in command(): blocking writes */
                struct timeval tv = { 30, 0 };
                setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            }
        }
        if (p[0].revents) {
            int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
            if (fd >= 0 && n_clients < MAX_CLIENTS) clients[n_clients++] = (struct client) { .fd = fd };
            else if (fd >= 0) close(fd);
        }
    }
}

int supervise(const struct spec *s, int lfd, pid_t init, int out_fd, int err_fd, int in_fd, int master) {
    tty = s->tty;
    if (in_fd >= 0) fcntl(in_fd, F_SETFL, fcntl(in_fd, F_GETFL) | O_NONBLOCK);
    out = malloc(7 * 65536 + 8 * LINE_MAX_BYTES);
    log_fd = open(s->log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    long oom_before = oom_count(s->oom_path);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    int sfd = signalfd(-1, &chld, SFD_CLOEXEC);
    int status = 0, exited = 0, tty_open = master >= 0, close_stdin = 0;
    static char buf[65536];
    while (!exited || out_fd >= 0 || err_fd >= 0 || tty_open) {
        struct pollfd p[5 + MAX_CLIENTS];
        int np = 0;
        p[np++] = (struct pollfd) { .fd = sfd, .events = POLLIN };
        p[np++] = (struct pollfd) { .fd = lfd, .events = POLLIN };
        p[np++] = (struct pollfd) { .fd = tty ? (tty_open ? master : -1) : out_fd, .events = POLLIN };
        p[np++] = (struct pollfd) { .fd = err_fd, .events = POLLIN };
        for (int i = 0; i < n_clients; i++) {
            int stdin_client = clients[i].mode == 'a' && (clients[i].flags & 1);
            /* an attach client that closed its sending side still receives output */
            p[np++] = (struct pollfd) { .fd = clients[i].fd,
                    .events = clients[i].in_eof || (stdin_client && pending_len) ? 0 : POLLIN };
        }
        int in_slot = np;
        p[np++] = (struct pollfd) { .fd = pending_len && in_fd >= 0 ? in_fd : -1, .events = POLLOUT };
        /* once the init is gone its pid namespace is empty; don't wait forever on a stray writer */
        int r = poll(p, np, exited ? 2000 : -1);
        if (r == 0) break;
        if (r < 0) continue;
        if (p[0].revents) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof si) < 0) {}
            int st;
            pid_t w;
            while ((w = waitpid(-1, &st, WNOHANG)) > 0) if (w == init) { exited = exited_already = 1; status = st; }
        }
        if (p[2].revents) {
            ssize_t n = read(p[2].fd, buf, sizeof buf);
            if (n > 0) output(1, buf, n);
            else if (tty) tty_open = 0;   /* EIO: no process holds the terminal any more */
            else { close(out_fd); out_fd = -1; }
        }
        if (p[3].revents) {
            ssize_t n = read(err_fd, buf, sizeof buf);
            if (n > 0) output(2, buf, n);
            else { close(err_fd); err_fd = -1; }
        }
        if (p[in_slot].revents) flush_stdin(in_fd);
        for (int i = n_clients - 1; i >= 0; i--) {
            if (clients[i].dead) { drop_client(i); continue; }
            if (!p[4 + i].revents) continue;
            struct client *c = &clients[i];
            if (c->in_eof) { drop_client(i); continue; }   /* POLLHUP/POLLERR: it is gone entirely */
            if (c->mode == 0) {
                ssize_t n = read(c->fd, c->cmd + c->len, sizeof c->cmd - c->len);
                if (n <= 0) { drop_client(i); continue; }
                c->len += n;
                int keep = command(c, init, in_fd, master);
                if (keep == 0) drop_client(i);
                /* an attach client may send stdin right behind its command: pass those bytes on */
                else if (keep == 1 && c->mode == 'a' && c->len > 2 && (c->flags & 1) && in_fd >= 0)
                    feed_stdin(in_fd, (char *) c->cmd + 2, c->len - 2);
                continue;
            }
            ssize_t n = read(c->fd, buf, sizeof buf);
            if (n > 0 && c->mode == 'a' && (c->flags & 1) && in_fd >= 0) {
                feed_stdin(in_fd, buf, n);
            } else if (n == 0 && c->mode == 'a' && (c->flags & 1)) {
                /* end of its stdin (a half-close, as `docker run -i` does at EOF): keep sending it output */
                if (s->stdin_once && in_fd >= 0 && in_fd != master) close_stdin = 1;   /* once what it sent has gone in */
                c->in_eof = 1;
            } else if (n <= 0) {
                drop_client(i);
            }
        }
        if (close_stdin && pending_len == 0 && in_fd >= 0) {
            close(in_fd);
            in_fd = -1;
            close_stdin = 0;
        }
        if (p[1].revents) {
            int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
            if (fd >= 0 && n_clients < MAX_CLIENTS) clients[n_clients++] = (struct client) { .fd = fd };
            else if (fd >= 0) close(fd);
        }
    }
    for (int st = 1; st <= 2; st++) log_output(st, "", 0, 1);
    int oom = oom_count(s->oom_path) > oom_before;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    char ts[40], json[256], tmp[4096];
    format_time(ts, sizeof ts);
    snprintf(json, sizeof json, "{\"exitCode\":%d,\"signal\":%d,\"oomKilled\":%s,\"finishedAt\":\"%s\"}\n",
             code, WIFSIGNALED(status) ? WTERMSIG(status) : 0, oom ? "true" : "false", ts);
    snprintf(tmp, sizeof tmp, "%s.tmp", s->exit_path);
    if (write_file(tmp, json) == 0) rename(tmp, s->exit_path);
    char msg[64];
    int k = snprintf(msg, sizeof msg, "exit %d %d\n", code, oom);
    for (int i = n_clients - 1; i >= 0; i--) {
        if (clients[i].mode == 'w') write_all(clients[i].fd, msg, k);
        drop_client(i);
    }
    unlink(s->socket_path);
    return 0;
}
