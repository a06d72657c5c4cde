package dev.caisson.web.images;

import java.util.List;

import dev.caisson.engine.image.Image;

/** One line of the images table, as `docker images` shows it (one line per tag, or <none>). */
public record ImageRow(String id, String shortId, String repository, String tag, String reference, String created,
                       String size, int containers) {

    static List<ImageRow> of(Image i, int containers) {
        String shortId = i.id().replace("sha256:", "").substring(0, 12);
        String created = i.created() == null ? "" : i.created().toString().substring(0, 10);
        String size = human(i.size());
        if (i.repoTags().isEmpty()) {
            return List.of(new ImageRow(i.id(), shortId, "<none>", "<none>", i.id(), created, size, containers));
        }
        return i.repoTags().stream().map(t -> {
            int colon = t.lastIndexOf(':');
            return new ImageRow(i.id(), shortId, t.substring(0, colon), t.substring(colon + 1), t, created, size, containers);
        }).toList();
    }

    /** Docker's units.HumanSize: decimal units, three significant digits. */
    static String human(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return (v >= 100 ? String.format("%.0f", v) : v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v))
                .replaceAll("\\.?0+$", "") + units[u];
    }
}
