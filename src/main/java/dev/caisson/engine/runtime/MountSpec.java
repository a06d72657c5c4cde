package dev.caisson.engine.runtime;

/**
 * One mount of a container as decided at create (Docker's "mount point"): a host path bound
 * into the container, a volume (bound from its host directory), or a tmpfs. The fields after
 * {@code options} are what Docker's inspect shows and what a start needs to know; the
 * factories give the defaults for mounts made by direct engine callers.
 *
 * @param source       bind: the host path; volume: the volume's host directory; tmpfs: "tmpfs"
 * @param options      tmpfs: the mount options ("size=64m,mode=1777", Docker's --tmpfs syntax)
 * @param name         volume: its name (generated for an anonymous one)
 * @param driver       volume: its driver ("local")
 * @param mode         the mode string as asked (Docker's inspect "Mode": "ro", "z", "ro,rslave" ...)
 * @param propagation  bind: private, rprivate (the default), slave, rslave, shared or rshared
 * @param anonymous    volume: made for this container without a name (`docker rm -v` removes it)
 * @param noCopy       volume: do not fill an empty volume with the image's content at the target
 * @param createSource bind: make the host directory when it is missing (`-v`; `--mount` refuses)
 * @param hidden       not listed among inspect's Mounts (Docker leaves --tmpfs mounts out)
 */
public record MountSpec(Type type, String source, String target, boolean readOnly, String options,
                        String name, String driver, String mode, String propagation,
                        boolean anonymous, boolean noCopy, boolean createSource, boolean hidden) {
    public enum Type {
        BIND, VOLUME, TMPFS;

        /** Docker's word: bind, volume, tmpfs. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public MountSpec {
        options = options == null ? "" : options;
        mode = mode == null ? "" : mode;
        propagation = propagation == null ? "" : propagation;
    }

    /** A host path that must exist (as `--mount type=bind`). */
    public static MountSpec bind(String hostPath, String target, boolean readOnly) {
        return new MountSpec(Type.BIND, hostPath, target, readOnly, "", null, null, "", "rprivate",
                false, false, false, false);
    }

    public static MountSpec tmpfs(String target, String options) {
        return new MountSpec(Type.TMPFS, "tmpfs", target, false, options, null, null, "", "",
                false, false, false, false);
    }
}
