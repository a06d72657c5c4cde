package dev.caisson.engine.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.linux.MountOptions;

import static dev.caisson.engine.linux.Linux.MS_BIND;
import static dev.caisson.engine.linux.Linux.MS_PRIVATE;
import static dev.caisson.engine.linux.Linux.MS_RDONLY;
import static dev.caisson.engine.linux.Linux.MS_REC;

/**
 * The shim directives for a container's own mounts (binds, volumes, tmpfs), after its
 * standard ones. Decided here, performed by the shim, as the rest of {@link SpecPlanner}.
 */
final class UserMounts {
    private UserMounts() {
    }

    static void plan(ShimSpec s, List<MountSpec> mounts) {
        // a parent before its children (/a before /a/b), else the parent's mount would hide them;
        // the sort is stable, so mounts at the same depth keep their order
        List<MountSpec> sorted = new ArrayList<>(mounts);
        sorted.forEach(m -> requireAbsolute(m.target()));
        sorted.sort(Comparator.comparingInt(m -> depth(m.target())));
        // host mounts keep propagating into a bind asking slave or shared only when "/" of the
        // container's namespace is a slave of the host's (it is private otherwise); nothing
        // mounted in the container ever propagates out (see the shim's container.c)
        boolean slaveRoot = sorted.stream().anyMatch(m -> m.type() != MountSpec.Type.TMPFS
                && (MountOptions.propagation(m.propagation()) & (MountOptions.MS_SLAVE | MountOptions.MS_SHARED)) != 0);
        if (slaveRoot) {
            s.add("rootpropagation", Long.toString(MountOptions.MS_SLAVE | MS_REC));
        }
        for (MountSpec m : sorted) {
            if (m.type() == MountSpec.Type.TMPFS) {
                MountOptions o = tmpfs(m.options());
                s.mount("tmpfs", m.target(), "tmpfs", o.flags() | (m.readOnly() ? MS_RDONLY : 0), o.data());
                continue;
            }
            if (m.type() == MountSpec.Type.BIND && !m.createSource() && !Files.exists(Path.of(m.source()))) {
                throw new InvalidArgumentException("invalid mount config for type \"bind\": bind source path does not exist: "
                        + m.source());
            }
            s.mount(m.source(), m.target(), "", MS_BIND | MS_REC | (m.readOnly() ? MS_RDONLY : 0), "");
            if (slaveRoot) {
                long p = MountOptions.propagation(m.propagation());
                s.mount("", m.target(), "", p != 0 ? p : MS_PRIVATE | MS_REC, "");
            }
        }
    }

    static MountOptions tmpfs(String options) {
        try {
            return MountOptions.tmpfs(options);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
    }

    /** "/a/b/" and "/a//b" are "/a/b" (Docker cleans targets the same way). */
    static String clean(String target) {
        if (target == null || target.isEmpty()) {
            return "";
        }
        String c = Path.of(target).normalize().toString();
        return c.length() > 1 && c.endsWith("/") ? c.substring(0, c.length() - 1) : c;
    }

    private static int depth(String target) {
        return (int) clean(target).chars().filter(ch -> ch == '/').count();
    }

    private static void requireAbsolute(String target) {
        if (target == null || !target.startsWith("/")) {
            throw new InvalidArgumentException("invalid mount config: mount path must be absolute: " + target);
        }
        if (clean(target).equals("/")) {
            throw new InvalidArgumentException("invalid specification: destination can't be '/'");
        }
    }
}
