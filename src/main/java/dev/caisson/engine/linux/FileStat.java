package dev.caisson.engine.linux;

import java.time.Instant;

/**
 * What statx(2) says about one file, never following a final symlink.
 *
 * @param mode  st_mode: type bits and permissions
 * @param mntId the mount the file lies on (tells a container's rootfs from a volume or tmpfs on it)
 */
public record FileStat(int mode, int uid, int gid, long size, int nlink, long ino, long dev, long rdevMajor,
                       long rdevMinor, Instant mtime, long mntId) {
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    public int type() {
        return mode & S_IFMT;
    }

    public boolean isDirectory() {
        return type() == S_IFDIR;
    }

    public boolean isSymlink() {
        return type() == S_IFLNK;
    }

    public boolean isRegular() {
        return type() == S_IFREG;
    }
}
