package dev.caisson.engine.volume;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A volume's metadata. Its bytes live in {@code DATA/volumes/<name>/_data} (Docker's layout);
 * with the local driver's options (type, device, o) that directory is where the filesystem is
 * mounted while a container uses it.
 *
 * @param labels  user labels; anonymous volumes carry {@link #ANONYMOUS_LABEL}, as in Docker 23+
 * @param options the local driver's options as given (type, device, o)
 */
public record Volume(String name, String driver, Instant createdAt, Map<String, String> labels,
                     Map<String, String> options) {
    /** Docker's mark of a volume made without a name; prune without all=true removes only these. */
    public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";
    public static final String LOCAL = "local";

    public Volume {
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
        options = options == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(options));
    }

    public boolean anonymous() {
        return labels.containsKey(ANONYMOUS_LABEL);
    }

    /** The local driver mounts something at the data directory (tmpfs, a device, a bind). */
    public boolean mounted() {
        return options.containsKey("type") || options.containsKey("device");
    }
}
