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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.image.json.ImageConfigTemplate;
import dev.caisson.engine.image.json.Json;
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
    private static final tools.jackson.core.type.TypeReference<Map<String, Object>> RAW = new tools.jackson.core.type.TypeReference<>() {
    };
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

    public List<Image> load(InputStream archive) {
        return load(archive, l -> { });
    }

    /** Loads a docker-save or OCI archive; {@code onNewLayer} hears of each layer it adds, as it is added. */
    public synchronized List<Image> load(InputStream archive, Consumer<Layer> onNewLayer) {
        List<ArchiveLoader.Loaded> loaded;
        try (ArchiveStaging staging = new ArchiveStaging(archive, root.resolve("tmp"))) {
            loaded = new ArchiveLoader(blobs, layers, onNewLayer).load(staging);
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

    public Image commit(Image base, Path upperDir, ImageConfig config, String comment, String author, String reference) {
        return commit(base, upperDir, config, comment, author, reference, null);
    }

    /**
     * {@code docker commit}: the upper dir's changes become a layer on {@code base}; a container
     * that changed nothing adds no layer, only an empty-layer history entry (as Docker does).
     */
    public synchronized Image commit(Image base, Path upperDir, ImageConfig config, String comment, String author,
            String reference, CommitSource source) {
        Reference ref = reference == null || reference.isEmpty() ? null : Reference.parse(reference);
        Layer layer = null;
        try {
            Path tmp = Files.createTempFile(tmpDir(), "commit-", ".tar");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    FilesystemChanges.writeLayerTar(upperDir, out);
                }
                if (hasEntries(tmp)) {
                    try (InputStream in = Files.newInputStream(tmp)) {
                        layer = layers.register(base == null ? null : base.topChainId(), in);
                    }
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new SystemException("cannot commit: " + e.getMessage(), e);
        }
        byte[] baseConfig = base == null ? null : blobs.read(Digest.parse(base.id()));
        ImageConfig cfg = config != null ? config : base != null ? base.config() : ImageConfig.EMPTY;
        byte[] bytes = ConfigBuilder.committed(baseConfig, layer == null ? null : layer.diffId(), cfg, comment, author,
                Instant.now(), source);
        return addCreated(bytes, ref, base == null ? null : base.id());
    }

    private static boolean hasEntries(Path tar) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            return in.getNextEntry() != null;
        }
    }

    private Image addCreated(byte[] config, Reference ref, String parent) {
        Digest id = blobs.put(new ByteArrayInputStream(config));
        state.addImage(id.toString(), parent, createdOf(config));
        if (ref != null) {
            state.tag(ref.toString(), id.toString());
            state.touchTag(id.toString(), Instant.now());
        }
        state.save();
        return image(id.toString());
    }

    /** {@code docker save}: one manifest entry per image, carrying the tags that were asked for by name. */
    public synchronized void save(List<String> refsOrIds, OutputStream out) {
        Map<String, Image> byId = new LinkedHashMap<>();
        Map<String, List<String>> tags = new LinkedHashMap<>();
        for (String r : refsOrIds) {
            Image img = get(r);
            byId.putIfAbsent(img.id(), img);
            List<String> t = tags.computeIfAbsent(img.id(), k -> new ArrayList<>());
            // like docker save: a name brings that tag along, an ID brings none
            String tag = normalizedRef(r);
            if (img.repoTags().contains(tag) && !t.contains(tag)) {
                t.add(tag);
            }
        }
        List<ArchiveWriter.Entry> entries = new ArrayList<>();
        byId.forEach((id, img) -> entries.add(new ArchiveWriter.Entry(img, tags.get(id))));
        new ArchiveWriter(blobs, layers).write(entries, out);
    }

    public Image get(String refOrId) {
        return find(refOrId).orElseThrow(() -> notFound(refOrId));
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
        state.touchTag(img.id(), Instant.now());
        state.save();
    }

    /** Removes one tag only; the image stays even when it becomes dangling. */
    public synchronized List<String> untag(String ref) {
        String tag = Reference.parse(ref).toString();
        if (state.tagged(tag) == null) {
            throw notFound(ref);
        }
        state.untag(tag);
        state.save();
        return List.of("Untagged: " + tag);
    }

    /** Docker's {@code rmi} with no container in the way; the report in Docker's words. */
    public List<String> remove(String refOrId, boolean force) {
        return remove(refOrId, force, false, List.of()).stream().map(ImageDeletion::toString).toList();
    }

    /**
     * Docker's {@code rmi} (see {@link ImageRemover} for the rules): a name removes that tag,
     * an ID the image; {@code users} are the containers, whose images are protected.
     */
    public synchronized List<ImageDeletion> remove(String refOrId, boolean force, boolean noprune, List<ImageUser> users) {
        String id = resolveId(refOrId).orElseThrow(() -> notFound(refOrId));
        String tag = normalizedRef(refOrId);
        boolean byName = tag != null && state.tagsOf(id).contains(tag);
        try {
            return new ImageRemover(state, layers, blobs, this::image, users).remove(id, byName ? tag : null, force, !noprune);
        } finally {
            state.save();
        }
    }

    /** Docker's image prune: unused images (untagged ones only when {@code danglingOnly}) that pass {@code filter}. */
    public synchronized ImagePrune prune(boolean danglingOnly, Predicate<Image> filter, List<ImageUser> users) {
        try {
            return new ImageRemover(state, layers, blobs, this::image, users).prune(danglingOnly, filter);
        } finally {
            state.save();
        }
    }

    /** IDs of the images committed from this one (Docker's child images). */
    public synchronized List<String> children(String id) {
        return state.children(id);
    }

    /** The image with what inspect and history need beyond it. */
    public synchronized ImageDetails details(String refOrId) {
        Image img = get(refOrId);
        Map<String, Object> raw = Json.MAPPER.readValue(blobs.read(Digest.parse(img.id())), RAW);
        List<Long> sizes = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        Digest chain = null;
        for (Digest d : img.diffIds()) {
            chain = Layer.chainId(chain, d);
            Digest c = chain;
            sizes.add(layers.get(c).map(Layer::size).orElse(0L));
            dirs.add(layers.diffDir(c));
        }
        return new ImageDetails(img, object(raw.get("config")), object(raw.get("container_config")),
                raw.get("container") instanceof String c ? c : "", raw.get("docker_version") instanceof String v ? v : "",
                state.lastTagTime(img.id()), sizes, dirs);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static NotFoundException notFound(String refOrId) {
        String tag = normalizedRef(refOrId);
        return new NotFoundException("No such image: " + (tag == null || refOrId.matches("[0-9a-f]{64}") ? refOrId : tag));
    }

    public List<Path> lowerDirs(Image image) {
        return image.topChainId() == null ? List.of() : layers.lowerDirs(image.topChainId());
    }

    /** The image's layers, top first (for disk usage: sizes and which layers images share). */
    public List<Layer> layers(Image image) {
        List<Layer> out = new ArrayList<>();
        for (Digest c = image.topChainId(); c != null; ) {
            Layer l = layers.get(c).orElseThrow(() -> new SystemException("image " + image.id() + " is missing a layer"));
            out.add(l);
            c = l.parent();
        }
        return out;
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
