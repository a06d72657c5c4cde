package dev.caisson.engine.volume;

import java.util.List;
import java.util.Set;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.runtime.MountRequest;

/**
 * Docker's syntax and checks for one mount, with its error words: a Binds entry
 * ("source:target[:mode]", "target") becomes the {@link MountRequest} it stands for, and every
 * {@link MountRequest} (from Binds or HostConfig.Mounts) is validated the same way. Pure.
 */
final class MountParser {
    private static final Set<String> RW = Set.of("rw", "ro");
    private static final Set<String> LABEL = Set.of("z", "Z");
    static final Set<String> PROPAGATION = Set.of("private", "rprivate", "slave", "rslave", "shared", "rshared");
    private static final Set<String> COPY = Set.of("nocopy");
    private static final Set<String> CONSISTENCY = Set.of("consistent", "cached", "delegated");
    private static final List<Set<String>> MODE_GROUPS = List.of(RW, LABEL, PROPAGATION, COPY, CONSISTENCY);

    private MountParser() {
    }

    /** A Binds entry and the mode string that came with it (Docker's inspect shows it as Mode). */
    record Bind(MountRequest request, String mode) {
    }

    static Bind parseBind(String raw) {
        String[] arr = raw.split(":", 4);
        if (arr[0].isEmpty()) {
            throw invalidSpec(raw);
        }
        String source = "";
        String target;
        String mode = "";
        switch (arr.length) {
            case 1 -> target = arr[0];
            case 2 -> {
                if (validMode(arr[1])) {
                    throw invalidSpec(raw);   // "/foo:rw": a destination and a mode, no source
                }
                source = arr[0];
                target = arr[1];
            }
            case 3 -> {
                source = arr[0];
                target = arr[1];
                mode = arr[2];
            }
            default -> throw invalidSpec(raw);
        }
        if (!validMode(mode)) {
            throw new InvalidArgumentException("invalid mode: " + mode);
        }
        boolean bind = source.startsWith("/");
        List<String> opts = mode.isEmpty() ? List.of() : List.of(mode.split(","));
        MountRequest.VolumeOptions volume = opts.contains("nocopy") ? new MountRequest.VolumeOptions(true, null, null, null) : null;
        String propagation = opts.stream().filter(PROPAGATION::contains).findFirst().orElse(null);
        MountRequest.BindOptions bindOptions = propagation == null ? null : new MountRequest.BindOptions(propagation, false, false);
        MountRequest r = new MountRequest(bind ? "bind" : "volume", source, target, opts.contains("ro"), bindOptions,
                volume, null);
        try {
            validate(r, false);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException(invalidSpec(raw).getMessage() + ": " + e.getMessage());
        }
        return new Bind(r, mode);
    }

    /**
     * Docker's checks of a mount: options of its own type only, an absolute target other than
     * "/", per type its source; a bind's source must exist unless sourceMayBeMissing (Binds
     * entries: Docker makes those directories) or it asks for its creation.
     */
    static void validate(MountRequest m, boolean checkBindSource) {
        String type = m.type();
        if (!type.equals("bind") && m.bindOptions() != null) {
            throw config(type, "field BindOptions must not be specified");
        }
        if (!type.equals("volume") && m.volumeOptions() != null) {
            throw config(type, "field VolumeOptions must not be specified");
        }
        if (!type.equals("tmpfs") && m.tmpfsOptions() != null) {
            throw config(type, "field TmpfsOptions must not be specified");
        }
        if (m.target().isEmpty()) {
            throw config(type, "field Target must not be empty");
        }
        if (clean(m.target()).equals("/")) {
            throw config(type, "invalid specification: destination can't be '/'");
        }
        if (!m.target().startsWith("/")) {
            throw config(type, notAbsolute(m.target()));
        }
        switch (type) {
            case "bind" -> {
                if (m.source().isEmpty()) {
                    throw config(type, "field Source must not be empty");
                }
                String p = m.bindOptions() == null ? "" : m.bindOptions().propagation();
                if (!p.isEmpty() && !PROPAGATION.contains(p)) {
                    throw config(type, "invalid propagation mode: " + p);
                }
                if (!m.source().startsWith("/")) {
                    throw config(type, notAbsolute(m.source()));
                }
                boolean create = m.bindOptions() != null && m.bindOptions().createMountpoint();
                if (checkBindSource && !create && !java.nio.file.Files.exists(java.nio.file.Path.of(m.source()))) {
                    throw config(type, "bind source path does not exist: " + m.source());
                }
            }
            case "volume" -> {
            }
            case "tmpfs" -> {
                if (!m.source().isEmpty()) {
                    throw config(type, "field Source must not be specified");
                }
            }
            default -> throw config(type, "mount type unknown");
        }
    }

    /** A --volumes-from entry: the container and whether its mounts stay writable. */
    record VolumesFrom(String container, boolean readWrite) {
    }

    static VolumesFrom parseVolumesFrom(String spec) {
        if (spec.isEmpty()) {
            throw new InvalidArgumentException("volumes-from specification cannot be an empty string");
        }
        int colon = spec.indexOf(':');
        String id = colon < 0 ? spec : spec.substring(0, colon);
        String mode = colon < 0 ? "" : spec.substring(colon + 1);
        if (mode.isEmpty()) {
            return new VolumesFrom(id, true);
        }
        // the mounts keep their own propagation and copy mode: neither may be given here
        List<String> opts = List.of(mode.split(","));
        if (!validMode(mode) || opts.stream().anyMatch(o -> PROPAGATION.contains(o) || COPY.contains(o))) {
            throw new InvalidArgumentException("invalid mode: " + mode);
        }
        return new VolumesFrom(id, !opts.contains("ro"));
    }

    /** Docker's tmpfs data for --mount type=tmpfs: "mode=1700,size=10m" (the largest unit that divides). */
    static String tmpfsData(MountRequest.TmpfsOptions t) {
        if (t == null) {
            return "";
        }
        List<String> out = new java.util.ArrayList<>();
        if (t.mode() != 0) {
            out.add("mode=" + Integer.toOctalString(t.mode()));
        }
        if (t.sizeBytes() != 0) {
            long size = t.sizeBytes();
            String suffix = "";
            for (Object[] u : new Object[][]{{"g", 1L << 30}, {"m", 1L << 20}, {"k", 1L << 10}}) {
                if (size % (Long) u[1] == 0) {
                    size /= (Long) u[1];
                    suffix = (String) u[0];
                    break;
                }
            }
            out.add("size=" + size + suffix);
        }
        return String.join(",", out);
    }

    /** Each option a known one, at most one of each kind ("ro,rw" is not a mode). */
    static boolean validMode(String mode) {
        if (mode.isEmpty()) {
            return true;
        }
        int[] counts = new int[MODE_GROUPS.size()];
        for (String o : mode.split(",", -1)) {
            int group = -1;
            for (int i = 0; i < MODE_GROUPS.size(); i++) {
                if (MODE_GROUPS.get(i).contains(o)) {
                    group = i;
                }
            }
            if (group < 0 || ++counts[group] > 1) {
                return false;
            }
        }
        return true;
    }

    /** path.Clean of a container path: "/a/./b/" is "/a/b". */
    static String clean(String p) {
        if (p.isEmpty()) {
            return p;
        }
        String c = java.nio.file.Path.of(p).normalize().toString();
        return c.isEmpty() ? "." : c;
    }

    private static String notAbsolute(String p) {
        return "invalid mount path: '" + p + "' mount path must be absolute";
    }

    private static InvalidArgumentException config(String type, String why) {
        return new InvalidArgumentException("invalid mount config for type \"" + type + "\": " + why);
    }

    private static InvalidArgumentException invalidSpec(String raw) {
        return new InvalidArgumentException("invalid volume specification: '" + raw + "'");
    }
}
