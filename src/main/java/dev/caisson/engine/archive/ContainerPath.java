package dev.caisson.engine.archive;

import java.util.ArrayList;
import java.util.List;

import dev.caisson.engine.InvalidArgumentException;

/**
 * A path as a docker cp client names it inside a container, cleaned the way Docker does before
 * anything is looked up: relative means from "/", ".." is applied lexically (never above "/"),
 * and a trailing "/" or "/." is kept because it means "follow the last element" and, for
 * "/.", "archive the contents, not the directory".
 *
 * @param raw the path as requested (Docker's error messages quote it unchanged)
 * @param abs the cleaned absolute path, with a trailing "/" or "/." kept
 */
public record ContainerPath(String raw, String abs) {

    public static ContainerPath parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new InvalidArgumentException("path cannot be empty");
        }
        if (raw.indexOf('\0') >= 0) {
            throw new InvalidArgumentException("path contains a NUL byte");
        }
        String clean = "/" + String.join("/", clean(raw));
        if (raw.equals(".") || raw.endsWith("/.")) {
            clean = clean.equals("/") ? "/." : clean + "/.";
        } else if (raw.endsWith("/") && !clean.equals("/")) {
            clean = clean + "/";
        }
        return new ContainerPath(raw, clean);
    }

    /** Lexically cleaned components: "." dropped, ".." pops (and stops at the root). */
    static List<String> clean(String path) {
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
            } else {
                out.add(part);
            }
        }
        return out;
    }

    /** Everything before the last element, relative to the root ("" for the root itself). */
    String parentRelative() {
        return abs.substring(1, abs.lastIndexOf('/') + 1);
    }

    /** The last element as written: "" after a trailing "/", "." after a trailing "/.". */
    String last() {
        return abs.substring(abs.lastIndexOf('/') + 1);
    }

    /** True when the last element itself is to be followed (trailing "/" or "/.", or the root). */
    boolean followsLast() {
        return last().isEmpty() || last().equals(".");
    }

    /** The whole path relative to the root, for a lookup that follows every element. */
    String relative() {
        return abs.substring(1);
    }

    /** Go's filepath.Base of abs: what Docker names the stat and the top archive entry ("/" for the root). */
    public String name() {
        String s = abs;
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.equals("/") ? "/" : s.substring(s.lastIndexOf('/') + 1);
    }
}
