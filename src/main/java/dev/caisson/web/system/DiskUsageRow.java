package dev.caisson.web.system;

import java.util.List;
import java.util.Map;

import dev.caisson.web.Sizes;

/**
 * One line of `docker system df`, computed from /system/df's answer the way the docker CLI
 * does: an image is active when a container uses it, and what removing the unused ones would
 * free is the layers' size less what active images hold alone; a container is active while
 * running, paused or restarting; a volume while a container references it.
 */
public record DiskUsageRow(String type, int total, int active, long size, long reclaimable) {

    public String sizeText() {
        return Sizes.human(size);
    }

    /** "1.2MB (40%)", as the CLI prints RECLAIMABLE. */
    public String reclaimableText() {
        return Sizes.human(reclaimable) + (size > 0 ? " (" + reclaimable * 100 / size + "%)" : "");
    }

    static List<DiskUsageRow> of(Map<String, Object> df) {
        return List.of(images(df), containers(df), volumes(df), new DiskUsageRow("Build Cache", 0, 0, 0, 0));
    }

    private static DiskUsageRow images(Map<String, Object> df) {
        long total = number(df.get("LayersSize"));
        int active = 0;
        long used = 0;
        for (Map<?, ?> i : maps(df.get("Images"))) {
            if (number(i.get("Containers")) > 0) {
                active++;
                used += number(i.get("Size")) - number(i.get("SharedSize"));
            }
        }
        return new DiskUsageRow("Images", maps(df.get("Images")).size(), active, total, Math.max(0, total - used));
    }

    private static DiskUsageRow containers(Map<String, Object> df) {
        int active = 0;
        long size = 0;
        long reclaimable = 0;
        for (Map<?, ?> c : maps(df.get("Containers"))) {
            String state = String.valueOf(c.get("State"));
            boolean live = state.equals("running") || state.equals("paused") || state.equals("restarting");
            long rw = number(c.get("SizeRw"));
            active += live ? 1 : 0;
            size += rw;
            reclaimable += live ? 0 : rw;
        }
        return new DiskUsageRow("Containers", maps(df.get("Containers")).size(), active, size, reclaimable);
    }

    private static DiskUsageRow volumes(Map<String, Object> df) {
        int active = 0;
        long size = 0;
        long reclaimable = 0;
        for (Map<?, ?> v : maps(df.get("Volumes"))) {
            Map<?, ?> usage = v.get("UsageData") instanceof Map<?, ?> u ? u : Map.of();
            long bytes = Math.max(0, number(usage.get("Size")));
            boolean used = number(usage.get("RefCount")) > 0;
            active += used ? 1 : 0;
            size += bytes;
            reclaimable += used ? 0 : bytes;
        }
        return new DiskUsageRow("Local Volumes", maps(df.get("Volumes")).size(), active, size, reclaimable);
    }

    private static List<Map<?, ?>> maps(Object list) {
        return list instanceof List<?> l ? l.stream().filter(Map.class::isInstance).<Map<?, ?>>map(Map.class::cast).toList()
                : List.of();
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }
}
