package dev.caisson.engine.archive;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.caisson.engine.SystemException;
import dev.caisson.engine.linux.Fd;
import dev.caisson.engine.linux.FileStat;
import dev.caisson.engine.linux.LinuxException;

/**
 * Symlink evaluation as text, scoped to a container's root (Docker's "follow symlink in scope"):
 * where a path ends up after every link is followed, with ".." and absolute targets clamped at
 * the root, and a missing tail kept as written. Used for names only (the stat's linkTarget, the
 * extraction directory's path); every file is still opened through the root descriptor, so a
 * link swapped in meanwhile cannot reach the host either.
 */
final class ScopedPaths {
    private static final int MAX_LINKS = 255;

    private ScopedPaths() {
    }

    /** The resolved absolute path ("/" + components) of abs inside root. */
    static String resolve(Fd root, String abs) throws LinuxException {
        List<String> done = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(ContainerPath.clean(abs));
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.removeFirst();
            if (c.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            if (c.equals(".")) {
                continue;
            }
            done.add(c);
            String target = linkTarget(root, String.join("/", done));
            if (target == null) {
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new SystemException("too many links in " + abs);
            }
            done.remove(done.size() - 1);
            if (target.startsWith("/")) {
                done.clear();
            }
            List<String> parts = new ArrayList<>(List.of(target.split("/")));
            parts.removeIf(String::isEmpty);
            for (int i = parts.size() - 1; i >= 0; i--) {
                todo.addFirst(parts.get(i));
            }
        }
        return "/" + String.join("/", done);
    }

    /** The target when the path names a symlink; null when it is something else or missing. */
    private static String linkTarget(Fd root, String relative) throws LinuxException {
        try (Fd f = root.openInRoot(relative, Fd.O_PATH | Fd.O_NOFOLLOW)) {
            FileStat s = f.stat();
            return s.isSymlink() ? f.readlink() : null;
        } catch (LinuxException e) {
            if (e.errno() == Fd.ENOENT || e.errno() == Fd.ENOTDIR) {
                return null;
            }
            throw e;
        }
    }
}
