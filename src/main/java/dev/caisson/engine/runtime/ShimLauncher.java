package dev.caisson.engine.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.cgroup.CgroupDriver;
import dev.caisson.engine.cgroup.CgroupManager;
import dev.caisson.engine.image.Image;
import dev.caisson.engine.image.ImageStore;

/**
 * Starts shims: `caisson-shim run` for a container's init (it daemonizes and reports one
 * line on stdout), `caisson-shim exec` for an exec session. Whatever fails, a failed start
 * leaves no cgroup behind.
 */
final class ShimLauncher {
    private final Path shim;
    private final CgroupDriver cgroups;
    private final String cgroupParent;
    private final ImageStore images;

    ShimLauncher(Path shim, CgroupDriver cgroups, String cgroupParent, ImageStore images) {
        this.shim = shim;
        this.cgroups = cgroups;
        this.cgroupParent = cgroupParent;
        this.images = images;
    }

    void launch(Container c, Bundle b, List<PendingAttach> attaches, Networking.Sandbox sandbox,
                Consumer<Container> onStarted, Consumer<Container> onFailed) {
        CgroupManager cg = cgroups.create(cgroupParent + "/" + c.id(), c.spec().resources());
        String reply;
        List<SocketChannel> channels = new ArrayList<>();
        try {
            Image image = images.get(c.imageId());
            Container.Config cfg = c.config();
            Container withEnv = new Container(c.id(), c.name(), c.created(), c.imageId(), c.spec(),
                    new Container.Config(cfg.entrypoint(), cfg.cmd(), ConfigResolver.processEnv(cfg, c.spec().tty()),
                            cfg.workingDir(), cfg.user(), cfg.hostname(), cfg.domainname(), cfg.stopSignal()),
                    c.state());
            ShimSpec spec = SpecPlanner.plan(new SpecPlanner.Inputs(withEnv, b.dir(), b.socket(), b.rootfs(),
                    b.overlayData(images.lowerDirs(image)), cg.procsFiles(), cg.threadJoinFiles(), cg.oomEventsFile(), cg.containerBinds(),
                    cg.containerSymlinks(), c.spec().privileged() ? hostDevices() : List.of(), sandbox));
            if (!attaches.isEmpty()) {
                spec.add("attachwait", attaches.size());
            }
            spec.writeTo(b.spec());
            Files.deleteIfExists(b.exitFile());
            Files.deleteIfExists(b.socket());
            Process p = new ProcessBuilder(shim.toString(), "run", b.spec().toString())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            for (PendingAttach a : attaches) {
                connectAttach(b.socket(), p, a, channels);
            }
            try (InputStream out = p.getInputStream()) {
                reply = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            int rc = p.waitFor();
            if (reply.isEmpty()) {
                Path diag = b.dir().resolve("shim.log");
                reply = "error 125 caisson-shim exited with " + rc + " and no reply"
                        + (Files.exists(diag) ? ": " + Files.readString(diag).trim() : "");
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            cg.destroy();
            failAttaches(attaches, channels, e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof RuntimeException r ? r : new SystemException("start " + c.id() + ": " + e.getMessage(), e);
        }
        String[] parts = reply.split(" ", 3);
        if (parts.length == 3 && parts[0].equals("ok")) {
            onStarted.accept(c.withState(c.state().started(Integer.parseInt(parts[1]), Integer.parseInt(parts[2].trim()),
                    Instant.now())));
            for (int i = 0; i < attaches.size(); i++) {
                if (i >= channels.size() || !attaches.get(i).channel().complete(channels.get(i))) {
                    closeQuietly(i < channels.size() ? channels.get(i) : null);
                }
            }
            return;
        }
        cg.destroy();
        failAttaches(attaches, channels, new SystemException("the container did not start"));
        int code = parts.length >= 2 && parts[1].matches("\\d+") ? Integer.parseInt(parts[1]) : 128;
        String msg = parts.length == 3 ? parts[2] : "caisson-shim: " + (reply.isEmpty() ? "no reply" : reply);
        onFailed.accept(c.withState(c.state().failedToStart(code, msg)));
        if (msg.contains("executable file not found") || msg.contains("no such file or directory")
                || msg.contains("unable to find user")) {
            throw new InvalidArgumentException("failed to create task for container: " + msg);
        }
        throw new SystemException("failed to start container " + c.id() + ": " + msg);
    }

    /**
     * Connects one early attach as soon as the shim listens (it does before the container's
     * process may run, and waits for these connections). Gives up when the shim is gone.
     */
    private static void connectAttach(Path socket, Process shimProcess, PendingAttach a, List<SocketChannel> out)
            throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && shimProcess.isAlive()) {
            try {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    ch.connect(UnixDomainSocketAddress.of(socket));
                    ch.write(ByteBuffer.wrap(new byte[]{ShimProtocol.ATTACH, a.flags()}));
                    out.add(ch);
                    return;
                } catch (IOException e) {
                    ch.close();
                }
            } catch (IOException e) {
                return;
            }
            Thread.sleep(0, 500_000);
        }
    }

    private static void failAttaches(List<PendingAttach> attaches, List<SocketChannel> channels, Exception why) {
        channels.forEach(ShimLauncher::closeQuietly);
        attaches.forEach(a -> a.channel().completeExceptionally(why));
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException ignored) {
            // nothing left to do with it
        }
    }

    ExecProcess exec(Container c, Bundle b, ExecSpec exec) throws IOException {
        CgroupManager cg = cgroups.open(cgroupParent + "/" + c.id());
        Container.Config base = c.config();
        List<String> env = new ArrayList<>(ConfigResolver.processEnv(base, exec.tty()));
        env.addAll(exec.env());
        Container.Config cfg = new Container.Config(List.of(), exec.cmd(), env,
                exec.workingDir() == null || exec.workingDir().isEmpty() ? base.workingDir() : exec.workingDir(),
                exec.user() == null || exec.user().isEmpty() ? base.user() : exec.user(),
                base.hostname(), base.domainname(), base.stopSignal());
        ContainerSpec spec = c.spec().toBuilder().privileged(c.spec().privileged() || exec.privileged()).build();
        ShimSpec s = new ShimSpec().add("pid", c.state().pid());
        (cg.threadJoinFiles().isEmpty() ? cg.procsFiles() : cg.threadJoinFiles()).forEach(p -> s.add("cgroupself", p));
        SpecPlanner.process(s, cfg, spec);
        if (exec.tty()) {
            s.add("tty");
            if (exec.rows() > 0) {
                s.add("winsize", exec.rows(), exec.cols());
            }
        }
        String session = "exec-" + UUID.randomUUID();
        Path file = b.dir().resolve(session + ".spec");
        Path winsize = exec.tty() ? b.dir().resolve(session + ".winsize") : null;
        if (winsize != null) {
            s.add("winsizefile", winsize.toString());
        }
        s.writeTo(file);
        Process p;
        try {
            p = new ProcessBuilder(shim.toString(), "exec", file.toString()).start();
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        p.onExit().thenRun(() -> {
            try {
                Files.deleteIfExists(file);
                if (winsize != null) {
                    Files.deleteIfExists(winsize);
                }
            } catch (IOException ignored) {
                // the container directory may be gone already
            }
        });
        return new ExecProcess(p, winsize);
    }

    /** Top-level host device nodes, for privileged containers ("path type major minor mode"). */
    private static List<String> hostDevices() {
        List<String> out = new ArrayList<>();
        try (Stream<Path> devs = Files.list(Path.of("/dev"))) {
            for (Path d : devs.toList()) {
                int mode = (Integer) Files.getAttribute(d, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                int type = mode & 0170000;
                if (type != 0020000 && type != 0060000) {
                    continue;
                }
                String name = d.getFileName().toString();
                if (List.of("null", "zero", "full", "random", "urandom", "tty", "console", "ptmx").contains(name)) {
                    continue;
                }
                long rdev = (Long) Files.getAttribute(d, "unix:rdev", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                long major = ((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL);
                long minor = (rdev & 0xff) | ((rdev >> 12) & ~0xffL);
                out.add("/dev/" + name + " " + (type == 0020000 ? "c" : "b") + " " + major + " " + minor + " " + (mode & 07777));
            }
        } catch (IOException e) {
            throw new SystemException("list host devices: " + e.getMessage(), e);
        }
        return out;
    }
}
