package dev.caisson.engine.cgroup;

import dev.caisson.engine.SystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The cgroup mounts listed in /proc/self/mountinfo. Read from mountinfo rather than by
 * listing /sys/fs/cgroup because only the mount options say which controllers a directory
 * carries (a "cpu" directory may be a symlink to "cpu,cpuacct", or a plain mount).
 */
public record CgroupMounts(List<Mount> mounts) {

    /**
     * One cgroup mount. {@code controllers} are the v1 controllers from the super options,
     * plus "name=..." for named hierarchies such as name=systemd; empty for cgroup2.
     */
    public record Mount(Path mountPoint, boolean unified, Set<String> controllers) {
    }

    private static final Set<String> NOT_CONTROLLERS = Set.of("rw", "ro", "relatime", "noexec",
            "nosuid", "nodev", "clone_children", "noprefix", "xattr", "nsdelegate",
            "memory_recursiveprot", "memory_localevents", "memory_hugetlb_accounting",
            "favordynmods", "cpuset_v2_mode");

    public static CgroupMounts fromProc() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            throw new SystemException("cannot read /proc/self/mountinfo: " + e.getMessage(), e);
        }
    }

    /** Parses mountinfo lines; a hierarchy mounted twice (bind mounts) is kept once. */
    public static CgroupMounts parse(List<String> lines) {
        List<Mount> result = new ArrayList<>();
        Set<Set<String>> seen = new LinkedHashSet<>();
        for (String line : lines) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] left = line.substring(0, dash).split(" ");
            String[] right = line.substring(dash + 3).split(" ");
            if (left.length < 5 || right.length < 3) {
                continue;
            }
            Path mountPoint = Path.of(unescape(left[4]));
            if (right[0].equals("cgroup2")) {
                result.add(new Mount(mountPoint, true, Set.of()));
            } else if (right[0].equals("cgroup")) {
                Set<String> controllers = new LinkedHashSet<>();
                for (String option : right[2].split(",")) {
                    if (!NOT_CONTROLLERS.contains(option) && !option.startsWith("release_agent=")) {
                        controllers.add(option);
                    }
                }
                if (seen.add(controllers)) {
                    result.add(new Mount(mountPoint, false, Set.copyOf(controllers)));
                }
            }
        }
        return new CgroupMounts(List.copyOf(result));
    }

    /** True when a cgroup2 tree is mounted exactly at {@code dir} (a pure v2 host). */
    public boolean unifiedAt(Path dir) {
        return mounts.stream().anyMatch(m -> m.unified() && m.mountPoint().equals(dir));
    }

    /** The v1 hierarchies only. */
    public List<Mount> v1() {
        return mounts.stream().filter(m -> !m.unified()).toList();
    }

    // mountinfo escapes space, tab, newline and backslash as \ooo octal
    private static String unescape(String s) {
        if (!s.contains("\\")) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
