package dev.caisson.api.docker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.MountRequest;
import dev.caisson.engine.runtime.MountSpec;
import dev.caisson.engine.runtime.VolumeConfig;

/** A container's mounts in Docker's JSON: inspect's and ps's Mounts, the HostConfig fields echoed as sent, Config.Volumes. */
final class MountViews {
    private MountViews() {
    }

    /** Docker's MountPoint list (--tmpfs mounts are not in it). */
    static List<Map<String, Object>> mounts(Container c) {
        return c.spec().mounts().stream().filter(m -> !m.hidden()).map(MountViews::mount).toList();
    }

    private static Map<String, Object> mount(MountSpec m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Type", m.type().word());
        if (m.type() == MountSpec.Type.VOLUME) {
            v.put("Name", m.name());
        }
        v.put("Source", m.type() == MountSpec.Type.TMPFS ? "" : m.source());
        v.put("Destination", m.target());
        if (m.type() == MountSpec.Type.VOLUME) {
            v.put("Driver", m.driver());
        }
        v.put("Mode", m.mode());
        v.put("RW", !m.readOnly());
        v.put("Propagation", m.propagation());
        return v;
    }

    /** HostConfig.Binds, Mounts, Tmpfs, VolumesFrom and VolumeDriver as the create request sent them. */
    static void echo(Map<String, Object> host, Container c) {
        VolumeConfig v = c.spec().volumes();
        host.put("Binds", v.binds());
        if (v.mounts() != null) {
            host.put("Mounts", v.mounts().stream().map(MountViews::request).toList());
        }
        if (v.tmpfs() != null) {
            host.put("Tmpfs", v.tmpfs());
        }
        host.put("VolumeDriver", v.volumeDriver());
        host.put("VolumesFrom", v.volumesFrom());
    }

    /** Config.Volumes: the paths that got anonymous volumes asked for, with the image's (null when none). */
    static Map<String, Object> configVolumes(Container c) {
        List<String> paths = c.spec().volumes().volumes();
        if (paths == null) {
            return null;
        }
        Map<String, Object> out = new TreeMap<>();
        paths.forEach(p -> out.put(p, Map.of()));
        return out;
    }

    /** One Mounts entry with Go's omitempty: absent fields stay absent. */
    private static Map<String, Object> request(MountRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Type", r.type());
        putIf(m, "Source", r.source(), !r.source().isEmpty());
        m.put("Target", r.target());
        putIf(m, "ReadOnly", true, r.readOnly());
        if (r.bindOptions() != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            putIf(b, "Propagation", r.bindOptions().propagation(), !r.bindOptions().propagation().isEmpty());
            putIf(b, "NonRecursive", true, r.bindOptions().nonRecursive());
            putIf(b, "CreateMountpoint", true, r.bindOptions().createMountpoint());
            m.put("BindOptions", b);
        }
        if (r.volumeOptions() != null) {
            MountRequest.VolumeOptions o = r.volumeOptions();
            Map<String, Object> v = new LinkedHashMap<>();
            putIf(v, "NoCopy", true, o.noCopy());
            putIf(v, "Labels", o.labels(), o.labels() != null && !o.labels().isEmpty());
            if (!o.driver().isEmpty() || (o.driverOptions() != null && !o.driverOptions().isEmpty())) {
                Map<String, Object> d = new LinkedHashMap<>();
                putIf(d, "Name", o.driver(), !o.driver().isEmpty());
                putIf(d, "Options", o.driverOptions(), o.driverOptions() != null && !o.driverOptions().isEmpty());
                v.put("DriverConfig", d);
            }
            m.put("VolumeOptions", v);
        }
        if (r.tmpfsOptions() != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            putIf(t, "SizeBytes", r.tmpfsOptions().sizeBytes(), r.tmpfsOptions().sizeBytes() != 0);
            putIf(t, "Mode", r.tmpfsOptions().mode(), r.tmpfsOptions().mode() != 0);
            m.put("TmpfsOptions", t);
        }
        return m;
    }

    private static void putIf(Map<String, Object> m, String key, Object value, boolean present) {
        if (present) {
            m.put(key, value);
        }
    }
}
