package dev.caisson.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.caisson.engine.cgroup.CgroupDriver;
import dev.caisson.engine.image.FileImageRepository;
import dev.caisson.engine.image.ImageRepository;
import dev.caisson.engine.image.ImageStore;
import dev.caisson.engine.network.FileNetworkRepository;
import dev.caisson.engine.network.NetworkOptions;
import dev.caisson.engine.network.NetworkRepository;
import dev.caisson.engine.network.NetworkService;
import dev.caisson.engine.runtime.ContainerRepository;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.runtime.FileContainerRepository;
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
 *   DATA/images/              state.json (tags and image metadata), scratch space
 *   DATA/containers/&lt;id&gt;/  one bundle per container (upper dir, log, exit file), config.json
 *   DATA/network/             networks.json, endpoints.json (networks, attachments, IP leases)
 *   RUN/netns/&lt;id&gt;          running containers' pinned network namespaces
 * </pre>
 * The two metadata files are those of the default {@link Metadata#files file metadata}; a host
 * such as the platform keeps that metadata elsewhere (its database) by passing its own.
 */
public final class Engine implements AutoCloseable {
    private final Path dataDir;
    private final ImageStore images;
    private final CgroupDriver cgroups;
    private final ContainerRuntime containers;
    private final NetworkService networks;

    private Engine(Path dataDir, ImageStore images, CgroupDriver cgroups, ContainerRuntime containers,
                   NetworkService networks) {
        this.dataDir = dataDir;
        this.images = images;
        this.cgroups = cgroups;
        this.containers = containers;
        this.networks = networks;
    }

    /**
     * Where containers' and images' metadata is kept; everything else (blobs, layers, bundles,
     * logs) stays in the data dir.
     */
    public record Metadata(ContainerRepository containers, ImageRepository images, NetworkRepository networks) {
        /** Networks in their JSON files (null networks: the data dir's network/ directory). */
        public Metadata(ContainerRepository containers, ImageRepository images) {
            this(containers, images, null);
        }

        /** The library default: JSON files in the data dir (containers/&lt;id&gt;/config.json, images/state.json, network/). */
        public static Metadata files(Path dataDir) {
            return new Metadata(new FileContainerRepository(dataDir.resolve("containers")),
                    new FileImageRepository(dataDir.resolve("images")), new FileNetworkRepository(dataDir.resolve("network")));
        }
    }

    /** Opens (or initializes) the data dir with the host's cgroup driver; re-adopts running containers. */
    public static Engine open(Path dataDir, Path runDir) throws IOException {
        return open(dataDir, runDir, CgroupDriver.detect(), "caisson");
    }

    /** Like {@link #open(Path, Path)}, with the metadata kept where the caller says. */
    public static Engine open(Path dataDir, Path runDir, Metadata metadata) throws IOException {
        return open(dataDir, runDir, CgroupDriver.detect(), "caisson", metadata);
    }

    /**
     * @param runDir       where the shims' sockets live (default /run/caisson/shims)
     * @param cgroupParent the cgroup every container's cgroup is created under
     */
    public static Engine open(Path dataDir, Path runDir, CgroupDriver cgroups, String cgroupParent) throws IOException {
        return open(dataDir, runDir, cgroups, cgroupParent, Metadata.files(dataDir));
    }

    /** Without a default bridge network (see {@link NetworkOptions#noDefaultBridge}); user networks work. */
    public static Engine open(Path dataDir, Path runDir, CgroupDriver cgroups, String cgroupParent, Metadata metadata)
            throws IOException {
        return open(dataDir, runDir, cgroups, cgroupParent, metadata, NetworkOptions.noDefaultBridge(runDir.resolve("netns")));
    }

    /** @param network the default bridge and where containers' network namespaces are pinned */
    public static Engine open(Path dataDir, Path runDir, CgroupDriver cgroups, String cgroupParent, Metadata metadata,
                              NetworkOptions network) throws IOException {
        Files.createDirectories(dataDir);
        Path shim = ShimBinary.install(dataDir);
        BlobStore blobs = new BlobStore(dataDir.resolve("blobs"));
        LayerStore layers = new LayerStore(dataDir.resolve("layers"), blobs);
        ImageStore images = new ImageStore(dataDir.resolve("images"), blobs, layers, metadata.images());
        NetworkService networks = NetworkService.open(network, metadata.networks() != null ? metadata.networks()
                : new FileNetworkRepository(dataDir.resolve("network")));
        ContainerRuntime containers;
        try {
            containers = new ContainerRuntime(dataDir.resolve("containers"), runDir, shim, images, cgroups,
                    cgroupParent, metadata.containers(), networks.networking());
        } catch (IOException | RuntimeException e) {
            networks.close();
            throw e;
        }
        return new Engine(dataDir, images, cgroups, containers, networks);
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

    public NetworkService networks() {
        return networks;
    }

    /** Lets go of the engine; containers keep running under their shims. */
    @Override
    public void close() throws IOException {
        containers.close();
        networks.close();
    }
}
