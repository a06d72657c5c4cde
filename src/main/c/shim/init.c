/*
 * `--init` (Docker's docker-init/tini): pid 1 of the container stays this small loop instead of
 * becoming the command. It forwards the signals sent to pid 1 to the command, reaps every orphan that is re-parented to it, and exits with the command's status
 * (128+signal when the command was killed), so zombies never pile up and SIGTERM works even
 * for programs that do not handle it as pid 1.
 */
#include "shim.h"
#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

void run_as_init(pid_t child) {
    /* not dumpable: no process in the container may open /proc/1/exe (the host's shim binary) */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    sigset_t all;   /* blocked since before the fork; blocked signals reach even a namespace's init */
    sigfillset(&all);
    for (;;) {
        int sig = 0;
        if (sigwait(&all, &sig) != 0) continue;
        if (sig != SIGCHLD) {
            kill(child, sig);
            continue;
        }
        int status;
        pid_t w;
        while ((w = waitpid(-1, &status, WNOHANG)) > 0) {
            if (w == child) _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
        }
    }
}
