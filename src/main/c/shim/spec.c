/*
 * The spec file: a flat list of NUL-terminated strings, "key" followed by a fixed number of
 * values. Java (SpecWriter) writes it; the shim never decides anything the spec does not say.
 * NUL separation means any byte except NUL can appear in an argument or env value.
 */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *buf;
static size_t len, pos;

static const char *next(void) {
    if (pos >= len) return NULL;
    const char *t = buf + pos;
    pos += strlen(t) + 1;
    return t;
}

static unsigned long long num(const char *t) { return t ? strtoull(t, NULL, 0) : 0; }

static unsigned long ns_flag(const char *name) {
    if (!strcmp(name, "pid")) return CLONE_NEWPID;
    if (!strcmp(name, "mnt")) return CLONE_NEWNS;
    if (!strcmp(name, "uts")) return CLONE_NEWUTS;
    if (!strcmp(name, "ipc")) return CLONE_NEWIPC;
    if (!strcmp(name, "net")) return CLONE_NEWNET;
    if (!strcmp(name, "cgroup")) return CLONE_NEWCGROUP;
    return 0;
}

#define NEED(n) do { for (int i_ = 0; i_ < (n); i_++) if (!(v[i_] = next())) goto truncated; } while (0)
#define ADD(arr, cnt, max, val) do { if ((cnt) >= (max)) goto toomany; (arr)[(cnt)++] = (val); } while (0)

int spec_load(const char *path, struct spec *s, char *err, size_t errlen) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) { snprintf(err, errlen, "open spec %s: %s", path, strerror(errno)); return -1; }
    buf = malloc(st.st_size + 1);
    len = 0;
    while (len < (size_t) st.st_size) {
        ssize_t n = read(fd, buf + len, st.st_size - len);
        if (n <= 0) { snprintf(err, errlen, "read spec: %s", strerror(errno)); close(fd); return -1; }
        len += n;
    }
    buf[len] = 0;
    close(fd);
    memset(s, 0, sizeof *s);
    s->caps = ~0ULL;
    const char *k, *v[5];
    while ((k = next())) {
        if (!strcmp(k, "id")) { NEED(1); s->id = v[0]; }
        else if (!strcmp(k, "rootfs")) { NEED(1); s->rootfs = v[0]; }
        else if (!strcmp(k, "rootmount")) { NEED(3); s->root_source = v[0]; s->root_fstype = v[1]; s->root_data = v[2]; }
        else if (!strcmp(k, "ns")) { NEED(1); s->ns_flags |= ns_flag(v[0]); }
        else if (!strcmp(k, "netns")) { NEED(1); s->netns = v[0]; }
        else if (!strcmp(k, "hostname")) { NEED(1); s->hostname = v[0]; }
        else if (!strcmp(k, "domainname")) { NEED(1); s->domainname = v[0]; }
        else if (!strcmp(k, "mount")) {
            NEED(5);
            if (s->n_mounts >= MAX_ITEMS) goto toomany;
            struct mount_op *m = &s->mounts[s->n_mounts++];
            m->source = v[0]; m->target = v[1]; m->fstype = v[2]; m->flags = num(v[3]); m->data = v[4];
        }
        else if (!strcmp(k, "mask")) { NEED(1); ADD(s->masked, s->n_masked, 64, v[0]); }
        else if (!strcmp(k, "readonly")) { NEED(1); ADD(s->readonly, s->n_readonly, 64, v[0]); }
        else if (!strcmp(k, "symlink")) {
            NEED(2);
            if (s->n_links >= 64) goto toomany;
            s->links[s->n_links][0] = v[0]; s->links[s->n_links++][1] = v[1];
        }
        else if (!strcmp(k, "mknod")) {
            NEED(5);
            if (s->n_nodes >= 256) goto toomany;
            s->nodes[s->n_nodes].path = v[0]; s->nodes[s->n_nodes].type = v[1][0];
            s->nodes[s->n_nodes].major = num(v[2]); s->nodes[s->n_nodes].minor = num(v[3]);
            s->nodes[s->n_nodes++].mode = num(v[4]);
        }
        else if (!strcmp(k, "rootreadonly")) s->readonly_root = 1;
        else if (!strcmp(k, "rootpropagation")) { NEED(1); s->root_propagation = num(v[0]); }
        else if (!strcmp(k, "cgroup")) { NEED(1); ADD(s->cgroups, s->n_cgroups, 32, v[0]); }
        else if (!strcmp(k, "cgroupself")) { NEED(1); ADD(s->self_cgroups, s->n_self_cgroups, 32, v[0]); }
        else if (!strcmp(k, "oomfile")) { NEED(1); s->oom_path = v[0]; }
        else if (!strcmp(k, "user")) { NEED(1); s->user = v[0]; }
        else if (!strcmp(k, "group")) { NEED(1); ADD(s->groups, s->n_groups, 32, v[0]); }
        else if (!strcmp(k, "cwd")) { NEED(1); s->cwd = v[0]; }
        else if (!strcmp(k, "env")) { NEED(1); ADD(s->env, s->n_env, MAX_ITEMS, v[0]); }
        else if (!strcmp(k, "arg")) { NEED(1); ADD(s->args, s->n_args, MAX_ITEMS, v[0]); }
        else if (!strcmp(k, "caps")) { NEED(1); s->caps = num(v[0]); }
        else if (!strcmp(k, "nonewprivs")) s->no_new_privs = 1;
        else if (!strcmp(k, "rlimit")) {
            NEED(3);
            if (s->n_rlimits >= 16) goto toomany;
            s->rlimits[s->n_rlimits].resource = num(v[0]);
            s->rlimits[s->n_rlimits].soft = num(v[1]);
            s->rlimits[s->n_rlimits++].hard = num(v[2]);
        }
        else if (!strcmp(k, "tty")) s->tty = 1;
        else if (!strcmp(k, "winsizefile")) { NEED(1); s->winsize_file = v[0]; }
        else if (!strcmp(k, "winsize")) { NEED(2); s->rows = num(v[0]); s->cols = num(v[1]); }
        else if (!strcmp(k, "stdin")) s->open_stdin = 1;
        else if (!strcmp(k, "stdinonce")) s->stdin_once = 1;
        else if (!strcmp(k, "init")) s->init = 1;
        else if (!strcmp(k, "attachwait")) { NEED(1); s->attach_wait = num(v[0]); }
        else if (!strcmp(k, "log")) { NEED(1); s->log_path = v[0]; }
        else if (!strcmp(k, "exitfile")) { NEED(1); s->exit_path = v[0]; }
        else if (!strcmp(k, "shimlog")) { NEED(1); s->shim_log = v[0]; }
        else if (!strcmp(k, "socket")) { NEED(1); s->socket_path = v[0]; }
        else if (!strcmp(k, "pid")) { NEED(1); s->pid = num(v[0]); }
        else { snprintf(err, errlen, "unknown spec key %s", k); return -1; }
    }
    if (s->n_args == 0) { snprintf(err, errlen, "no command specified"); return -1; }
    return 0;
truncated:
    snprintf(err, errlen, "spec truncated after %s", k);
    return -1;
toomany:
    snprintf(err, errlen, "too many %s entries", k);
    return -1;
}
