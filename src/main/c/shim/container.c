/*
 * Code that runs in the container's init (or in an exec session's child) after clone()/setns()
 * and before execve(). It only performs what the spec lists; Java decided all of it.
 * On any failure it reports "E<code> <message>" on the error socket and exits: the parent
 * turns that into the start/exec error Java shows (Docker's wording where it has one).
 */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/openat2.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static int error_fd = -1;
static int exit_code_on_error = 127;

void set_error_fd(int fd) { error_fd = fd; }
int get_error_fd(void) { return error_fd; }

static void vdie(int code, const char *fmt, va_list ap) __attribute__((noreturn));
static void vdie(int code, const char *fmt, va_list ap) {
    char msg[1024];
    int n = snprintf(msg, sizeof msg, "E%d ", code);
    vsnprintf(msg + n, sizeof msg - n, fmt, ap);
    if (error_fd >= 0) write_all(error_fd, msg, strlen(msg));
    else fprintf(stderr, "%s\n", msg + n);
    _exit(code);
}

void die_to_parent(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vdie(exit_code_on_error, fmt, ap);
    va_end(ap);
    _exit(exit_code_on_error);
}

static int openat2_in(int rootfd, const char *path, int flags) {
    struct open_how how = { .flags = flags | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
    return syscall(SYS_openat2, rootfd, path, &how, sizeof how);
}

enum { FIND = 0, MAKE_DIR = 1, MAKE_FILE = 2 };

/*
 * Opens PATH inside the root as an O_PATH fd, resolving every symlink as if the root were "/"
 * (RESOLVE_IN_ROOT), so a hostile image can never steer a mount outside its rootfs.
 * Missing components are created (directories, or a file for the last one).
 */
static int open_in_root(int rootfd, const char *path, int make) {
    while (*path == '/') path++;
    if (!*path) return openat2_in(rootfd, ".", O_PATH);
    int fd = openat2_in(rootfd, path, O_PATH);
    if (fd >= 0 || errno != ENOENT || make == FIND) return fd;
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf; ; ) {
        char *slash = strchr(p, '/');
        int last = slash == NULL;
        if (slash) *slash = 0;
        fd = openat2_in(rootfd, buf, O_PATH);
        if (fd < 0 && errno == ENOENT) {
            char *cut = strrchr(buf, '/');
            const char *name = cut ? cut + 1 : buf;
            if (cut) *cut = 0;
            int parent = openat2_in(rootfd, cut ? buf : ".", O_PATH | O_DIRECTORY);
            if (cut) *cut = '/';
            if (parent < 0) return -1;
            if (last && make == MAKE_FILE) {
                int f = openat(parent, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
                if (f >= 0) close(f);
            } else {
                mkdirat(parent, name, 0755);
            }
            close(parent);
            fd = openat2_in(rootfd, buf, O_PATH);
        }
        if (fd < 0 || last) return fd;
        close(fd);
        *slash = '/';
        p = slash + 1;
    }
}

static const char *fdpath(int fd, char *buf) {
    sprintf(buf, "/proc/self/fd/%d", fd);
    return buf;
}

static void do_mount(int rootfd, const struct mount_op *m) {
    char p[64];
    struct stat st;
    int bind = (m->flags & MS_BIND) != 0;
    int make = bind && stat(m->source, &st) == 0 && !S_ISDIR(st.st_mode) ? MAKE_FILE : MAKE_DIR;
    int fd = open_in_root(rootfd, m->target, make);
    if (fd < 0) die_to_parent("mount target %s: %s", m->target, strerror(errno));
    unsigned long flags = m->flags;
    if (flags & MS_REMOUNT) {
        if (mount(NULL, fdpath(fd, p), NULL, flags, m->data) < 0)
            die_to_parent("remount %s: %s", m->target, strerror(errno));
        close(fd);
        return;
    }
    /* a bind mount ignores MS_RDONLY on the first call: bind, then remount read-only */
    unsigned long first = bind ? flags & (MS_BIND | MS_REC) : flags;
    if (mount(m->source, fdpath(fd, p), m->fstype, first, m->data) < 0)
        die_to_parent("mount %s on %s: %s", m->source, m->target, strerror(errno));
    close(fd);
    if (bind && (flags & ~(MS_BIND | MS_REC))) {
        fd = open_in_root(rootfd, m->target, FIND);
        /* the path is looked up again: make sure it still leads to what we just bound (a
         * shared volume could have swapped in a symlink meanwhile, CVE-2021-30465 style) */
        struct stat now;
        if (fd < 0 || fstat(fd, &now) < 0 || stat(m->source, &st) < 0 || now.st_dev != st.st_dev || now.st_ino != st.st_ino)
            die_to_parent("mount target %s changed while mounting", m->target);
        if (mount(NULL, fdpath(fd, p), NULL, MS_REMOUNT | MS_BIND | (flags & ~MS_REC), NULL) < 0)
            die_to_parent("remount %s: %s", m->target, strerror(errno));
        close(fd);
    }
}

/* Docker's masked paths: a directory gets an empty read-only tmpfs, a file /dev/null. */
static void mask_path(int rootfd, const char *path) {
    char p[64];
    struct stat st;
    int fd = open_in_root(rootfd, path, FIND);
    if (fd < 0) return;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
        mount("tmpfs", fdpath(fd, p), "tmpfs", MS_RDONLY, "size=0k");
    else
        mount("/dev/null", fdpath(fd, p), NULL, MS_BIND, NULL);
    close(fd);
}

static void readonly_path(int rootfd, const char *path) {
    char p[64];
    int fd = open_in_root(rootfd, path, FIND);
    if (fd < 0) return;
    if (mount(fdpath(fd, p), p, NULL, MS_BIND | MS_REC, NULL) < 0)
        die_to_parent("bind %s: %s", path, strerror(errno));
    close(fd);
    fd = open_in_root(rootfd, path, FIND);
    if (mount(NULL, fdpath(fd, p), NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
        die_to_parent("remount %s read-only: %s", path, strerror(errno));
    close(fd);
}

static int parent_and_name(int rootfd, const char *path, const char **name) {
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *cut = strrchr(dir, '/');
    *name = path + (cut ? cut - dir + 1 : 0);
    if (cut) *cut = 0;
    return open_in_root(rootfd, cut ? dir : "/", MAKE_DIR);
}

/* Creates the working directory like Docker does; after pivot_root, so "/" is the container's. */
static void mkdir_p(const char *path) {
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        mkdir(buf, 0755);
        *p = '/';
    }
    mkdir(buf, 0755);
}

void container_setup_fs(const struct spec *s) {
    umask(0);
    /* private unless a bind mount wants host mounts to keep propagating in (rslave): either way
     * nothing mounted here ever propagates back to the host */
    unsigned long root_prop = s->root_propagation ? s->root_propagation : MS_REC | MS_PRIVATE;
    if (mount(NULL, "/", NULL, root_prop, NULL) < 0)
        die_to_parent("make / private: %s", strerror(errno));
    if (s->root_source) {
        if (mount(s->root_source, s->rootfs, s->root_fstype, 0, s->root_data) < 0)
            die_to_parent("mount rootfs: %s", strerror(errno));
    } else if (mount(s->rootfs, s->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) {
        die_to_parent("bind rootfs: %s", strerror(errno));
    }
    int rootfd = open(s->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0) die_to_parent("open rootfs: %s", strerror(errno));
    for (int i = 0; i < s->n_mounts; i++)
        if (!(s->mounts[i].flags & MS_REMOUNT)) do_mount(rootfd, &s->mounts[i]);
    for (int i = 0; i < s->n_nodes; i++) {
        const char *name;
        int dir = parent_and_name(rootfd, s->nodes[i].path, &name);
        mode_t type = s->nodes[i].type == 'b' ? S_IFBLK : S_IFCHR;
        if (dir < 0 || mknodat(dir, name, type | s->nodes[i].mode, makedev(s->nodes[i].major, s->nodes[i].minor)) < 0)
            die_to_parent("mknod %s: %s", s->nodes[i].path, strerror(errno));
        close(dir);
    }
    for (int i = 0; i < s->n_links; i++) {
        const char *name;
        int dir = parent_and_name(rootfd, s->links[i][1], &name);
        if (dir < 0 || (symlinkat(s->links[i][0], dir, name) < 0 && errno != EEXIST))
            die_to_parent("symlink %s: %s", s->links[i][1], strerror(errno));
        close(dir);
    }
    /* remounts (e.g. /sys/fs/cgroup read-only) come after the nodes and links made inside */
    for (int i = 0; i < s->n_mounts; i++)
        if (s->mounts[i].flags & MS_REMOUNT) do_mount(rootfd, &s->mounts[i]);
    for (int i = 0; i < s->n_masked; i++) mask_path(rootfd, s->masked[i]);
    for (int i = 0; i < s->n_readonly; i++) readonly_path(rootfd, s->readonly[i]);
    if (fchdir(rootfd) < 0 || syscall(SYS_pivot_root, ".", ".") < 0)
        die_to_parent("pivot_root: %s", strerror(errno));
    /* the old root is stacked under the new one: detach it so no host mount stays reachable */
    if (umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
        die_to_parent("detach old root: %s", strerror(errno));
    close(rootfd);
    if (s->cwd && *s->cwd) mkdir_p(s->cwd);
    if (s->readonly_root && mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
        die_to_parent("remount rootfs read-only: %s", strerror(errno));
    if (s->hostname && sethostname(s->hostname, strlen(s->hostname)) < 0)
        die_to_parent("sethostname: %s", strerror(errno));
    if (s->domainname && setdomainname(s->domainname, strlen(s->domainname)) < 0)
        die_to_parent("setdomainname: %s", strerror(errno));
    if (s->ns_flags & CLONE_NEWNET) {
        int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        struct ifreq ifr = {0};
        strcpy(ifr.ifr_name, "lo");
        if (sock < 0 || ioctl(sock, SIOCGIFFLAGS, &ifr) < 0) die_to_parent("lo: %s", strerror(errno));
        ifr.ifr_flags |= IFF_UP;
        if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0) die_to_parent("lo up: %s", strerror(errno));
        close(sock);
    }
}
