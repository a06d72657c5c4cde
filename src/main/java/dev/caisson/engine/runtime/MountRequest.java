package dev.caisson.engine.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of HostConfig.Mounts (`docker run --mount`), Docker's mount.Mount: the type as
 * sent ("bind", "volume", "tmpfs"; checked at create), the source (host path, volume name or
 * empty for an anonymous volume), the target, and the options of its type (null when absent:
 * options of another type are refused, as Docker does).
 */
public record MountRequest(String type, String source, String target, boolean readOnly,
                           BindOptions bindOptions, VolumeOptions volumeOptions, TmpfsOptions tmpfsOptions) {
    public MountRequest {
        type = type == null ? "" : type;
        source = source == null ? "" : source;
        target = target == null ? "" : target;
    }

    /** propagation: empty for the default (rprivate). */
    public record BindOptions(String propagation, boolean nonRecursive, boolean createMountpoint) {
        public BindOptions {
            propagation = propagation == null ? "" : propagation;
        }
    }

    /** driver: empty for the default (local); driverOptions are the local driver's type/device/o. */
    public record VolumeOptions(boolean noCopy, Map<String, String> labels, String driver, Map<String, String> driverOptions) {
        public VolumeOptions {
            labels = labels == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
            driver = driver == null ? "" : driver;
            driverOptions = driverOptions == null ? null
                    : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(driverOptions));
        }
    }

    /** sizeBytes 0: no limit given; mode 0: the default (1777). */
    public record TmpfsOptions(long sizeBytes, int mode) {
    }
}
