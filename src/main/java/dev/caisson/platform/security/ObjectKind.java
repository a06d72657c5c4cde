package dev.caisson.platform.security;

/** The engine objects that have an owner. */
public enum ObjectKind {
    CONTAINER(false),
    /** Networks with no owner row are the predefined ones (bridge, host, none): everybody reads them. */
    NETWORK(true),
    /** A volume's ID is its name. */
    VOLUME(false);

    private final boolean unownedReadable;

    ObjectKind(boolean unownedReadable) {
        this.unownedReadable = unownedReadable;
    }

    /** Whether an object with no owner row may be read by everybody (else it is the admin's). */
    public boolean unownedReadable() {
        return unownedReadable;
    }

    /** Docker's word for it in messages ("No such container: x"). */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
