package dev.caisson.engine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.linux.Linux;

/**
 * Unpacks one layer tar (plain or gzip) into an empty private directory, turning Docker/OCI
 * whiteout files into the overlayfs form so the directory can serve directly as a lowerdir.
 * The tar is untrusted: see {@link SafeTarget} for how names are kept inside the target.
 */
public final class LayerExtractor {
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE_MARKER = ".wh..wh..opq";
    static final String OPAQUE_XATTR = "trusted.overlay.opaque";
    private static final String PAX_XATTR = "SCHILY.xattr.";

    private LayerExtractor() {
    }

    /**
     * Extracts {@code tar} into {@code target} (which must exist). Returns the layer's size the
     * way Docker counts it (a walk of the unpacked files): content sizes, plus the target
     * length of each symlink (what lstat reports), directories and extra hard links not counted.
     */
    public static long extract(InputStream tar, Path target) {
        SafeTarget safe = new SafeTarget(target);
        // directory times are set last, deepest first, since creating children bumps them
        Deque<Object[]> dirTimes = new ArrayDeque<>();
        long size = 0;
        boolean any = false;
        try (TarArchiveInputStream in = new TarArchiveInputStream(Compression.decompressed(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                any = true;
                List<String> parts = SafeTarget.components(e.getName());
                if (parts.isEmpty()) {
                    if (e.isDirectory()) {
                        applyMetadata(target, e);
                        dirTimes.push(new Object[] {target, e.getLastModifiedTime()});
                    }
                    continue;
                }
                String base = parts.get(parts.size() - 1);
                if (base.startsWith(WHITEOUT_PREFIX)) {
                    whiteout(safe, parts, base);
                    continue;
                }
                Path dest = safe.resolve(parts, true);
                if (e.isSymbolicLink()) {
                    size += e.getLinkName().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                } else if (!e.isDirectory()) {
                    size += e.getSize();
                }
                if (create(safe, dest, e, in)) {
                    applyMetadata(dest, e);
                    if (e.isDirectory()) {
                        dirTimes.push(new Object[] {dest, e.getLastModifiedTime()});
                    } else {
                        setTime(dest, e.getLastModifiedTime());
                    }
                }
            }
            if (!any && in.getBytesRead() % 512 != 0) {
                // a short non-tar reads as "no entries"; an empty layer is 0 bytes or whole zero records
                throw new InvalidArgumentException("Error processing tar file: unexpected EOF");
            }
            while (!dirTimes.isEmpty()) {
                Object[] d = dirTimes.pop();
                setTime((Path) d[0], (FileTime) d[1]);
            }
        } catch (IOException ex) {
            throw new SystemException("cannot extract layer: " + ex.getMessage(), ex);
        }
        return size;
    }

    private static void whiteout(SafeTarget safe, List<String> parts, String base) throws IOException {
        if (base.equals(OPAQUE_MARKER)) {
            Path dir = safe.parentDir(parts.subList(0, parts.size() - 1), true);
            Linux.setXattr(dir, OPAQUE_XATTR, "y".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) {
            return; // other AUFS metadata (.wh..wh.plnk and friends) has no overlay meaning
        }
        String name = base.substring(WHITEOUT_PREFIX.length());
        List<String> victim = new java.util.ArrayList<>(parts.subList(0, parts.size() - 1));
        victim.add(name);
        Path dest = safe.resolve(SafeTarget.components(String.join("/", victim)), true);
        clear(dest, false);
        // overlayfs spells "deleted in this layer" as a 0/0 character device
        Linux.mknod(dest, Linux.S_IFCHR, 0, 0);
    }

    /** Creates the entry at dest; false when nothing was made whose metadata we should set. */
    private static boolean create(SafeTarget safe, Path dest, TarArchiveEntry e, InputStream data) throws IOException {
        clear(dest, e.isDirectory());
        int perm = e.getMode() & 07777;
        if (e.isDirectory()) {
            if (SafeTarget.lstat(dest) == null) {
                Files.createDirectory(dest);
            }
        } else if (e.isSymbolicLink()) {
            Files.createSymbolicLink(dest, Path.of(e.getLinkName()));
        } else if (e.isLink()) {
            List<String> linkParts = SafeTarget.components(e.getLinkName());
            Path source = safe.resolve(linkParts, false);
            BasicFileAttributes a = SafeTarget.lstat(source);
            if (linkParts.isEmpty() || a == null || a.isDirectory()) {
                throw new InvalidArgumentException("bad hardlink " + e.getName() + " -> " + e.getLinkName());
            }
            // link(2) does not follow a symlink source, so this never reaches outside
            Files.createLink(dest, source);
            return false; // the inode's metadata came with its first name
        } else if (e.isFIFO()) {
            Linux.mknod(dest, Linux.S_IFIFO | perm, 0, 0);
        } else if (e.isCharacterDevice()) {
            Linux.mknod(dest, Linux.S_IFCHR | perm, e.getDevMajor(), e.getDevMinor());
        } else if (e.isBlockDevice()) {
            Linux.mknod(dest, Linux.S_IFBLK | perm, e.getDevMajor(), e.getDevMinor());
        } else if (e.isFile()) {
            try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                data.transferTo(out);
            }
        } else {
            return false; // sparse maps, volume labels...: nothing a rootfs needs
        }
        return true;
    }

    /**
     * Makes room at dest: anything but a directory we are about to reuse is removed, so a later
     * entry replaces an earlier symlink instead of writing through it.
     */
    private static void clear(Path dest, boolean keepDirectory) throws IOException {
        BasicFileAttributes a = SafeTarget.lstat(dest);
        if (a == null || (keepDirectory && a.isDirectory())) {
            return;
        }
        FileTrees.deleteTree(dest);
    }

    private static void applyMetadata(Path dest, TarArchiveEntry e) throws IOException {
        Linux.lchown(dest, (int) e.getLongUserId(), (int) e.getLongGroupId());
        if (!Files.isSymbolicLink(dest)) {
            // after chown, which clears setuid/setgid; chmod(2) is safe as dest is no symlink
            Files.setAttribute(dest, "unix:mode", e.getMode() & 07777);
        }
        for (Map.Entry<String, String> h : e.getExtraPaxHeaders().entrySet()) {
            String key = h.getKey();
            if (!key.startsWith(PAX_XATTR)) {
                continue;
            }
            String name = key.substring(PAX_XATTR.length());
            // a layer must not forge overlay metadata (redirects, opaque) through xattrs
            if (name.startsWith("trusted.overlay.") || Files.isSymbolicLink(dest)) {
                continue;
            }
            Linux.setXattr(dest, name, h.getValue().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void setTime(Path p, FileTime t) throws IOException {
        long nanos = t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
        long sec = Math.floorDiv(nanos, 1_000_000_000L);
        long ns = Math.floorMod(nanos, 1_000_000_000L);
        Linux.lutimes(p, sec, ns, sec, ns);
    }
}
