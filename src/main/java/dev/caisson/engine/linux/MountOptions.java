package dev.caisson.engine.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * fstab-style mount options ("ro,noexec,size=64m") split into mount(2) flags and the
 * filesystem's data string, with the option names mount(8) and Docker understand. Later
 * options override earlier ones ("noexec,exec" is exec), so defaults can simply come first.
 */
public record MountOptions(long flags, String data) {
    public static final long MS_SYNCHRONOUS = 16;
    public static final long MS_MANDLOCK = 64;
    public static final long MS_DIRSYNC = 128;
    public static final long MS_NOATIME = 1024;
    public static final long MS_NODIRATIME = 2048;
    public static final long MS_UNBINDABLE = 1 << 17;
    public static final long MS_SLAVE = 1 << 19;
    public static final long MS_SHARED = 1 << 20;
    public static final long MS_RELATIME = 1 << 21;

    /** Propagation changes are separate mount(2) calls: these are parsed but not kept in flags. */
    private static final long PROPAGATION = Linux.MS_PRIVATE | MS_SLAVE | MS_SHARED | MS_UNBINDABLE | Linux.MS_REC;

    /** name → {flag, 1 when the option clears it}. */
    private static final Map<String, long[]> FLAGS = Map.ofEntries(
            Map.entry("defaults", new long[]{0, 0}),
            Map.entry("ro", new long[]{Linux.MS_RDONLY, 0}), Map.entry("rw", new long[]{Linux.MS_RDONLY, 1}),
            Map.entry("nosuid", new long[]{Linux.MS_NOSUID, 0}), Map.entry("suid", new long[]{Linux.MS_NOSUID, 1}),
            Map.entry("nodev", new long[]{Linux.MS_NODEV, 0}), Map.entry("dev", new long[]{Linux.MS_NODEV, 1}),
            Map.entry("noexec", new long[]{Linux.MS_NOEXEC, 0}), Map.entry("exec", new long[]{Linux.MS_NOEXEC, 1}),
            Map.entry("sync", new long[]{MS_SYNCHRONOUS, 0}), Map.entry("async", new long[]{MS_SYNCHRONOUS, 1}),
            Map.entry("dirsync", new long[]{MS_DIRSYNC, 0}),
            Map.entry("mand", new long[]{MS_MANDLOCK, 0}), Map.entry("nomand", new long[]{MS_MANDLOCK, 1}),
            Map.entry("noatime", new long[]{MS_NOATIME, 0}), Map.entry("atime", new long[]{MS_NOATIME, 1}),
            Map.entry("nodiratime", new long[]{MS_NODIRATIME, 0}), Map.entry("diratime", new long[]{MS_NODIRATIME, 1}),
            Map.entry("relatime", new long[]{MS_RELATIME, 0}), Map.entry("norelatime", new long[]{MS_RELATIME, 1}),
            Map.entry("strictatime", new long[]{Linux.MS_STRICTATIME, 0}),
            Map.entry("nostrictatime", new long[]{Linux.MS_STRICTATIME, 1}),
            Map.entry("bind", new long[]{Linux.MS_BIND, 0}), Map.entry("rbind", new long[]{Linux.MS_BIND | Linux.MS_REC, 0}),
            Map.entry("private", new long[]{Linux.MS_PRIVATE, 0}),
            Map.entry("rprivate", new long[]{Linux.MS_PRIVATE | Linux.MS_REC, 0}),
            Map.entry("shared", new long[]{MS_SHARED, 0}), Map.entry("rshared", new long[]{MS_SHARED | Linux.MS_REC, 0}),
            Map.entry("slave", new long[]{MS_SLAVE, 0}), Map.entry("rslave", new long[]{MS_SLAVE | Linux.MS_REC, 0}),
            Map.entry("unbindable", new long[]{MS_UNBINDABLE, 0}),
            Map.entry("runbindable", new long[]{MS_UNBINDABLE | Linux.MS_REC, 0}));

    /** The data keys a tmpfs accepts (Docker refuses any other). */
    private static final Set<String> TMPFS_DATA = Set.of("size", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "mpol");

    /** Splits options into flags and data; unknown names are data for the filesystem. */
    public static MountOptions parse(String options) {
        long flags = 0;
        List<String> data = new ArrayList<>();
        for (String o : options == null || options.isEmpty() ? new String[0] : options.split(",")) {
            long[] f = FLAGS.get(o);
            if (f != null && f[0] != 0) {
                flags = f[1] == 1 ? flags & ~f[0] : flags | f[0];
            } else if (f == null && !o.isEmpty()) {
                data.add(o);
            }
        }
        return new MountOptions(flags, String.join(",", data));
    }

    /**
     * A tmpfs mount as Docker makes it: noexec, nosuid and nodev unless the options say
     * otherwise; data keys other than size, mode, uid, gid, nr_inodes, nr_blocks and mpol are refused.
     *
     * @throws IllegalArgumentException with Docker's message for an unknown option
     */
    public static MountOptions tmpfs(String options) {
        MountOptions m = parse("noexec,nosuid,nodev" + (options == null || options.isEmpty() ? "" : "," + options));
        List<String> data = new ArrayList<>();
        java.util.Map<String, String> seen = new java.util.LinkedHashMap<>();
        for (String d : m.data().isEmpty() ? new String[0] : m.data().split(",")) {
            int eq = d.indexOf('=');
            String key = eq < 0 ? d : d.substring(0, eq);
            if (eq < 0 || !TMPFS_DATA.contains(key)) {
                throw new IllegalArgumentException("invalid tmpfs option \"" + key + "\"");
            }
            seen.put(key, d);   // the last value of a key wins, as in Docker's merge
        }
        data.addAll(seen.values());
        return new MountOptions(m.flags() & ~PROPAGATION, String.join(",", data));
    }

    /** The propagation flags of one of private, rprivate, shared, rshared, slave, rslave (0 for anything else). */
    public static long propagation(String mode) {
        if (mode == null || !Set.of("private", "rprivate", "shared", "rshared", "slave", "rslave").contains(mode)) {
            return 0;
        }
        return FLAGS.get(mode)[0];
    }
}
