package dev.caisson.web;

import dev.caisson.api.docker.DockerViews;

/** Byte counts as the docker CLI prints them. */
public final class Sizes {
    private Sizes() {
    }

    /** As the docker CLI's tables print sizes: decimal units, three significant digits ("4.34MB"). */
    public static String human(long bytes) {
        return DockerViews.humanSize(bytes, 3);
    }

    /** Docker's units.BytesSize (docker info's Total Memory): binary units, four significant digits ("23.54GiB"). */
    public static String binary(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "") + units[u];
    }
}
