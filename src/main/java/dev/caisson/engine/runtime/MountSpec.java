package dev.caisson.engine.runtime;

/**
 * A mount the user asked for: a host path bound into the container, or a tmpfs.
 * options: for tmpfs the mount data (e.g. "size=64m,mode=1777"); for binds unused.
 */
public record MountSpec(Type type, String source, String target, boolean readOnly, String options) {
    public enum Type { BIND, TMPFS }

    public static MountSpec bind(String hostPath, String target, boolean readOnly) {
        return new MountSpec(Type.BIND, hostPath, target, readOnly, "");
    }

    public static MountSpec tmpfs(String target, String options) {
        return new MountSpec(Type.TMPFS, "tmpfs", target, false, options == null ? "" : options);
    }
}
