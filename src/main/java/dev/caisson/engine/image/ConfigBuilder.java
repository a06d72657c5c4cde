package dev.caisson.engine.image;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.caisson.engine.image.json.HistoryTemplate;
import dev.caisson.engine.image.json.ImageConfigTemplate;
import dev.caisson.engine.image.json.Json;
import dev.caisson.engine.image.json.RootFsTemplate;
import dev.caisson.engine.storage.Digest;

/** Builds the config JSON of images we create ourselves (import, commit), as Docker would. */
final class ConfigBuilder {
    private ConfigBuilder() {
    }

    /** {@code docker import}: one layer, amd64/linux, a single history entry. */
    static byte[] imported(Digest diffId, ImageConfig config, String comment, Instant now) {
        ImageConfigTemplate t = new ImageConfigTemplate();
        t.architecture = "amd64";
        t.os = "linux";
        t.created = now.toString();
        t.comment = comment == null || comment.isEmpty() ? "Imported from -" : comment;
        t.config = ConfigMapping.toWire(config, null);
        t.rootfs = new RootFsTemplate();
        t.rootfs.diffIds.add(diffId.toString());
        t.history.add(history(now, null, null, t.comment));
        return Json.MAPPER.writeValueAsBytes(t);
    }

    /**
     * {@code docker commit}: the base's config (its unknown fields kept, its build-container
     * fields replaced since they describe another container) plus one layer and one history
     * entry. A null {@code diffId} means the container changed nothing: no layer is added and
     * the history entry is marked empty, as Docker does.
     */
    static byte[] committed(byte[] baseConfig, Digest diffId, ImageConfig config, String comment, String author, Instant now,
            CommitSource source) {
        ImageConfigTemplate t = baseConfig == null ? new ImageConfigTemplate() : ConfigMapping.parse(baseConfig);
        t.other().remove("container");
        t.other().remove("container_config");
        t.other().remove("docker_version");
        t.other().remove("parent");
        if (source != null) {
            t.set("container", source.containerId());
            t.set("container_config", ConfigMapping.toWire(source.containerConfig(), null));
        }
        if (t.architecture == null) {
            t.architecture = "amd64";
        }
        if (t.os == null) {
            t.os = "linux";
        }
        t.created = now.toString();
        t.author = author == null || author.isEmpty() ? null : author;
        t.comment = comment == null || comment.isEmpty() ? null : comment;
        t.config = ConfigMapping.toWire(config, t.config);
        if (t.rootfs == null) {
            t.rootfs = new RootFsTemplate();
        }
        List<String> diffIds = new ArrayList<>(t.rootfs.diffIds == null ? List.of() : t.rootfs.diffIds);
        if (diffId != null) {
            diffIds.add(diffId.toString());
        }
        t.rootfs.diffIds = diffIds;
        t.history = new ArrayList<>(t.history == null ? List.of() : t.history);
        HistoryTemplate h = history(now, author, source == null ? "" : source.createdBy(), comment);
        h.emptyLayer = diffId == null ? Boolean.TRUE : null;
        t.history.add(h);
        return Json.MAPPER.writeValueAsBytes(t);
    }

    private static HistoryTemplate history(Instant now, String author, String createdBy, String comment) {
        HistoryTemplate h = new HistoryTemplate();
        h.created = now.toString();
        h.author = author == null || author.isEmpty() ? null : author;
        h.createdBy = createdBy == null || createdBy.isEmpty() ? null : createdBy;
        h.comment = comment == null || comment.isEmpty() ? null : comment;
        return h;
    }
}
