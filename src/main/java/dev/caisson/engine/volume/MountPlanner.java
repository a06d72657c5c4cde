package dev.caisson.engine.volume;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.MountRequest;
import dev.caisson.engine.runtime.MountSpec;
import dev.caisson.engine.runtime.VolumeConfig;

/**
 * Decides a container's mounts from its create request in Docker's order: mounts the caller
 * already decided, then every mount of the --volumes-from containers, then Binds and
 * HostConfig.Mounts (which replace what came before at their target, but may not share one),
 * then --tmpfs, and last an anonymous volume for each Config.Volumes path and image VOLUME
 * nothing else is mounted at. Anonymous volumes get their generated names here; nothing is
 * made (see {@link VolumeMounts#created}).
 */
final class MountPlanner {
    /** volume name → its data directory on the host (a function: planning needs no volume to exist) */
    private final Function<String, String> dataDir;
    /** target → mount, in the order decided */
    private final Map<String, MountSpec> points = new LinkedHashMap<>();
    /** targets of Binds and Mounts entries: two of those may not share one */
    private final Set<String> asked = new LinkedHashSet<>();

    MountPlanner(Function<String, String> dataDir) {
        this.dataDir = dataDir;
    }

    /** @param containers finds a --volumes-from container (NotFoundException when there is none) */
    List<MountSpec> plan(List<MountSpec> decided, VolumeConfig request, List<String> imageVolumes,
                         Function<String, Container> containers) {
        decided.forEach(m -> points.put(MountParser.clean(m.target()), m));
        String driver = request.volumeDriver();
        for (String from : nonNull(request.volumesFrom())) {
            MountParser.VolumesFrom vf = MountParser.parseVolumesFrom(from);
            Container other;
            try {
                other = containers.apply(vf.container());
            } catch (NotFoundException e) {
                throw new InvalidArgumentException(e.getMessage());   // Docker: 400 for this one
            }
            for (MountSpec m : other.spec().mounts()) {
                if (!m.hidden()) {
                    points.put(MountParser.clean(m.target()), new MountSpec(m.type(), m.source(), m.target(),
                            m.readOnly() || !vf.readWrite(), m.options(), m.name(), m.driver(), "", m.propagation(),
                            m.anonymous(), true, m.createSource(), false));
                }
            }
        }
        Map<String, String> tmpfs = new LinkedHashMap<>();
        if (request.tmpfs() != null) {
            request.tmpfs().forEach((k, v) -> tmpfs.put(MountParser.clean(k), v == null ? "" : v));
        }
        for (String raw : nonNull(request.binds())) {
            MountParser.Bind b = MountParser.parseBind(raw);
            String dest = MountParser.clean(b.request().target());
            if (asked.contains(dest) || tmpfs.containsKey(dest)) {
                throw duplicate(dest);
            }
            add(dest, fromRequest(b.request(), b.mode(), driver, true));
        }
        for (MountRequest r : nonNull(request.mounts())) {
            MountParser.validate(r, true);
            String dest = MountParser.clean(r.target());
            if (asked.contains(dest)) {
                throw duplicate(r.target());
            }
            add(dest, fromRequest(r, null, "", false));
        }
        List<MountSpec> out = new ArrayList<>(points.values());
        tmpfs.forEach((dest, opts) -> {
            if (!dest.startsWith("/")) {
                throw new InvalidArgumentException("invalid mount path: '" + dest + "' mount path must be absolute");
            }
            out.add(new MountSpec(MountSpec.Type.TMPFS, "tmpfs", dest, false, opts, null, null, "", "",
                    false, false, false, true));
        });
        for (String path : anonymousPaths(request, imageVolumes)) {
            String dest = MountParser.clean(path.startsWith("/") ? path : "/" + path);
            if (points.containsKey(dest) || tmpfs.containsKey(dest)) {
                continue;   // something is mounted there already (Docker: no error, an image may say so)
            }
            String name = VolumeService.newName();
            String d = LocalDriver.driver(driver, name);
            MountSpec m = new MountSpec(MountSpec.Type.VOLUME, dataDir.apply(name), dest, false, "", name, d, "", "",
                    true, false, false, false);
            points.put(dest, m);
            out.add(m);
        }
        return out;
    }

    /** Config.Volumes of the request, then the image's VOLUMEs (Docker merges them at create). */
    static List<String> anonymousPaths(VolumeConfig request, List<String> imageVolumes) {
        Set<String> all = new LinkedHashSet<>(nonNull(request.volumes()));
        all.addAll(imageVolumes);
        return List.copyOf(all);
    }

    private void add(String dest, MountSpec m) {
        asked.add(dest);
        points.put(dest, m);
    }

    /** A Binds entry (mode given) or a HostConfig.Mounts entry (mode null) as the mount it decides. */
    private MountSpec fromRequest(MountRequest r, String mode, String volumeDriver, boolean fromBinds) {
        String dest = MountParser.clean(r.target());
        switch (r.type()) {
            case "bind" -> {
                String p = r.bindOptions() == null || r.bindOptions().propagation().isEmpty() ? "rprivate"
                        : r.bindOptions().propagation();
                boolean create = fromBinds || (r.bindOptions() != null && r.bindOptions().createMountpoint());
                return new MountSpec(MountSpec.Type.BIND, MountParser.clean(r.source()), dest, r.readOnly(), "", null, null,
                        mode == null ? "" : mode, p, false, false, create, false);
            }
            case "volume" -> {
                boolean anonymous = r.source().isEmpty();
                String name = anonymous ? VolumeService.newName() : r.source();
                MountRequest.VolumeOptions o = r.volumeOptions();
                String driver = o != null && !o.driver().isEmpty() ? o.driver() : volumeDriver;
                String d = LocalDriver.driver(driver, name);
                if (!anonymous) {
                    LocalDriver.validateName(name);
                }
                LocalDriver.validateOptions(name, o == null ? null : o.driverOptions());
                // Docker marks a local volume mount "z" (an SELinux relabel) unless a mode was given
                String m = mode == null || mode.isEmpty() ? "z" : mode;
                return new MountSpec(MountSpec.Type.VOLUME, dataDir.apply(name), dest, r.readOnly(), "", name, d, m, "",
                        anonymous, o != null && o.noCopy(), false, false);
            }
            default -> {   // tmpfs (validate refused any other type)
                String data = MountParser.tmpfsData(r.tmpfsOptions());
                return new MountSpec(MountSpec.Type.TMPFS, "tmpfs", dest, r.readOnly(), data, null, null, "", "",
                        false, false, false, false);
            }
        }
    }

    private static InvalidArgumentException duplicate(String dest) {
        return new InvalidArgumentException("Duplicate mount point: " + dest);
    }

    private static <T> List<T> nonNull(List<T> l) {
        return l == null ? List.of() : l;
    }
}
