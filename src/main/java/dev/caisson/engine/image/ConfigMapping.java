package dev.caisson.engine.image;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.image.json.ContainerConfigTemplate;
import dev.caisson.engine.image.json.HealthcheckTemplate;
import dev.caisson.engine.image.json.HistoryTemplate;
import dev.caisson.engine.image.json.ImageConfigTemplate;
import dev.caisson.engine.image.json.Json;
import dev.caisson.engine.storage.Digest;

/** Translation between the image config wire JSON and the domain records, in one place. */
final class ConfigMapping {
    private ConfigMapping() {
    }

    static ImageConfigTemplate parse(byte[] configBytes) {
        try {
            ImageConfigTemplate t = Json.MAPPER.readValue(configBytes, ImageConfigTemplate.class);
            if (t == null || t.rootfs == null) {
                throw new InvalidArgumentException("image config has no rootfs");
            }
            return t;
        } catch (tools.jackson.core.JacksonException e) {
            throw new InvalidArgumentException("malformed image config: " + e.getOriginalMessage(), e);
        }
    }

    static List<Digest> diffIds(ImageConfigTemplate t) {
        List<Digest> out = new ArrayList<>();
        for (String d : t.rootfs.diffIds == null ? List.<String>of() : t.rootfs.diffIds) {
            out.add(Digest.parse(d));
        }
        return out;
    }

    static ImageConfig toDomain(ContainerConfigTemplate c) {
        if (c == null) {
            return ImageConfig.EMPTY;
        }
        Healthcheck hc = null;
        if (c.healthcheck != null) {
            HealthcheckTemplate h = c.healthcheck;
            hc = new Healthcheck(h.test, nanos(h.interval), nanos(h.timeout), nanos(h.startPeriod),
                    h.retries == null ? 0 : h.retries);
        }
        return new ImageConfig(emptyToNull(c.user), c.env, c.cmd, c.entrypoint, emptyToNull(c.workingDir),
                c.exposedPorts == null ? null : c.exposedPorts.keySet(), c.volumes == null ? null : c.volumes.keySet(),
                c.labels, emptyToNull(c.stopSignal), hc, c.onBuild);
    }

    /** Writes the domain config onto a (possibly inherited) wire object, keeping its other fields. */
    static ContainerConfigTemplate toWire(ImageConfig c, ContainerConfigTemplate into) {
        ContainerConfigTemplate t = into == null ? new ContainerConfigTemplate() : into;
        t.user = c.user() == null ? "" : c.user();
        t.env = c.env().isEmpty() ? null : c.env();
        t.cmd = c.cmd().isEmpty() ? null : c.cmd();
        t.entrypoint = c.entrypoint().isEmpty() ? null : c.entrypoint();
        t.workingDir = c.workingDir() == null ? "" : c.workingDir();
        t.exposedPorts = emptyObjects(c.exposedPorts());
        t.volumes = emptyObjects(c.volumes());
        t.labels = c.labels().isEmpty() ? null : c.labels();
        t.stopSignal = c.stopSignal();
        t.onBuild = c.onBuild().isEmpty() ? null : c.onBuild();
        if (c.healthcheck() != null) {
            Healthcheck h = c.healthcheck();
            HealthcheckTemplate w = new HealthcheckTemplate();
            w.test = h.test();
            w.interval = h.interval().toNanos();
            w.timeout = h.timeout().toNanos();
            w.startPeriod = h.startPeriod().toNanos();
            w.retries = h.retries();
            t.healthcheck = w;
        } else {
            t.healthcheck = null;
        }
        return t;
    }

    static List<HistoryEntry> history(ImageConfigTemplate t) {
        List<HistoryEntry> out = new ArrayList<>();
        for (HistoryTemplate h : t.history == null ? List.<HistoryTemplate>of() : t.history) {
            out.add(new HistoryEntry(instant(h.created), h.createdBy, h.author, h.comment, Boolean.TRUE.equals(h.emptyLayer)));
        }
        return out;
    }

    static Instant instant(String rfc3339) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(rfc3339);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(rfc3339).toInstant();
            } catch (DateTimeParseException again) {
                return null; // a bad timestamp is cosmetic; the image is still usable
            }
        }
    }

    private static Duration nanos(Long n) {
        return n == null ? Duration.ZERO : Duration.ofNanos(n);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Map<String, Object> emptyObjects(Set<String> keys) {
        if (keys.isEmpty()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        keys.forEach(k -> m.put(k, Map.of()));
        return m;
    }
}
