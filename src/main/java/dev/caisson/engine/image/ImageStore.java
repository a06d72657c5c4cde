package dev.caisson.engine.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.image.json.ImageConfigTemplate;
import dev.caisson.engine.storage.BlobStore;
import dev.caisson.engine.storage.Digest;
import dev.caisson.engine.storage.FilesystemChanges;
import dev.caisson.engine.storage.Layer;
import dev.caisson.engine.storage.LayerStore;

/**
 * Images and their tags. Configs are blobs (the image ID is their digest), layers live in the
 * {@link LayerStore}, and an {@link ImageRepository} records which configs are images and the
 * tag table ({@code root/state.json} by default). Mutations are serialized on this object;
 * readers see whole states only.
 */
public final class ImageStore {
    private final Path root;
    private final BlobStore blobs;
    private final LayerStore layers;
    private final StoreState state;

    public ImageStore(Path root, BlobStore blobs, LayerStore layers) {
        this(root, blobs, layers, new FileImageRepository(root));
    }

    /** @param root the store's scratch space (archive staging, commits); the index goes to repository */
    public ImageStore(Path root, BlobStore blobs, LayerStore layers, ImageRepository repository) {
        this.root = root;
        this.blobs = blobs;
        this.layers = layers;
        this.state = new StoreState(repository);
        boolean dated = false;
        for (String id : state.withoutCreated()) {   // indexes written before creation times were recorded
            Instant created = createdOf(blobs.read(Digest.parse(id)));
            if (created != null) {
                state.setCreated(id, created);
                dated = true;
            }
        }
        if (dated) {
            state.save();
        }
    }

    public synchronized List<Image> load(InputStream archive) {
        List<ArchiveLoader.Loaded> loaded;
        try (ArchiveStaging staging = new ArchiveStaging(archive, root.resolve("tmp"))) {
            loaded = new ArchiveLoader(blobs, layers).load(staging);
        }
        List<Image> out = new ArrayList<>();
        for (ArchiveLoader.Loaded l : loaded) {
            String id = l.id().toString();
            state.addImage(id, null, createdOf(blobs.read(l.id())));
            for (String t : l.tags()) {
                state.tag(t, id);
            }
        }
        state.save();
        for (ArchiveLoader.Loaded l : loaded) {
            out.add(image(l.id().toString()));
        }
        return out;
    }

    public synchronized Image importRootfs(InputStream tar, String reference, ImageConfig config, String comment) {
        Reference ref = reference == null || reference.isEmpty() ? null : Reference.parse(reference);
        Layer layer = layers.register(null, tar);
        byte[] cfg = ConfigBuilder.imported(layer.diffId(), config == null ? ImageConfig.EMPTY : config, comment, Instant.now());
        return addCreated(cfg, ref, null);
    }

    public synchronized Image commit(Image base, Path upperDir, ImageConfig config, String comment, String author,
            String reference) {
        Reference ref = reference == null || reference.isEmpty() ? null : Reference.parse(reference);
        Layer layer;
        try {
            Path tmp = Files.createTempFile(tmpDir(), "commit-", ".tar");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    FilesystemChanges.writeLayerTar(upperDir, out);
                }
                try (InputStream in = Files.newInputStream(tmp)) {
                    layer = layers.register(base == null ? null : base.topChainId(), in);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new SystemException("cannot commit: " + e.getMessage(), e);
        }
        byte[] baseConfig = base == null ? null : blobs.read(Digest.parse(base.id()));
        ImageConfig cfg = config != null ? config : base != null ? base.config() : ImageConfig.EMPTY;
        byte[] bytes = ConfigBuilder.committed(baseConfig, layer.diffId(), cfg, comment, author, Instant.now());
        return addCreated(bytes, ref, base == null ? null : base.id());
    }

    private Image addCreated(byte[] config, Reference ref, String parent) {
        Digest id = blobs.put(new ByteArrayInputStream(config));
        state.addImage(id.toString(), parent, createdOf(config));
        if (ref != null) {
            state.tag(ref.toString(), id.toString());
        }
        state.save();
        return image(id.toString());
    }

    public synchronized void save(List<String> refsOrIds, OutputStream out) {
        List<ArchiveWriter.Entry> entries = new ArrayList<>();
        for (String r : refsOrIds) {
            Image img = get(r);
            // like docker save: a name brings that tag along, an ID brings none
            List<String> tags = img.repoTags().stream().filter(t -> t.equals(normalizedRef(r))).toList();
            entries.add(new ArchiveWriter.Entry(img, tags));
        }
        new ArchiveWriter(blobs, layers).write(entries, out);
    }

    public Image get(String refOrId) {
        return find(refOrId).orElseThrow(() -> new NotFoundException("No such image: " + refOrId));
    }

    /** By tag ({@code name} means {@code name:latest}), full ID, bare hex, or unique ID prefix. */
    public synchronized Optional<Image> find(String refOrId) {
        return resolveId(refOrId).map(this::image);
    }

    public synchronized List<Image> list() {
        return state.imageIds().stream().map(this::image)
                .sorted(Comparator.comparing(Image::created, Comparator.nullsFirst(Comparator.reverseOrder())))
                .toList();
    }

    public synchronized void tag(String source, String newRef) {
        Image img = get(source);
        state.tag(Reference.parse(newRef).toString(), img.id());
        state.save();
    }

    /** Removes one tag only; the image stays even when it becomes dangling. */
    public synchronized List<String> untag(String ref) {
        String tag = Reference.parse(ref).toString();
        if (state.tagged(tag) == null) {
            throw new NotFoundException("No such image: " + ref);
        }
        state.untag(tag);
        state.save();
        return List.of("Untagged: " + tag);
    }

    /** Docker's {@code rmi}: untags, and deletes the image and unused layers once untagged. */
    public synchronized List<String> remove(String refOrId, boolean force) {
        String id = resolveId(refOrId).orElseThrow(() -> new NotFoundException("No such image: " + refOrId));
        Image img = image(id);
        List<String> report = new ArrayList<>();
        String tag = normalizedRef(refOrId);
        if (tag != null && img.repoTags().contains(tag)) {
            state.untag(tag);
            report.add("Untagged: " + tag);
            if (img.repoTags().size() > 1) {
                state.save();
                return report; // other tags keep the image alive
            }
        } else {
            if (!state.children(id).isEmpty()) {
                throw new ConflictException("conflict: unable to delete " + img.shortId()
                        + " (cannot be forced) - image has dependent child images");
            }
            if (img.repoTags().size() > 1 && !force) {
                throw new ConflictException("conflict: unable to delete " + img.shortId()
                        + " (must be forced) - image is referenced in multiple repositories");
            }
            for (String t : img.repoTags()) {
                state.untag(t);
                report.add("Untagged: " + t);
            }
        }
        if (!state.children(id).isEmpty()) {
            state.save();
            return report; // untagged, but kept: committed children still build on it
        }
        state.removeImage(id);
        state.save();
        report.add("Deleted: " + id);
        report.addAll(deleteUnusedLayers(img));
        if (state.imageIds().stream().noneMatch(id::equals)) {
            blobs.delete(Digest.parse(id));
        }
        return report;
    }

    /** Deletes the removed image's layers, top down, unless a remaining image's chain uses them. */
    private List<String> deleteUnusedLayers(Image removed) {
        Set<Digest> inUse = new HashSet<>();
        for (String other : state.imageIds()) {
            Digest chain = null;
            for (Digest d : image(other).diffIds()) {
                chain = Layer.chainId(chain, d);
                inUse.add(chain);
            }
        }
        List<String> report = new ArrayList<>();
        for (Digest c = removed.topChainId(); c != null; ) {
            Optional<Layer> l = layers.get(c);
            if (l.isEmpty() || inUse.contains(c)) {
                break; // everything below a shared layer is shared too
            }
            layers.delete(c);
            report.add("Deleted: " + c);
            c = l.get().parent();
        }
        return report;
    }

    public List<Path> lowerDirs(Image image) {
        return image.topChainId() == null ? List.of() : layers.lowerDirs(image.topChainId());
    }

    public List<HistoryEntry> history(String ref) {
        return get(ref).history();
    }

    private Optional<String> resolveId(String refOrId) {
        if (refOrId == null || refOrId.isEmpty()) {
            throw new InvalidArgumentException("empty image reference");
        }
        if (refOrId.startsWith(Digest.PREFIX)) {
            Digest d = Digest.parse(refOrId);
            return state.imageIds().contains(d.toString()) ? Optional.of(d.toString()) : Optional.empty();
        }
        String tag = normalizedRef(refOrId);
        if (tag != null && state.tagged(tag) != null) {
            return Optional.of(state.tagged(tag));
        }
        if (refOrId.matches("[0-9a-f]{1,64}")) {
            List<String> hits = state.imageIds().stream().filter(i -> i.startsWith(Digest.PREFIX + refOrId)).toList();
            if (hits.size() > 1) {
                throw new InvalidArgumentException("multiple IDs found with provided prefix: " + refOrId);
            }
            return hits.stream().findFirst();
        }
        return Optional.empty();
    }

    /** The canonical tag for a reference, or null when the text is not a valid reference. */
    private static String normalizedRef(String text) {
        try {
            return Reference.parse(text).toString();
        } catch (InvalidArgumentException e) {
            return null;
        }
    }

    private Image image(String id) {
        Digest digest = Digest.parse(id);
        ImageConfigTemplate t = ConfigMapping.parse(blobs.read(digest));
        List<Digest> diffIds = ConfigMapping.diffIds(t);
        Digest top = Layer.chainId(diffIds);
        long size = 0;
        for (Digest c = top; c != null; ) {
            Layer l = layers.get(c).orElseThrow(() -> new SystemException("image " + id + " is missing a layer"));
            size += l.size();
            c = l.parent();
        }
        return new Image(id, state.tagsOf(id), ConfigMapping.instant(t.created), t.architecture, t.os, t.author,
                t.comment, ConfigMapping.toDomain(t.config), diffIds, top, size, ConfigMapping.history(t), state.parentOf(id));
    }

    private static Instant createdOf(byte[] config) {
        return ConfigMapping.instant(ConfigMapping.parse(config).created);
    }

    private Path tmpDir() throws IOException {
        return Files.createDirectories(root.resolve("tmp"));
    }
}
