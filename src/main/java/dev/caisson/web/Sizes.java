package dev.caisson.web;

/** Byte counts as the docker CLI prints them. */
public final class Sizes {
    private Sizes() {
    }

    /** Docker's units.HumanSize: decimal units, three significant digits ("4.34MB"). */
    public static String human(long bytes) {
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
