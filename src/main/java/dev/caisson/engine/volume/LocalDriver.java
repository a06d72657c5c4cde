package dev.caisson.engine.volume;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.linux.Linux;
import dev.caisson.engine.linux.LinuxException;
import dev.caisson.engine.linux.MountOptions;

/**
 * Docker's "local" volume driver: its name rules, its options (type, device, o: what mount(8)
 * would take, e.g. type=tmpfs device=tmpfs o=size=64m, or type=none device=/path o=bind) and
 * the mount of such a volume at its data directory. The only driver there is.
 */
final class LocalDriver {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final Set<String> OPTIONS = Set.of("type", "device", "o", "size");
    /** option → the options it needs, in the order Docker reports them missing. */
    private static final List<Map.Entry<String, List<String>>> REQUIRED = List.of(
            Map.entry("device", List.of("type")), Map.entry("type", List.of("device")),
            Map.entry("o", List.of("device", "type")));

    private LocalDriver() {
    }

    /** "" and "local" are this driver; any other is a plugin Docker would look up and not find (404). */
    static String driver(String name, String volume) {
        if (name == null || name.isEmpty() || name.equals(Volume.LOCAL)) {
            return Volume.LOCAL;
        }
        throw new NotFoundException("create " + volume + ": error looking up volume plugin " + name
                + ": plugin \"" + name + "\" not found");
    }

    static void validateName(String name) {
        if (name.length() == 1) {
            throw new InvalidArgumentException("create " + name
                    + ": volume name is too short, names should be at least two alphanumeric characters");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidArgumentException("create " + name + ": \"" + name + "\" includes invalid characters for a"
                    + " local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a"
                    + " host directory, use absolute path");
        }
    }

    static void validateOptions(String name, Map<String, String> options) {
        if (options == null || options.isEmpty()) {
            return;
        }
        for (String k : new java.util.TreeSet<>(options.keySet())) {
            if (!OPTIONS.contains(k)) {
                throw new InvalidArgumentException("create " + name + ": invalid option: \"" + k + "\"");
            }
        }
        if (options.containsKey("size")) {
            // Docker sizes volumes with XFS project quotas; Caisson has none (Docker's answer without them)
            throw new InvalidArgumentException("create " + name + ": quota size requested but no quota support");
        }
        for (Map.Entry<String, List<String>> r : REQUIRED) {
            if (options.containsKey(r.getKey())) {
                for (String need : r.getValue()) {
                    if (!options.containsKey(need)) {
                        throw new InvalidArgumentException("create " + name + ": missing required option: \"" + need + "\"");
                    }
                }
            }
        }
    }

    /** Mounts the volume's filesystem at its data directory (o's flags such as bind or ro go to mount(2)). */
    static void mount(Volume v, Path data) {
        String device = v.options().getOrDefault("device", "");
        String type = v.options().getOrDefault("type", "");
        MountOptions o = MountOptions.parse(v.options().getOrDefault("o", ""));
        try {
            Linux.mount(device, data, type.equals("none") || type.isEmpty() ? null : type, o.flags(), o.data());
        } catch (LinuxException e) {
            throw new SystemException("error while mounting volume '" + data + "': failed to mount local volume: mount "
                    + device + ":" + data + ", data: " + o.data() + ": " + e.getMessage(), e);
        }
    }

    static void unmount(Path data) {
        try {
            Linux.unmount(data, 0);
        } catch (LinuxException e) {
            try {
                Linux.unmount(data, Linux.MNT_DETACH);   // busy (someone is inside it): let it go when unused
            } catch (LinuxException again) {
                throw new SystemException("unmount volume at " + data + ": " + again.getMessage(), again);
            }
        }
    }
}
