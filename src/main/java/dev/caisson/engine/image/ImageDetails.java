package dev.caisson.engine.image;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What `docker image inspect` and `docker history` show beyond {@link Image}: the config's
 * raw {@code config} and {@code container_config} objects (with fields the domain does not
 * model, such as Hostname), the build container and Docker version, when a tag was last put on
 * the image, and per layer (bottom first) its size and unpacked directory.
 */
public record ImageDetails(Image image, Map<String, Object> config, Map<String, Object> containerConfig,
        String container, String dockerVersion, Instant lastTagTime, List<Long> layerSizes, List<Path> layerDirs) {
}
