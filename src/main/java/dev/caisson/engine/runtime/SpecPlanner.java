package dev.caisson.engine.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.caisson.engine.InvalidArgumentException;

import static dev.caisson.engine.linux.Linux.MS_BIND;
import static dev.caisson.engine.linux.Linux.MS_NODEV;
import static dev.caisson.engine.linux.Linux.MS_NOEXEC;
import static dev.caisson.engine.linux.Linux.MS_NOSUID;
import static dev.caisson.engine.linux.Linux.MS_RDONLY;
import static dev.caisson.engine.linux.Linux.MS_REC;
import static dev.caisson.engine.linux.Linux.MS_REMOUNT;
import static dev.caisson.engine.linux.Linux.MS_STRICTATIME;

/**
 * Decides everything the shim does for one container start (namespaces, mounts, devices,
 * masked paths, identity, limits) as a {@link ShimSpec} value. No side effects here: the
 * shim applies the result, and unit tests read it.
 */
final class SpecPlanner {

    /** Docker's masked and read-only /proc and /sys paths (not applied to privileged containers). */
    static final List<String> MASKED = List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    static final List<String> READONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    /** name, major, minor of the devices every container gets (mode 0666). */
    private static final List<Object[]> DEVICES = List.of(
            new Object[]{"null", 1, 3}, new Object[]{"zero", 1, 5}, new Object[]{"full", 1, 7},
            new Object[]{"random", 1, 8}, new Object[]{"urandom", 1, 9}, new Object[]{"tty", 5, 0});

    /** Where the bundle's pieces live for one start. */
    record Inputs(Container container, Path bundle, Path socket, Path rootfsDir, String overlayData,
                  List<Path> procsFiles, List<Path> threadJoinFiles, Path oomFile, Map<String, Path> cgroupBinds,
                  Map<String, String> cgroupLinks, List<String> hostDevices, Networking.Sandbox sandbox) {
    }

    private SpecPlanner() {
    }

    static ShimSpec plan(Inputs in) {
        Container c = in.container();
        ContainerSpec spec = c.spec();
        Container.Config cfg = c.config();
        ShimSpec s = new ShimSpec();
        s.add("id", c.id());
        s.add("rootfs", in.rootfsDir());
        s.add("rootmount", "overlay", "overlay", in.overlayData());
        for (String ns : List.of("pid", "mnt", "uts", "ipc")) {
            s.add("ns", ns);
        }
        if (in.sandbox().netns() != null) {
            s.add("netns", in.sandbox().netns());   // made and configured by networking before this start
        } else if (!spec.networkMode().equals("host") && !spec.networkMode().startsWith("container:")) {
            s.add("ns", "net");   // none: a new namespace with only lo (a container: mode without one shares the host's)
        }
        s.add("hostname", cfg.hostname());
        if (cfg.domainname() != null && !cfg.domainname().isEmpty()) {
            s.add("domainname", cfg.domainname());
        }
        boolean priv = spec.privileged();
        s.mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "");
        s.mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k");
        s.mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620,gid=5");
        s.mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | (priv ? 0 : MS_RDONLY), "");
        long cgroupRo = priv ? 0 : MS_RDONLY;
        long cgroupFlags = MS_BIND | MS_NOSUID | MS_NODEV | MS_NOEXEC | cgroupRo;
        if (in.cgroupBinds().containsKey("")) {
            // cgroup v2: the container's own cgroup directory is the whole view
            s.mount(in.cgroupBinds().get("").toString(), "/sys/fs/cgroup", "", cgroupFlags, "");
        } else {
            // cgroup v1: a tmpfs holding one read-only bind per hierarchy, like Docker
            s.mount("tmpfs", "/sys/fs/cgroup", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755");
            in.cgroupBinds().forEach((name, host) -> s.mount(host.toString(), "/sys/fs/cgroup/" + name, "", cgroupFlags, ""));
            in.cgroupLinks().forEach((name, target) -> s.add("symlink", target, "/sys/fs/cgroup/" + name));
            if (!priv) {
                s.mount("", "/sys/fs/cgroup", "", MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755");
            }
        }
        s.mount("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, "");
        s.mount("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k");
        Path etc = in.sandbox().etcDir() != null ? in.sandbox().etcDir() : in.bundle();
        for (String f : List.of("resolv.conf", "hostname", "hosts")) {
            s.mount(etc.resolve(f).toString(), "/etc/" + f, "", MS_BIND | MS_REC, "");
        }
        for (MountSpec m : spec.mounts()) {
            requireAbsolute(m.target());
            if (m.type() == MountSpec.Type.BIND) {
                if (!Files.exists(Path.of(m.source()))) {
                    throw new InvalidArgumentException("invalid mount config for type \"bind\": bind source path does not exist: " + m.source());
                }
                s.mount(m.source(), m.target(), "", MS_BIND | MS_REC | (m.readOnly() ? MS_RDONLY : 0), "");
            } else {
                s.mount("tmpfs", m.target(), "tmpfs", MS_NOSUID | MS_NODEV | (m.readOnly() ? MS_RDONLY : 0), m.options());
            }
        }
        for (Object[] d : DEVICES) {
            s.add("mknod", "/dev/" + d[0], "c", d[1], d[2], "438");
        }
        if (priv) {
            in.hostDevices().forEach(d -> s.add("mknod", d.split(" ")));
        }
        s.add("symlink", "/proc/self/fd", "/dev/fd");
        s.add("symlink", "/proc/self/fd/0", "/dev/stdin");
        s.add("symlink", "/proc/self/fd/1", "/dev/stdout");
        s.add("symlink", "/proc/self/fd/2", "/dev/stderr");
        s.add("symlink", "pts/ptmx", "/dev/ptmx");
        if (!priv) {
            MASKED.forEach(p -> s.add("mask", p));
            READONLY.forEach(p -> s.add("readonly", p));
        }
        if (spec.readonlyRootfs()) {
            s.add("rootreadonly");
        }
        if (in.threadJoinFiles().isEmpty()) {
            in.procsFiles().forEach(p -> s.add("cgroup", p));   // the shim moves the init, overlapping its setup
        } else {
            in.threadJoinFiles().forEach(p -> s.add("cgroupself", p));   // the init moves itself: no grace period
        }
        if (in.oomFile() != null) {
            s.add("oomfile", in.oomFile());
        }
        process(s, cfg, spec);
        if (spec.init()) {
            s.add("init");
        }
        if (spec.tty()) {
            s.add("tty");
        }
        if (spec.openStdin()) {
            s.add("stdin");
        }
        if (spec.stdinOnce()) {
            s.add("stdinonce");
        }
        s.add("log", in.bundle().resolve(c.id() + "-json.log"));
        s.add("shimlog", in.bundle().resolve("shim.log"));
        s.add("exitfile", in.bundle().resolve(ShimProtocol.EXIT_FILE));
        s.add("socket", in.socket());
        return s;
    }

    /** The process part shared by a container's init and exec sessions. */
    static void process(ShimSpec s, Container.Config cfg, ContainerSpec spec) {
        if (cfg.user() != null && !cfg.user().isEmpty()) {
            s.add("user", cfg.user());
        }
        spec.groupAdd().forEach(g -> s.add("group", g));
        s.add("cwd", cfg.workingDir());
        cfg.env().forEach(e -> s.add("env", e));
        List<String> argv = cfg.argv();
        if (argv.isEmpty()) {
            throw new InvalidArgumentException("no command specified");
        }
        argv.forEach(a -> s.add("arg", a));
        s.add("caps", "0x" + Long.toHexString(Capabilities.effective(spec.privileged(), spec.capAdd(), spec.capDrop())));
        if (spec.noNewPrivileges()) {
            s.add("nonewprivs");
        }
        for (Ulimit u : spec.ulimits()) {
            s.add("rlimit", u.resource(), unsigned(u.soft()), unsigned(u.hard()));
        }
    }

    private static String unsigned(long v) {
        return v < 0 ? "0xffffffffffffffff" : Long.toString(v);
    }

    private static void requireAbsolute(String target) {
        if (target == null || !target.startsWith("/")) {
            throw new InvalidArgumentException("invalid mount config: mount path must be absolute: " + target);
        }
        if (target.equals("/")) {
            throw new InvalidArgumentException("invalid specification: destination can't be '/'");
        }
    }

    static String envKey(String e) {
        int i = e.indexOf('=');
        return i < 0 ? e : e.substring(0, i);
    }

    static String joinEnv(List<String> env) {
        return env.stream().collect(Collectors.joining(","));
    }
}
