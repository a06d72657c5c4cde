package dev.caisson.engine.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The spec file the shim executes: NUL-terminated strings, each key followed by a fixed
 * number of values (see spec.c). Built as plain values so the deciding is unit-testable.
 */
final class ShimSpec {
    private final List<String> tokens = new ArrayList<>();

    ShimSpec add(String key, Object... values) {
        tokens.add(key);
        for (Object v : values) {
            String s = String.valueOf(v == null ? "" : v);
            if (s.indexOf('\0') >= 0) {
                throw new dev.caisson.engine.InvalidArgumentException("NUL byte in " + key + " value");
            }
            tokens.add(s);
        }
        return this;
    }

    ShimSpec mount(String source, String target, String fstype, long flags, String data) {
        return add("mount", source, target, fstype, Long.toString(flags), data);
    }

    List<String> tokens() {
        return List.copyOf(tokens);
    }

    /** Values of every occurrence of a single-valued key, in order (for tests). */
    List<String> values(String key) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).equals(key) && i + 1 < tokens.size()) {
                out.add(tokens.get(i + 1));
            }
        }
        return out;
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String t : tokens) {
            out.writeBytes(t.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    void writeTo(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes());
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
