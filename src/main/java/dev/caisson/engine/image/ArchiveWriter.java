package dev.caisson.engine.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import dev.caisson.engine.SystemException;
import dev.caisson.engine.image.json.DockerManifestTemplate;
import dev.caisson.engine.image.json.Json;
import dev.caisson.engine.storage.BlobStore;
import dev.caisson.engine.storage.Digest;
import dev.caisson.engine.storage.Layer;
import dev.caisson.engine.storage.LayerStore;

/**
 * Writes images in the docker-save layout: {@code <id hex>.json} configs (the stored bytes),
 * one {@code <dir>/layer.tar} per layer (the stored uncompressed tar, byte-identical),
 * {@code manifest.json} and the legacy {@code repositories}. Layer dirs are named by chain ID,
 * which is unique per position in a stack, so images sharing a base share its directory.
 */
final class ArchiveWriter {
    record Entry(Image image, List<String> tags) {
    }

    private final BlobStore blobs;
    private final LayerStore layers;

    ArchiveWriter(BlobStore blobs, LayerStore layers) {
        this.blobs = blobs;
        this.layers = layers;
    }

    void write(List<Entry> entries, OutputStream out) {
        try {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            Set<String> written = new HashSet<>();
            List<DockerManifestTemplate> manifest = new ArrayList<>();
            Map<String, Map<String, String>> repositories = new TreeMap<>();
            for (Entry e : entries) {
                Image img = e.image();
                Instant time = img.created() == null ? Instant.EPOCH : img.created();
                Digest id = Digest.parse(img.id());
                String configName = id.hex() + ".json";
                if (written.add(configName)) {
                    file(tar, configName, blobs.read(id), time);
                }
                List<String> layerPaths = new ArrayList<>();
                Digest parent = null;
                String parentDir = null;
                for (Digest diffId : img.diffIds()) {
                    Digest chain = Layer.chainId(parent, diffId);
                    String dir = chain.hex();
                    if (written.add(dir)) {
                        layerDir(tar, dir, parentDir, chain, time);
                    }
                    layerPaths.add(dir + "/layer.tar");
                    parent = chain;
                    parentDir = dir;
                }
                DockerManifestTemplate m = new DockerManifestTemplate();
                m.config = configName;
                m.repoTags = e.tags().isEmpty() ? null : e.tags();
                m.layers = layerPaths;
                manifest.add(m);
                for (String t : e.tags()) {
                    Reference r = Reference.parse(t);
                    if (parentDir != null) {
                        repositories.computeIfAbsent(r.name(), k -> new LinkedHashMap<>()).put(r.tag(), parentDir);
                    }
                }
            }
            file(tar, "manifest.json", Json.MAPPER.writeValueAsBytes(manifest), Instant.EPOCH);
            file(tar, "repositories", Json.MAPPER.writeValueAsBytes(repositories), Instant.EPOCH);
            tar.finish();
            tar.flush();
        } catch (IOException e) {
            throw new SystemException("cannot write image archive: " + e.getMessage(), e);
        }
    }

    private void layerDir(TarArchiveOutputStream tar, String dir, String parentDir, Digest chain, Instant time)
            throws IOException {
        TarArchiveEntry d = new TarArchiveEntry(dir + "/", TarConstants.LF_DIR, true);
        d.setMode(040755);
        d.setModTime(time.toEpochMilli());
        tar.putArchiveEntry(d);
        tar.closeArchiveEntry();
        file(tar, dir + "/VERSION", "1.0".getBytes(StandardCharsets.US_ASCII), time);
        // the legacy v1 json; modern docker load only needs it to exist
        Map<String, Object> v1 = new LinkedHashMap<>();
        v1.put("id", dir);
        if (parentDir != null) {
            v1.put("parent", parentDir);
        }
        v1.put("created", "1970-01-01T00:00:00Z");
        file(tar, dir + "/json", Json.MAPPER.writeValueAsBytes(v1), time);
        Digest diffId = layers.get(chain).orElseThrow().diffId();
        TarArchiveEntry l = new TarArchiveEntry(dir + "/layer.tar", TarConstants.LF_NORMAL, true);
        l.setMode(0100644);
        l.setSize(blobs.size(diffId));
        l.setModTime(time.toEpochMilli());
        tar.putArchiveEntry(l);
        try (InputStream in = blobs.open(diffId)) {
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] data, Instant time) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        e.setMode(0100644);
        e.setSize(data.length);
        e.setModTime(time.toEpochMilli());
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
