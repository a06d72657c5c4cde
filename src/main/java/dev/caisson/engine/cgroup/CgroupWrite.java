package dev.caisson.engine.cgroup;

/**
 * One decided write: a control file name (e.g. {@code memory.limit_in_bytes}) and its value.
 * Drivers compute a list of these from {@link Resources} and apply them in one place, so the
 * deciding is testable without root or a cgroup filesystem.
 */
public record CgroupWrite(String file, String value) {

    /** The controller a file belongs to: the part before the first dot ("memory", "cpu"). */
    public String controller() {
        int dot = file.indexOf('.');
        return dot < 0 ? file : file.substring(0, dot);
    }
}
