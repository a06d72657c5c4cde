package dev.caisson.api.docker;

/** The Engine API versions Caisson speaks. */
final class ApiVersion {
    static final String MIN = "1.24";
    static final String CURRENT = "1.41";

    private ApiVersion() {
    }

    static int compare(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        int c = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
        return c != 0 ? c : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
    }
}
