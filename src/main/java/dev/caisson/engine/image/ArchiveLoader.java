package dev.caisson.engine.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.image.json.DockerManifestTemplate;
import dev.caisson.engine.image.json.ImageConfigTemplate;
import dev.caisson.engine.image.json.Json;
import dev.caisson.engine.image.json.OciDescriptorTemplate;
import dev.caisson.engine.image.json.OciIndexTemplate;
import dev.caisson.engine.image.json.OciManifestTemplate;
import dev.caisson.engine.storage.BlobStore;
import dev.caisson.engine.storage.Digest;
import dev.caisson.engine.storage.DigestMismatchException;
import dev.caisson.engine.storage.Layer;
import dev.caisson.engine.storage.LayerStore;

/**
 * Reads docker-save and OCI layout archives into the blob and layer stores. Everything it
 * creates is remembered so that a failure part-way (a digest mismatch in layer 3, say) can be
 * rolled back and leave the stores as they were.
 */
final class ArchiveLoader {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final String CONTAINERD_NAME = "io.containerd.image.name";

    record Loaded(Digest id, List<String> tags) {
    }

    private final BlobStore blobs;
    private final LayerStore layers;
    private final List<Digest> newLayers = new ArrayList<>();
    private final List<Digest> newBlobs = new ArrayList<>();
    private final java.util.function.Consumer<Layer> onNewLayer;

    ArchiveLoader(BlobStore blobs, LayerStore layers) {
        this(blobs, layers, l -> { });
    }

    /** {@code onNewLayer} hears of each layer the archive adds (for Docker's "Loading layer" progress). */
    ArchiveLoader(BlobStore blobs, LayerStore layers, java.util.function.Consumer<Layer> onNewLayer) {
        this.blobs = blobs;
        this.layers = layers;
        this.onNewLayer = onNewLayer;
    }

    List<Loaded> load(ArchiveStaging archive) {
        try {
            if (archive.has("manifest.json")) {
                return loadDocker(archive);
            }
            if (archive.has("index.json") && archive.has("oci-layout")) {
                return loadOci(archive);
            }
            throw new InvalidArgumentException("not an image archive: no manifest.json (docker save) or index.json (OCI)");
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    private List<Loaded> loadDocker(ArchiveStaging archive) {
        DockerManifestTemplate[] entries = read(archive.read("manifest.json"), DockerManifestTemplate[].class);
        List<Loaded> out = new ArrayList<>();
        for (DockerManifestTemplate m : entries) {
            byte[] config = archive.read(m.config);
            List<Path> layerFiles = new ArrayList<>();
            for (String l : m.layers == null ? List.<String>of() : m.layers) {
                layerFiles.add(archive.file(l));
            }
            List<String> tags = normalized(m.repoTags);
            out.add(new Loaded(store(config, layerFiles), tags));
        }
        return out;
    }

    private List<Loaded> loadOci(ArchiveStaging archive) {
        OciIndexTemplate index = read(archive.read("index.json"), OciIndexTemplate.class);
        List<Loaded> out = new ArrayList<>();
        for (OciDescriptorTemplate d : index.manifests) {
            OciDescriptorTemplate manifestDesc = d;
            if (OciIndexTemplate.MEDIA_TYPE.equals(d.mediaType) || OciIndexTemplate.DOCKER_LIST.equals(d.mediaType)) {
                manifestDesc = pickPlatform(read(verified(archive, d), OciIndexTemplate.class));
            }
            OciManifestTemplate m = read(verified(archive, manifestDesc), OciManifestTemplate.class);
            if (m.config == null) {
                throw new InvalidArgumentException("OCI manifest without config: " + manifestDesc.digest);
            }
            byte[] config = verified(archive, m.config);
            List<Path> layerFiles = new ArrayList<>();
            for (OciDescriptorTemplate l : m.layers) {
                Path p = blobFile(archive, l);
                checkDigest(p, Digest.parse(l.digest));
                layerFiles.add(p);
            }
            List<String> tags = normalized(ociTags(d.annotations));
            out.add(new Loaded(store(config, layerFiles), tags));
        }
        return out;
    }

    /** Checked before anything is stored, so a bad tag cannot leave a half-loaded image. */
    private static List<String> normalized(List<String> refs) {
        return refs == null ? List.of() : refs.stream().map(r -> Reference.parse(r).toString()).toList();
    }

    /** Tags from the containerd name (a full reference) or a ref.name that is one. */
    private static List<String> ociTags(Map<String, String> annotations) {
        if (annotations == null) {
            return List.of();
        }
        String name = annotations.get(CONTAINERD_NAME);
        if (name == null) {
            name = annotations.get(REF_NAME);
            // the OCI spec lets ref.name be a bare tag ("1"), which names no repository
            if (name != null && !name.contains(":") && !name.contains("/")) {
                name = null;
            }
        }
        return name == null ? List.of() : List.of(name);
    }

    private static OciDescriptorTemplate pickPlatform(OciIndexTemplate nested) {
        return nested.manifests.stream()
                .filter(m -> m.platform == null || ("linux".equals(m.platform.get("os")) && "amd64".equals(m.platform.get("architecture"))))
                .findFirst()
                .orElseThrow(() -> new InvalidArgumentException("no linux/amd64 image in the archive's index"));
    }

    /** Registers the layers (checking each against the config's diff IDs) and the config blob. */
    private Digest store(byte[] config, List<Path> layerFiles) {
        ImageConfigTemplate t = ConfigMapping.parse(config);
        List<Digest> diffIds = ConfigMapping.diffIds(t);
        if (diffIds.size() != layerFiles.size()) {
            throw new InvalidArgumentException("image has " + layerFiles.size() + " layers but its config lists "
                    + diffIds.size() + " diff IDs");
        }
        Digest parent = null;
        for (int i = 0; i < diffIds.size(); i++) {
            Digest chain = Layer.chainId(parent, diffIds.get(i));
            if (layers.get(chain).isEmpty()) {
                Layer added;
                try (InputStream in = Files.newInputStream(layerFiles.get(i))) {
                    added = layers.register(parent, in, diffIds.get(i));
                } catch (DigestMismatchException e) {
                    throw new InvalidArgumentException("layer " + (i + 1) + " does not match its diff ID: expected "
                            + e.expected() + ", content is " + e.actual(), e);
                } catch (IOException e) {
                    throw new SystemException("cannot read layer " + (i + 1) + ": " + e.getMessage(), e);
                }
                newLayers.add(chain);
                onNewLayer.accept(added);
            }
            parent = chain;
        }
        Digest id = Digest.of(config);
        if (!blobs.exists(id)) {
            blobs.put(new ByteArrayInputStream(config), id);
            newBlobs.add(id);
        }
        return id;
    }

    private void rollback() {
        for (int i = newLayers.size() - 1; i >= 0; i--) {
            try {
                layers.delete(newLayers.get(i));
            } catch (RuntimeException ignored) {
                // keep undoing the rest; a leftover layer is only wasted space
            }
        }
        newBlobs.forEach(blobs::delete);
    }

    private static Path blobFile(ArchiveStaging archive, OciDescriptorTemplate d) {
        Digest digest = Digest.parse(d.digest);
        return archive.file("blobs/sha256/" + digest.hex());
    }

    private static byte[] verified(ArchiveStaging archive, OciDescriptorTemplate d) {
        Path p = blobFile(archive, d);
        checkDigest(p, Digest.parse(d.digest));
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new SystemException("cannot read " + p, e);
        }
    }

    private static void checkDigest(Path p, Digest expected) {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            Digest actual = new Digest(java.util.HexFormat.of().formatHex(md.digest()));
            if (!actual.equals(expected)) {
                throw new DigestMismatchException(expected, actual);
            }
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new SystemException("cannot hash " + p + ": " + e.getMessage(), e);
        }
    }

    private static <T> T read(byte[] json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (tools.jackson.core.JacksonException e) {
            throw new InvalidArgumentException("malformed " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
