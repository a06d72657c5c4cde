package dev.caisson.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.caisson.engine.cgroup.CgroupDriver;
import dev.caisson.engine.image.ImageStore;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.runtime.ShimBinary;
import dev.caisson.engine.storage.BlobStore;
import dev.caisson.engine.storage.LayerStore;

/**
 * The engine as one object: content store, layers, images, cgroups and containers, all
 * kept under one data directory:
 * <pre>
 *   DATA/bin/caisson-shim     the supervisor binary (installed from the jar)
 *   DATA/blobs/sha256/...     content-addressed blobs (configs, layer tars)
 *   DATA/layers/&lt;chain&gt;/   unpacked layers (overlay lower dirs)
 *   DATA/images/              tags and image metadata
 *   DATA/containers/&lt;id&gt;/  one bundle per container (upper dir, log, shim socket)
 * </pre>
 */
public final class Engine implements AutoCloseable {
    private final Path dataDir;
    private final ImageStore images;
    private final CgroupDriver cgroups;
    private final ContainerRuntime containers;

    private Engine(Path dataDir, ImageStore images, CgroupDriver cgroups, ContainerRuntime containers) {
        this.dataDir = dataDir;
        this.images = images;
        this.cgroups = cgroups;
        this.containers = containers;
    }

    /** Opens (or initializes) the data dir with the host's cgroup driver; re-adopts running containers. */
    public static Engine open(Path dataDir, Path runDir) throws IOException {
        return open(dataDir, runDir, CgroupDriver.detect(), "caisson");
    }

    /**
     * @param runDir       where the shims' sockets live (default /run/caisson/shims)
     * @param cgroupParent the cgroup every container's cgroup is created under
     */
    public static Engine open(Path dataDir, Path runDir, CgroupDriver cgroups, String cgroupParent) throws IOException {
        Files.createDirectories(dataDir);
        Path shim = ShimBinary.install(dataDir);
        BlobStore blobs = new BlobStore(dataDir.resolve("blobs"));
        LayerStore layers = new LayerStore(dataDir.resolve("layers"), blobs);
        ImageStore images = new ImageStore(dataDir.resolve("images"), blobs, layers);
        ContainerRuntime containers = new ContainerRuntime(dataDir.resolve("containers"), runDir, shim, images, cgroups,
                cgroupParent);
        return new Engine(dataDir, images, cgroups, containers);
    }

    public Path dataDir() {
        return dataDir;
    }

    public ImageStore images() {
        return images;
    }

    public CgroupDriver cgroups() {
        return cgroups;
    }

    public ContainerRuntime containers() {
        return containers;
    }

    /** Lets go of the engine; containers keep running under their shims. */
    @Override
    public void close() throws IOException {
        containers.close();
    }
}
