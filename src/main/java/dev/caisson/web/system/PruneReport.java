package dev.caisson.web.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.caisson.web.Sizes;

/** What a prune removed, grouped as the docker CLI prints it ("Deleted Containers:", ...), and the space it freed. */
public record PruneReport(Map<String, List<String>> deleted, long reclaimed) {

    public String reclaimedText() {
        return Sizes.human(reclaimed);
    }

    public boolean nothing() {
        return deleted.values().stream().allMatch(List::isEmpty);
    }

    /** Collects the answers of the Engine API's prunes (ContainersDeleted, ImagesDeleted, ...). */
    static final class Builder {
        private final Map<String, List<String>> deleted = new LinkedHashMap<>();
        private long reclaimed;

        Builder add(Map<String, Object> answer) {
            list(answer, "ContainersDeleted", "Deleted Containers");
            list(answer, "NetworksDeleted", "Deleted Networks");
            list(answer, "VolumesDeleted", "Deleted Volumes");
            list(answer, "CachesDeleted", "Deleted build cache objects");
            if (answer.get("ImagesDeleted") instanceof List<?> images) {
                List<String> lines = deleted.computeIfAbsent("Deleted Images", k -> new ArrayList<>());
                for (Object o : images) {
                    if (o instanceof Map<?, ?> m) {   // {"Untagged": ref} or {"Deleted": id}, as the CLI words them
                        m.forEach((k, v) -> lines.add(k.toString().toLowerCase() + ": " + v));
                    }
                }
            }
            if (answer.get("SpaceReclaimed") instanceof Number n) {
                reclaimed += n.longValue();
            }
            return this;
        }

        private void list(Map<String, Object> answer, String key, String title) {
            if (answer.containsKey(key)) {
                List<String> lines = deleted.computeIfAbsent(title, k -> new ArrayList<>());
                if (answer.get(key) instanceof List<?> l) {
                    l.forEach(o -> lines.add(String.valueOf(o)));
                }
            }
        }

        PruneReport build() {
            return new PruneReport(deleted, reclaimed);
        }
    }
}
