package dev.caisson.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.caisson.engine.InvalidArgumentException;

/**
 * A container's directory: the overlay's upper and work dirs, the (empty) rootfs mount
 * point, the shim's spec, log, exit file and socket, and the /etc files Docker manages.
 * The rootfs overlay is mounted by the shim inside the container's own mount namespace,
 * so no container mount ever appears on the host and nothing needs unmounting at exit.
 */
final class Bundle {
    private static final int MAX_SOCKET_PATH = 107;   // sockaddr_un.sun_path minus the NUL
    private final Path dir;
    private final Path socket;

    /** socket: kept in a short run directory, since a data dir path can exceed sun_path's 108 bytes. */
    Bundle(Path dir, Path socket) {
        this.dir = dir;
        this.socket = socket;
    }

    Path dir() { return dir; }
    Path upper() { return dir.resolve("upper"); }
    Path work() { return dir.resolve("work"); }
    Path rootfs() { return dir.resolve("rootfs"); }
    Path socket() { return socket; }
    Path exitFile() { return dir.resolve(ShimProtocol.EXIT_FILE); }
    Path spec() { return dir.resolve(ShimProtocol.SPEC_FILE); }
    Path log(String id) { return dir.resolve(id + "-json.log"); }

    void create(String hostname, String domainname, boolean hostNetwork) throws IOException {
        if (socket().toString().length() > MAX_SOCKET_PATH) {
            throw new InvalidArgumentException("run directory path too long for a unix socket: " + socket());
        }
        Files.createDirectories(dir);
        Files.createDirectories(socket.getParent());
        Files.createDirectory(upper());
        Files.createDirectory(work());
        Files.createDirectory(rootfs());
        String fqdn = domainname == null || domainname.isEmpty() ? hostname : hostname + "." + domainname;
        Files.writeString(dir.resolve("hostname"), hostname + "\n");
        if (hostNetwork && Files.isRegularFile(Path.of("/etc/hosts"))) {
            Files.copy(Path.of("/etc/hosts"), dir.resolve("hosts"));
        } else {
            Files.writeString(dir.resolve("hosts"), "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                    + "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n"
                    + (hostNetwork ? "" : "127.0.1.1\t" + fqdn + (fqdn.equals(hostname) ? "" : " " + hostname) + "\n"));
        }
        Path resolv = Path.of("/etc/resolv.conf");
        if (Files.isRegularFile(resolv)) {
            Files.copy(resolv, dir.resolve("resolv.conf"));
        } else {
            Files.writeString(dir.resolve("resolv.conf"), "");
        }
    }

    /** "lowerdir=...,upperdir=...,workdir=..." for the rootfs overlay. */
    String overlayData(List<Path> lowerDirs) {
        List<String> lowers = new ArrayList<>();
        lowerDirs.forEach(p -> lowers.add(p.toString()));
        if (lowers.isEmpty()) {
            // overlay needs a lower layer: an image with no layers gets an empty one
            Path empty = dir.resolve("empty");
            try {
                Files.createDirectories(empty);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            lowers.add(empty.toString());
        }
        String data = "lowerdir=" + String.join(":", lowers) + ",upperdir=" + upper() + ",workdir=" + work();
        if (data.length() > 4000) {
            throw new InvalidArgumentException("image has too many layers for one overlay mount (" + lowers.size() + ")");
        }
        return data;
    }

    /** Removes the directory tree, including overlay whiteouts and read-only dirs left by the container. */
    void delete() throws IOException {
        Files.deleteIfExists(socket);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    p.toFile().setWritable(true, true);
                }
                Files.deleteIfExists(p);
            }
        }
    }
}
