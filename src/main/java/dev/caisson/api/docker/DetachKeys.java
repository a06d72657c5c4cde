package dev.caisson.api.docker;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import dev.caisson.engine.InvalidArgumentException;

/**
 * Docker's detach keys ("ctrl-p,ctrl-q" by default; "a-z", "ctrl-a".."ctrl-z", "ctrl-@",
 * "ctrl-[", "ctrl-\\", "ctrl-]", "ctrl-^", "ctrl-_"): typing the sequence on an attached
 * stdin detaches without stopping the container.
 */
record DetachKeys(byte[] sequence) {
    static final DetachKeys DEFAULT = parse("ctrl-p,ctrl-q");

    static DetachKeys parse(String spec) {
        if (spec == null || spec.isEmpty()) {
            return DEFAULT;
        }
        List<Byte> out = new ArrayList<>();
        for (String k : spec.split(",")) {
            if (k.length() == 1) {
                out.add((byte) k.charAt(0));
            } else if (k.startsWith("ctrl-") && k.length() == 6) {
                char c = Character.toLowerCase(k.charAt(5));
                if (c >= 'a' && c <= 'z') {
                    out.add((byte) (c - 'a' + 1));
                } else if ("@[\\]^_".indexOf(c) >= 0) {
                    out.add((byte) ("@[\\]^_".indexOf(c) == 0 ? 0 : 27 + "[\\]^_".indexOf(c)));
                } else {
                    throw new InvalidArgumentException("Unknown character: '" + k + "'");
                }
            } else {
                throw new InvalidArgumentException("Unknown character: '" + k + "'");
            }
        }
        byte[] b = new byte[out.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = out.get(i);
        }
        return new DetachKeys(b);
    }

    Matcher matcher() {
        return new Matcher();
    }

    record Result(byte[] data, boolean detached) {
    }

    /** Scans a stream for the sequence; bytes of a partial match are held back until it fails. */
    final class Matcher {
        private int matched;

        Result feed(byte[] buf, int n) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(n);
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == sequence[matched]) {
                    if (++matched == sequence.length) {
                        return new Result(out.toByteArray(), true);
                    }
                    continue;
                }
                out.write(sequence, 0, matched);   // a false start: those bytes were input after all
                matched = b == sequence[0] ? 1 : 0;
                if (matched == 0) {
                    out.write(b);
                }
            }
            return new Result(out.toByteArray(), false);
        }
    }
}
