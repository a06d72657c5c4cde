package dev.caisson.engine.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.caisson.engine.SystemException;
import dev.caisson.engine.linux.Fd;
import dev.caisson.engine.linux.FileStat;
import dev.caisson.engine.linux.LinuxException;

/**
 * The owner docker cp -a gives copied files: the container's configured user, "name[:group]"
 * or numeric, looked up in the container's own /etc/passwd and /etc/group (Docker 20.10 asks
 * the host's user database, which names the wrong users).
 */
final class ContainerUsers {
    private static final int MAX_FILE = 1 << 20;

    private ContainerUsers() {
    }

    /** {uid, gid} for the user spec. */
    static int[] resolve(Fd root, String user) throws LinuxException {
        String name = user;
        String group = null;
        int colon = user.indexOf(':');
        if (colon >= 0) {
            name = user.substring(0, colon);
            group = user.substring(colon + 1);
        }
        boolean numeric = name.matches("\\d+");
        String[] entry = null;
        for (String[] f : entries(root, "etc/passwd")) {
            if (f.length >= 4 && (numeric ? f[2].equals(name) : f[0].equals(name))) {
                entry = f;
                break;
            }
        }
        if (entry == null && !numeric) {
            throw new SystemException("unable to find user " + name + ": no matching entries in passwd file");
        }
        int uid = numeric ? Integer.parseInt(name) : number(entry[2]);
        int gid = entry == null ? 0 : number(entry[3]);
        if (group != null && !group.isEmpty()) {
            gid = group.matches("\\d+") ? Integer.parseInt(group) : groupId(root, group);
        }
        return new int[] {uid, gid};
    }

    private static int groupId(Fd root, String group) throws LinuxException {
        for (String[] f : entries(root, "etc/group")) {
            if (f.length >= 3 && f[0].equals(group)) {
                return number(f[2]);
            }
        }
        throw new SystemException("unable to find group " + group + ": no matching entries in group file");
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new SystemException("invalid id in the container's user database: " + s);
        }
    }

    /** The colon-separated lines of a file inside the root; none when it is missing. */
    private static List<String[]> entries(Fd root, String relative) throws LinuxException {
        List<String[]> out = new ArrayList<>();
        Fd f;
        try {
            f = root.openInRoot(relative, Fd.O_RDONLY | Fd.O_NONBLOCK | Fd.O_NOCTTY);
        } catch (LinuxException e) {
            if (e.errno() == Fd.ENOENT) {
                return out;
            }
            throw e;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (f) {
            FileStat s = f.stat();
            if (!s.isRegular()) {
                return out;
            }
            byte[] buf = new byte[8192];
            for (int n; bytes.size() < MAX_FILE && (n = f.read(buf)) > 0; ) {
                bytes.write(buf, 0, n);
            }
        }
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.split(":", -1));
            }
        }
        return out;
    }
}
