package dev.caisson.engine.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mount part of a create request as Docker's API carries it, kept as asked so inspect can
 * echo it: HostConfig.Binds ("name:/path:ro", "/host:/path", "/path"), HostConfig.Mounts,
 * HostConfig.Tmpfs (path → options), HostConfig.VolumesFrom ("container[:ro|rw]"),
 * HostConfig.VolumeDriver and Config.Volumes (paths that get anonymous volumes; after create
 * they include the image's VOLUMEs, as Docker's merged config does). The engine turns it into
 * {@link ContainerSpec#mounts()} at create (see {@link Volumes#prepare}).
 */
public record VolumeConfig(List<String> binds, List<MountRequest> mounts, Map<String, String> tmpfs,
                           List<String> volumesFrom, String volumeDriver, List<String> volumes) {
    public static final VolumeConfig NONE = new VolumeConfig(null, null, null, null, null, null);

    public VolumeConfig {
        binds = binds == null ? null : List.copyOf(binds);
        mounts = mounts == null ? null : List.copyOf(mounts);
        tmpfs = tmpfs == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tmpfs));
        volumesFrom = volumesFrom == null ? null : List.copyOf(volumesFrom);
        volumeDriver = volumeDriver == null ? "" : volumeDriver;
        volumes = volumes == null ? null : List.copyOf(volumes);
    }

    /** Nothing asked (null lists are kept as null: Docker's inspect shows them as null). */
    public boolean nothingAsked() {
        return empty(binds) && empty(mounts) && (tmpfs == null || tmpfs.isEmpty()) && empty(volumesFrom)
                && empty(volumes);
    }

    public VolumeConfig withVolumes(List<String> v) {
        return new VolumeConfig(binds, mounts, tmpfs, volumesFrom, volumeDriver, v);
    }

    private static boolean empty(List<?> l) {
        return l == null || l.isEmpty();
    }
}
