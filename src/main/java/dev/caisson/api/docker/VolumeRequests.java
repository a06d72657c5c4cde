package dev.caisson.api.docker;

import java.util.ArrayList;
import java.util.List;

import dev.caisson.engine.runtime.MountRequest;
import dev.caisson.engine.runtime.VolumeConfig;

/** The mount fields of a create request (Binds, Mounts, Tmpfs, VolumesFrom, VolumeDriver, Config.Volumes) → the engine's VolumeConfig, as sent. */
final class VolumeRequests {
    private VolumeRequests() {
    }

    static VolumeConfig from(ContainerCreateRequest r) {
        ContainerCreateRequest.HostConfig h = r.hostConfig();
        List<String> volumes = r.volumes() == null ? null : new ArrayList<>(r.volumes().keySet());
        if (h == null) {
            return new VolumeConfig(null, null, null, null, null, volumes);
        }
        List<MountRequest> mounts = null;
        if (h.mounts() != null) {
            mounts = new ArrayList<>();
            for (ContainerCreateRequest.MountDto m : h.mounts()) {
                mounts.add(mount(m));
            }
        }
        return new VolumeConfig(h.binds(), mounts, h.tmpfs(), h.volumesFrom(), h.volumeDriver(), volumes);
    }

    private static MountRequest mount(ContainerCreateRequest.MountDto m) {
        var b = m.bindOptions();
        var v = m.volumeOptions();
        var t = m.tmpfsOptions();
        return new MountRequest(m.type(), m.source(), m.target(), Boolean.TRUE.equals(m.readOnly()),
                b == null ? null : new MountRequest.BindOptions(b.propagation(), Boolean.TRUE.equals(b.nonRecursive()),
                        Boolean.TRUE.equals(b.createMountpoint())),
                v == null ? null : new MountRequest.VolumeOptions(Boolean.TRUE.equals(v.noCopy()), v.labels(),
                        v.driverConfig() == null ? null : v.driverConfig().name(),
                        v.driverConfig() == null ? null : v.driverConfig().options()),
                t == null ? null : new MountRequest.TmpfsOptions(t.sizeBytes() == null ? 0 : t.sizeBytes(),
                        t.mode() == null ? 0 : t.mode()));
    }
}
