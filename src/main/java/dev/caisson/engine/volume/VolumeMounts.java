package dev.caisson.engine.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.EngineException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.image.ImageConfig;
import dev.caisson.engine.linux.Fd;
import dev.caisson.engine.linux.FileStat;
import dev.caisson.engine.linux.LinuxException;
import dev.caisson.engine.linux.MountInfo;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerSpec;
import dev.caisson.engine.runtime.MountRequest;
import dev.caisson.engine.runtime.MountSpec;
import dev.caisson.engine.runtime.Volumes;

/**
 * Volumes for the runtime (see {@link Volumes} for when each step runs): decides a container's
 * mounts at create, makes and references its volumes and fills empty ones from the image,
 * mounts them while it runs (with Docker's mount and unmount events), and releases them, or
 * removes its anonymous ones, when it goes.
 */
public final class VolumeMounts implements Volumes {
    private static final System.Logger LOG = System.getLogger(VolumeMounts.class.getName());

    private final VolumeService service;
    private Containers containers;

    public VolumeMounts(VolumeService service) {
        this.service = service;
    }

    /** Rebuilds the references (Docker keeps them in memory too) and the running containers' mounts. */
    @Override
    public void bind(Containers containers) {
        this.containers = containers;
        Map<String, Set<String>> running = new HashMap<>();
        for (Container c : containers.list()) {
            for (MountSpec m : volumesOf(c)) {
                if (service.find(m.name()).isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "container " + c.id() + ": volume " + m.name() + " is gone");
                    continue;
                }
                service.reference(m.name(), c.id());
                if (c.state().running()) {
                    running.computeIfAbsent(m.name(), k -> new LinkedHashSet<>()).add(c.id());
                }
            }
        }
        service.reconcile(running);
    }

    @Override
    public ContainerSpec prepare(ContainerSpec spec, ImageConfig image) {
        List<String> imageVolumes = List.copyOf(image.volumes());
        List<MountSpec> mounts = new MountPlanner(n -> service.dataDir(n).toString())
                .plan(spec.mounts(), spec.volumes(), imageVolumes, ref -> containers.get(ref));
        List<String> all = MountPlanner.anonymousPaths(spec.volumes(), imageVolumes);
        return spec.toBuilder().mounts(mounts).volumes(spec.volumes().withVolumes(all.isEmpty() ? null : all)).build();
    }

    /**
     * Makes the container's volumes (a named one only when missing) and references them; an
     * empty volume over an image directory gets its content. On failure every reference is
     * released and the anonymous volumes made here are removed again.
     */
    @Override
    public void created(Container c) {
        List<MountSpec> volumes = volumesOf(c);
        if (volumes.isEmpty()) {
            return;
        }
        List<String> made = new ArrayList<>();
        try {
            containers.withRootfs(c.id(), (cc, root) -> {
                for (MountSpec m : volumes) {
                    FileStat st = statOrNull(root, m.target());
                    if (st != null && !st.isDirectory()) {
                        throw new InvalidArgumentException("cannot mount volume over existing file, file exists " + m.target());
                    }
                }
                for (MountSpec m : volumes) {
                    boolean existed = service.find(m.name()).isPresent();
                    MountRequest.VolumeOptions o = optionsFor(c, m);
                    Map<String, String> labels = new TreeMap<>(o == null || o.labels() == null ? Map.of() : o.labels());
                    if (m.anonymous()) {
                        labels.put(Volume.ANONYMOUS_LABEL, "");   // its name was generated at prepare
                    }
                    service.create(m.name(), m.driver(), labels, o == null ? null : o.driverOptions());
                    if (!existed && m.anonymous()) {
                        made.add(m.name());
                    }
                    service.reference(m.name(), c.id());
                }
                for (MountSpec m : volumes) {
                    if (!m.noCopy()) {
                        fill(c, m, root);
                    }
                }
                return null;
            });
        } catch (IOException | RuntimeException e) {
            for (MountSpec m : volumes) {
                service.release(m.name(), c.id());
            }
            for (String name : made) {
                removeQuietly(name);
            }
            if (e instanceof EngineException ee) {
                throw ee;
            }
            throw new SystemException("create volumes of " + c.id() + ": " + e.getMessage(), e);
        }
    }

    /** Makes missing host directories of -v binds, checks propagation, mounts the volumes. */
    @Override
    public void attach(Container c) {
        List<MountSpec> done = new ArrayList<>();
        try {
            for (MountSpec m : c.spec().mounts()) {
                if (m.type() == MountSpec.Type.BIND) {
                    prepareBind(m);
                } else if (m.type() == MountSpec.Type.VOLUME) {
                    service.mount(m.name(), c.id());
                    done.add(m);
                    Map<String, String> a = new TreeMap<>();
                    a.put("container", c.id());
                    a.put("destination", m.target());
                    a.put("driver", m.driver());
                    a.put("propagation", m.propagation());
                    a.put("read/write", Boolean.toString(!m.readOnly()));
                    service.emit("mount", m.name(), a);
                }
            }
        } catch (RuntimeException e) {
            done.forEach(m -> service.unmount(m.name(), c.id()));
            throw e;
        }
    }

    @Override
    public void detach(Container c) {
        for (MountSpec m : volumesOf(c)) {
            try {
                if (service.unmount(m.name(), c.id())) {
                    service.emit("unmount", m.name(), Map.of("container", c.id(), "driver", m.driver()));
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "unmount volume " + m.name() + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void removed(Container c, boolean removeVolumes) {
        for (MountSpec m : volumesOf(c)) {
            service.release(m.name(), c.id());
            if (removeVolumes && m.anonymous()) {
                removeQuietly(m.name());   // another container may use it (--volumes-from): then it stays
            }
        }
    }

    /** Copy-up, Docker's rule: only into an empty volume, only from a directory of the image. */
    private void fill(Container c, MountSpec m, Fd root) throws IOException {
        try (Fd src = openDirOrNull(root, m.target())) {
            if (src == null) {
                return;
            }
            String ref = "copy-" + c.id();
            Path data = service.mount(m.name(), ref);
            try (Fd dest = Fd.open(data, Fd.O_RDONLY | Fd.O_DIRECTORY)) {
                CopyUp.copy(src, dest);
            } finally {
                service.unmount(m.name(), ref);
            }
        }
    }

    /** Docker makes a missing -v source directory; a propagation other than private needs the host's mount to propagate. */
    private static void prepareBind(MountSpec m) {
        Path source = Path.of(m.source());
        if (m.createSource() && !Files.exists(source)) {
            try {
                Files.createDirectories(source);
            } catch (IOException e) {
                throw new SystemException("error while creating mount source path '" + source + "': " + e.getMessage(), e);
            }
        }
        String p = m.propagation();
        if (p.endsWith("shared") || p.endsWith("slave")) {
            MountInfo on;
            try {
                on = MountInfo.containing(source);
            } catch (IOException e) {
                throw new SystemException("find the mount of " + source + ": " + e.getMessage(), e);
            }
            if (p.endsWith("shared") && !on.shared()) {
                throw new InvalidArgumentException("path " + source + " is mounted on " + on.mountPoint()
                        + " but it is not a shared mount");
            }
            if (!on.shared() && !on.slave()) {
                throw new InvalidArgumentException("path " + source + " is mounted on " + on.mountPoint()
                        + " but it is not a shared or slave mount");
            }
        }
    }

    /** The HostConfig.Mounts entry a volume mount came from (its labels and driver options), if any. */
    private static MountRequest.VolumeOptions optionsFor(Container c, MountSpec m) {
        List<MountRequest> requests = c.spec().volumes().mounts();
        if (requests == null) {
            return null;
        }
        for (MountRequest r : requests) {
            if (r.type().equals("volume") && MountParser.clean(r.target()).equals(m.target())) {
                return r.volumeOptions();
            }
        }
        return null;
    }

    private static List<MountSpec> volumesOf(Container c) {
        return c.spec().mounts().stream().filter(m -> m.type() == MountSpec.Type.VOLUME).toList();
    }

    private void removeQuietly(String name) {
        try {
            service.remove(name, true);
        } catch (ConflictException | NotFoundException e) {
            // in use by another container, or gone already
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "remove volume " + name + ": " + e.getMessage());
        }
    }

    private static FileStat statOrNull(Fd root, String path) throws LinuxException {
        try (Fd f = root.openInRoot(path, Fd.O_PATH)) {
            return f.stat();
        } catch (LinuxException e) {
            if (e.errno() == Fd.ENOENT || e.errno() == Fd.ENOTDIR) {
                return null;
            }
            throw e;
        }
    }

    private static Fd openDirOrNull(Fd root, String path) throws LinuxException {
        try {
            return root.openInRoot(path, Fd.O_RDONLY | Fd.O_DIRECTORY);
        } catch (LinuxException e) {
            if (e.errno() == Fd.ENOENT || e.errno() == Fd.ENOTDIR) {
                return null;
            }
            throw e;
        }
    }
}
