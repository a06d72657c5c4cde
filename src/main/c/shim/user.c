/*
 * The last steps before execve, shared by a container's init and exec sessions: resolve the
 * user in the container's own /etc/passwd and /etc/group (after pivot_root or setns, so the
 * files are the image's), drop the bounding set to the requested capabilities, switch
 * ids, apply rlimits without ever raising a hard limit, close every fd, and exec.
 */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

struct ids {
    char name[256];   /* the passwd name, for supplementary groups */
    uid_t uid;
    gid_t gid;
    gid_t groups[64];
    int n_groups;
    char home[PATH_MAX];
};

static int is_number(const char *s) {
    if (!*s) return 0;
    for (; *s; s++) if (*s < '0' || *s > '9') return 0;
    return 1;
}

/* Finds a passwd entry by name or by uid (when name is NULL). Returns 1 when found. */
static int find_passwd(const char *name, uid_t uid, struct ids *out) {
    FILE *f = fopen("/etc/passwd", "re");
    char line[1024];
    int found = 0;
    while (f && !found && fgets(line, sizeof line, f)) {
        char *field[7] = {0};
        char *p = line;
        for (int i = 0; i < 7 && p; i++) { field[i] = strsep(&p, ":\n"); }
        if (!field[3]) continue;
        if (name ? !strcmp(field[0], name) : (uid_t) strtoul(field[2], NULL, 10) == uid) {
            out->uid = strtoul(field[2], NULL, 10);
            out->gid = strtoul(field[3], NULL, 10);
            snprintf(out->home, sizeof out->home, "%s", field[5] && *field[5] ? field[5] : "/");
            snprintf(out->name, sizeof out->name, "%s", field[0]);
            found = 1;
        }
    }
    if (f) fclose(f);
    return found;
}

/* Group by name → gid (returns 1 when found); with member != NULL, collects groups listing it. */
static int scan_groups(const char *name, gid_t *gid, const char *member, struct ids *ids) {
    FILE *f = fopen("/etc/group", "re");
    char line[4096];
    int found = 0;
    while (f && fgets(line, sizeof line, f)) {
        char *p = line;
        char *gname = strsep(&p, ":"), *pw = strsep(&p, ":"), *id = strsep(&p, ":"), *members = strsep(&p, "\n");
        (void) pw;
        if (!id) continue;
        if (name && !strcmp(gname, name)) { *gid = strtoul(id, NULL, 10); found = 1; }
        if (member && members) {
            for (char *m; (m = strsep(&members, ",")); )
                if (!strcmp(m, member) && ids->n_groups < 64) ids->groups[ids->n_groups++] = strtoul(id, NULL, 10);
        }
    }
    if (f) fclose(f);
    return found;
}

static void resolve_user(const struct spec *s, struct ids *ids) {
    char user[256] = "", *group = NULL;
    memset(ids, 0, sizeof *ids);
    strcpy(ids->home, "/");
    if (s->user) snprintf(user, sizeof user, "%s", s->user);
    if ((group = strchr(user, ':'))) *group++ = 0;
    if (!*user) {
        find_passwd(NULL, 0, ids);
    } else if (is_number(user)) {
        uid_t uid = strtoul(user, NULL, 10);
        if (!find_passwd(NULL, uid, ids)) { ids->uid = uid; ids->gid = 0; }
    } else if (!find_passwd(user, 0, ids)) {
        die_to_parent("unable to find user %s: no matching entries in passwd file", user);
    }
    /* like Docker, a user known to passwd gets the groups /etc/group lists it in */
    if (ids->name[0]) scan_groups(NULL, NULL, ids->name, ids);
    if (group && *group) {
        if (is_number(group)) ids->gid = strtoul(group, NULL, 10);
        else if (!scan_groups(group, &ids->gid, NULL, ids))
            die_to_parent("unable to find group %s: no matching entries in group file", group);
    }
    for (int i = 0; i < s->n_groups && ids->n_groups < 64; i++) {
        gid_t g;
        if (is_number(s->groups[i])) g = strtoul(s->groups[i], NULL, 10);
        else if (!scan_groups(s->groups[i], &g, NULL, ids))
            die_to_parent("Unable to find group %s", s->groups[i]);
        ids->groups[ids->n_groups++] = g;
    }
}

static void apply_rlimits(const struct spec *s) {
    for (int i = 0; i < s->n_rlimits; i++) {
        struct rlimit cur, want = { s->rlimits[i].soft, s->rlimits[i].hard };
        if (setrlimit(s->rlimits[i].resource, &want) == 0) continue;
        if (errno != EPERM) die_to_parent("setrlimit %d: %s", s->rlimits[i].resource, strerror(errno));
        /* no CAP_SYS_RESOURCE on this host: keep what we hold rather than fail the start */
        getrlimit(s->rlimits[i].resource, &cur);
        if (cur.rlim_max != RLIM_INFINITY && (want.rlim_max == RLIM_INFINITY || want.rlim_max > cur.rlim_max))
            want.rlim_max = cur.rlim_max;
        if (want.rlim_cur == RLIM_INFINITY || want.rlim_cur > want.rlim_max) want.rlim_cur = want.rlim_max;
        if (setrlimit(s->rlimits[i].resource, &want) < 0)
            die_to_parent("setrlimit %d: %s", s->rlimits[i].resource, strerror(errno));
    }
}

static const char *env_value(const struct spec *s, const char *key) {
    size_t n = strlen(key);
    for (int i = 0; i < s->n_env; i++)
        if (!strncmp(s->env[i], key, n) && s->env[i][n] == '=') return s->env[i] + n + 1;
    return NULL;
}

/* PATH lookup with the container's PATH, not the shim's (Docker's messages on failure). */
static const char *find_program(const struct spec *s, char *buf) {
    const char *prog = s->args[0];
    struct stat st;
    if (strchr(prog, '/')) {
        if (stat(prog, &st) < 0) die_to_parent("exec: \"%s\": stat %s: %s", prog, prog, strerror(errno));
        return prog;
    }
    const char *path = env_value(s, "PATH");
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", path ? path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    char *p = copy;
    for (char *dir; (dir = strsep(&p, ":")); ) {
        snprintf(buf, PATH_MAX, "%s/%s", *dir ? dir : ".", prog);
        if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) && access(buf, X_OK) == 0) return buf;
    }
    die_to_parent("exec: \"%s\": executable file not found in $PATH", prog);
}

void container_exec(const struct spec *s) {
    struct ids ids;
    char prog[PATH_MAX];
    resolve_user(s, &ids);
    if (s->cwd && *s->cwd && chdir(s->cwd) < 0)
        die_to_parent("chdir to cwd (\"%s\") set in config.json failed: %s", s->cwd, strerror(errno));
    const char *path = find_program(s, prog);
    apply_rlimits(s);
    for (int cap = 0; cap < 64; cap++)
        if (!(s->caps & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
            die_to_parent("drop capability %d: %s", cap, strerror(errno));
    /* nothing inherited from the engine may widen the set: no inheritable or ambient caps */
    struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
        die_to_parent("clear ambient capabilities: %s", strerror(errno));
    if (syscall(SYS_capget, &hdr, data) == 0) {
        data[0].inheritable = data[1].inheritable = 0;
        if (syscall(SYS_capset, &hdr, data) < 0) die_to_parent("capset: %s", strerror(errno));
    }
    if (setgroups(ids.n_groups, ids.groups) < 0 || setresgid(ids.gid, ids.gid, ids.gid) < 0 ||
        setresuid(ids.uid, ids.uid, ids.uid) < 0)
        die_to_parent("set user %u:%u: %s", ids.uid, ids.gid, strerror(errno));
    if (s->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        die_to_parent("no_new_privs: %s", strerror(errno));
    /* Build env: the spec's, plus HOME from passwd when the spec has none (Docker does). */
    const char *env[MAX_ITEMS + 2];
    int n = 0;
    for (int i = 0; i < s->n_env; i++) env[n++] = s->env[i];
    char home[PATH_MAX + 6];
    if (!env_value(s, "HOME")) { snprintf(home, sizeof home, "HOME=%s", ids.home); env[n++] = home; }
    env[n] = NULL;
    /* a fresh process: Docker's umask, no blocked or ignored signals inherited from the shim */
    umask(022);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* raw rt_sigaction: glibc refuses 32 and 33, which a JVM parent leaves ignored */
    struct { void *handler; unsigned long flags; void *restorer; unsigned long mask; } dfl = { SIG_DFL, 0, 0, 0 };
    for (int sig = 1; sig <= 64; sig++)
        if (sig != SIGKILL && sig != SIGSTOP) syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof dfl.mask);
    /* CVE-2024-21626: no host fd may survive into the container */
    if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
        for (long fd = 3, max = sysconf(_SC_OPEN_MAX); fd < max; fd++) fcntl(fd, F_SETFD, FD_CLOEXEC);
    if (s->init) {
        /* every signal stays pending for the init from before the fork on (none may be lost) */
        sigset_t all;
        sigfillset(&all);
        sigprocmask(SIG_SETMASK, &all, NULL);
        pid_t child = fork();
        if (child < 0) die_to_parent("fork the command under --init: %s", strerror(errno));
        if (child > 0) {
            /* the child's execve (or its error message) ends the shim's wait on the sync socket */
            close(get_error_fd());
            run_as_init(child);
        }
        sigprocmask(SIG_SETMASK, &none, NULL);
    }
    execve(path, (char *const *) s->args, (char *const *) env);
    die_to_parent("exec: \"%s\": %s", s->args[0], strerror(errno));
}
