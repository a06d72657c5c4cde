package dev.caisson.platform.security;

/** What an API token may do on its owner's behalf. */
public enum TokenScope {
    /** Everything the owner's role allows. */
    FULL,
    /** What a VIEWER may do, over everything the owner may see. */
    READ_ONLY;

    public static TokenScope parse(String s) {
        if (s == null || s.isBlank()) {
            return FULL;
        }
        String v = s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        try {
            return TokenScope.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown token scope '" + s + "': FULL or READ_ONLY");
        }
    }
}
