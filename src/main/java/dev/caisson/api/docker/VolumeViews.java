package dev.caisson.api.docker;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.caisson.engine.volume.Volume;
import dev.caisson.engine.volume.VolumeService;

/** Volumes in the JSON shape of `docker volume inspect` and `ls`; empty labels and options are null, as Docker writes them. */
final class VolumeViews {
    /** RFC 3339 in the host's zone, whole seconds ("2026-11-28T09:50:04Z"), as Docker's local driver. */
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private VolumeViews() {
    }

    static Map<String, Object> view(VolumeService service, Volume v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CreatedAt", CREATED.format(v.createdAt().atZone(ZoneId.systemDefault())));
        m.put("Driver", v.driver());
        m.put("Labels", v.labels().isEmpty() ? null : v.labels());
        m.put("Mountpoint", service.dataDir(v.name()).toString());
        m.put("Name", v.name());
        m.put("Options", v.options().isEmpty() ? null : v.options());
        m.put("Scope", "local");
        return m;
    }

    /** With the UsageData of `system df`: its size on disk and how many containers reference it. */
    static Map<String, Object> withUsage(VolumeService service, Volume v) {
        Map<String, Object> m = view(service, v);
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("RefCount", service.references(v.name()).size());
        usage.put("Size", service.size(v.name()));
        m.put("UsageData", usage);
        return m;
    }
}
