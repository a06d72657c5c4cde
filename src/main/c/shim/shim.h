/*
 * caisson-shim: the only C in Caisson. See README.md in this folder for why it exists and
 * for the protocol. Every constant that Java must know is mirrored in
 * dev.caisson.engine.runtime.ShimProtocol (keep the two in step).
 */
#ifndef CAISSON_SHIM_H
#define CAISSON_SHIM_H

#define _GNU_SOURCE
#include <stddef.h>
#include <sys/types.h>

#define MAX_ITEMS 4096   /* args, env entries, mounts; Docker has no small limit */

/* A mount directive: everything is decided in Java; the shim only performs it. */
struct mount_op {
    const char *source, *target, *fstype, *data;
    unsigned long flags;
};

struct rlimit_op {
    int resource;
    unsigned long long soft, hard;
};

/* What one container (or one exec session) should become, parsed from the spec file. */
struct spec {
    const char *id, *rootfs, *hostname, *domainname, *user, *cwd;
    const char *log_path, *shim_log, *exit_path, *socket_path, *oom_path, *netns;
    unsigned long ns_flags;             /* CLONE_NEW* for a new container */
    int readonly_root, tty, open_stdin, stdin_once, no_new_privs, pid;
    int attach_wait;   /* attach clients to accept before the container runs (docker run) */
    int init;   /* --init: pid 1 stays a minimal init (reaps, forwards signals), the command is its child */
    const char *winsize_file;   /* exec: "rows cols", re-read on SIGWINCH (the engine's resize) */
    unsigned short rows, cols;
    unsigned long long caps;            /* bounding set (= effective set for root) */
    const char *root_source, *root_fstype, *root_data;  /* the rootfs mount itself */
    unsigned long root_propagation;     /* for "/" before anything is mounted; 0: MS_REC | MS_PRIVATE */
    struct mount_op mounts[MAX_ITEMS]; int n_mounts;
    const char *args[MAX_ITEMS + 1]; int n_args;
    const char *env[MAX_ITEMS + 1]; int n_env;
    const char *cgroups[32]; int n_cgroups;            /* run: the shim writes the init's pid here */
    const char *self_cgroups[32]; int n_self_cgroups;  /* the process writes "0" here itself (see main.c) */
    const char *groups[32]; int n_groups;
    const char *masked[64]; int n_masked;
    const char *readonly[64]; int n_readonly;
    const char *links[64][2]; int n_links;        /* symlink target, link path */
    struct { const char *path; char type; unsigned major, minor, mode; } nodes[256]; int n_nodes;
    struct rlimit_op rlimits[16]; int n_rlimits;
};

/* spec.c */
int spec_load(const char *path, struct spec *s, char *err, size_t errlen);

/* container.c: runs inside the new namespaces (or after setns for exec) up to execve. */
void container_setup_fs(const struct spec *s);      /* mounts, pivot_root; dies on error */
void container_exec(const struct spec *s);          /* user, rlimits, caps, cwd, execve */
void die_to_parent(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void set_error_fd(int fd);
int get_error_fd(void);
void run_as_init(pid_t child);

/* pty.c */
int pty_open_in_container(int *slave_out);          /* opens /dev/ptmx of the current mount ns */
int send_fd(int sock, int fd);
int recv_fd(int sock, char *err, size_t errlen);

/* supervise.c */
int listen_on(const char *path);
void accept_attach_clients(int lfd, int n, int timeout_ms);
int supervise(const struct spec *s, int lfd, pid_t init, int out_fd, int err_fd, int in_fd, int master_fd);

/* exec.c */
int exec_session(const struct spec *s);

/* util */
int write_all(int fd, const void *buf, size_t len);
int write_file(const char *path, const char *data);
void format_time(char *buf, size_t len);

#endif
