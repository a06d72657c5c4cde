package dev.caisson.api.docker;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.caisson.engine.image.HistoryEntry;
import dev.caisson.engine.image.Image;
import dev.caisson.engine.image.ImageDetails;

/** Images in the JSON shapes of API 1.41: `docker images`, `docker image inspect`, `docker history`. */
final class ImageViews {
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /** Marks the fields Docker leaves out when empty (omitempty). */
    private static final Object OMIT = new Object();
    /** Docker's container Config fields in its order; the value is the default when the config lacks it. */
    private static final Object[][] CONFIG_FIELDS = {
            {"Hostname", ""}, {"Domainname", ""}, {"User", ""}, {"AttachStdin", false}, {"AttachStdout", false},
            {"AttachStderr", false}, {"ExposedPorts", OMIT}, {"Tty", false}, {"OpenStdin", false}, {"StdinOnce", false},
            {"Env", null}, {"Cmd", null}, {"Healthcheck", OMIT}, {"ArgsEscaped", OMIT}, {"Image", ""}, {"Volumes", null},
            {"WorkingDir", ""}, {"Entrypoint", null}, {"NetworkDisabled", OMIT}, {"MacAddress", OMIT}, {"OnBuild", null},
            {"Labels", null}, {"StopSignal", OMIT}, {"StopTimeout", OMIT}, {"Shell", OMIT}};

    private ImageViews() {
    }

    /** One image of the list, showing {@code tags} (all its tags, or those a reference filter matched). */
    static Map<String, Object> summary(Image i, List<String> tags) {
        boolean untagged = tags.isEmpty();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Containers", -1);
        m.put("Created", i.created() == null ? 0 : i.created().getEpochSecond());
        m.put("Id", i.id());
        m.put("Labels", i.config().labels().isEmpty() ? null : i.config().labels());
        m.put("ParentId", i.parent() == null ? "" : i.parent());
        m.put("RepoDigests", untagged ? List.of("<none>@<none>") : null);
        m.put("RepoTags", untagged ? List.of("<none>:<none>") : tags);
        m.put("SharedSize", -1);
        m.put("Size", i.size());
        m.put("VirtualSize", i.size());
        return m;
    }

    static Map<String, Object> inspect(ImageDetails d) {
        Image i = d.image();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", i.id());
        m.put("RepoTags", i.repoTags());
        m.put("RepoDigests", List.of());
        m.put("Parent", i.parent() == null ? "" : i.parent());
        m.put("Comment", i.comment() == null ? "" : i.comment());
        m.put("Created", goTime(i.created()));
        m.put("Container", d.container());
        m.put("ContainerConfig", config(d.containerConfig()));
        m.put("DockerVersion", d.dockerVersion());
        m.put("Author", i.author() == null ? "" : i.author());
        m.put("Config", config(d.config()));
        m.put("Architecture", i.architecture() == null ? "" : i.architecture());
        m.put("Os", i.os() == null ? "" : i.os());
        m.put("Size", i.size());
        m.put("VirtualSize", i.size());
        m.put("GraphDriver", graphDriver(d.layerDirs()));
        Map<String, Object> rootFs = new LinkedHashMap<>();
        rootFs.put("Type", "layers");
        if (!i.diffIds().isEmpty()) {
            rootFs.put("Layers", i.diffIds().stream().map(Object::toString).toList());
        }
        m.put("RootFS", rootFs);
        m.put("Metadata", Map.of("LastTagTime", goTime(d.lastTagTime())));
        return m;
    }

    /** A config object with every field Docker prints, from what the stored config has. */
    static Map<String, Object> config(Map<String, Object> raw) {
        Map<String, Object> src = raw == null ? Map.of() : raw;
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object[] f : CONFIG_FIELDS) {
            String name = (String) f[0];
            Object v = src.get(name);
            if (f[1] == OMIT) {
                if (v != null && !"".equals(v) && !Boolean.FALSE.equals(v) && !(v instanceof Map<?, ?> mm && mm.isEmpty())) {
                    out.put(name, v);
                }
            } else {
                out.put(name, v != null ? v : f[1]);
            }
        }
        return out;
    }

    /** overlay2's description of the image's layers: the top one as UpperDir, the rest as LowerDir. */
    private static Map<String, Object> graphDriver(List<Path> dirs) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (!dirs.isEmpty()) {
            List<String> lower = new ArrayList<>();
            for (int k = dirs.size() - 2; k >= 0; k--) {
                lower.add(dirs.get(k).toString());
            }
            Path top = dirs.get(dirs.size() - 1);
            if (!lower.isEmpty()) {
                data.put("LowerDir", String.join(":", lower));
            }
            data.put("MergedDir", top.resolveSibling("merged").toString());
            data.put("UpperDir", top.toString());
            data.put("WorkDir", top.resolveSibling("work").toString());
        }
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("Data", data.isEmpty() ? null : data);
        g.put("Name", "overlay2");
        return g;
    }

    /**
     * `docker history`, newest first. Each step that added a layer shows that layer's size;
     * the newest step carries the image's ID and tags, the one below its parent's (when the
     * image was committed here), and so on; the rest are "<missing>", as in Docker.
     */
    static List<Map<String, Object>> history(ImageDetails d, Function<String, Image> parentLookup) {
        List<Map<String, Object>> out = new ArrayList<>();
        int layer = 0;
        for (HistoryEntry h : d.image().history()) {
            long size = 0;
            if (!h.emptyLayer()) {
                size = layer < d.layerSizes().size() ? d.layerSizes().get(layer) : 0;
                layer++;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Comment", h.comment() == null ? "" : h.comment());
            m.put("Created", h.created() == null ? 0 : h.created().getEpochSecond());
            m.put("CreatedBy", h.createdBy() == null ? "" : h.createdBy());
            m.put("Id", "<missing>");
            m.put("Size", size);
            m.put("Tags", null);
            out.add(m);
        }
        Collections.reverse(out);
        Image img = d.image();
        for (Map<String, Object> m : out) {
            m.put("Id", img.id());
            m.put("Tags", img.repoTags().isEmpty() ? null : img.repoTags());
            img = img.parent() == null ? null : parentLookup.apply(img.parent());
            if (img == null) {
                break;
            }
        }
        return out;
    }

    /** Go's RFC 3339 with nanoseconds, trailing zeros dropped; Go's zero time for unknown. */
    static String goTime(Instant t) {
        if (t == null) {
            return ZERO_TIME;
        }
        String nanos = t.getNano() == 0 ? "" : ("." + String.format("%09d", t.getNano())).replaceAll("0+$", "");
        return SECONDS.format(t) + nanos + "Z";
    }
}
