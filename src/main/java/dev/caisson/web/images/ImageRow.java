package dev.caisson.web.images;

import java.util.List;

import dev.caisson.engine.image.Image;
import dev.caisson.web.Sizes;

/** One line of the images table, as `docker images` shows it (one line per tag, or <none>). */
public record ImageRow(String id, String shortId, String repository, String tag, String reference, String created,
                       String size, int containers) {

    static List<ImageRow> of(Image i, int containers) {
        String shortId = i.id().replace("sha256:", "").substring(0, 12);
        String created = i.created() == null ? "" : i.created().toString().substring(0, 10);
        String size = Sizes.human(i.size());
        if (i.repoTags().isEmpty()) {
            return List.of(new ImageRow(i.id(), shortId, "<none>", "<none>", i.id(), created, size, containers));
        }
        return i.repoTags().stream().map(t -> {
            int colon = t.lastIndexOf(':');
            return new ImageRow(i.id(), shortId, t.substring(0, colon), t.substring(colon + 1), t, created, size, containers);
        }).toList();
    }
}
