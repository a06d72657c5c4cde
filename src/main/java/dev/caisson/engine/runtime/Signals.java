package dev.caisson.engine.runtime;

import java.util.List;
import java.util.Locale;

import dev.caisson.engine.InvalidArgumentException;

/** Signal names and numbers (Linux x86_64/arm64), accepting "SIGTERM", "TERM" and "15". */
public final class Signals {
    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS",
            "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP",
            "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private Signals() {
    }

    public static int parse(String signal) {
        if (signal == null || signal.isBlank()) {
            return SIGTERM;
        }
        String s = signal.trim().toUpperCase(Locale.ROOT);
        if (s.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= 64) {
                return n;
            }
        } else {
            if (s.startsWith("SIG")) {
                s = s.substring(3);
            }
            if (s.startsWith("RTMIN") || s.startsWith("RTMAX")) {
                int base = s.startsWith("RTMIN") ? 34 : 64;
                String off = s.substring(5);
                int n = off.isEmpty() ? 0 : Integer.parseInt(off);
                return base + n;
            }
            int i = NAMES.indexOf(s);
            if (i > 0) {
                return i;
            }
        }
        throw new InvalidArgumentException("Invalid signal: " + signal);
    }

    public static String name(int signal) {
        return signal > 0 && signal < NAMES.size() ? "SIG" + NAMES.get(signal) : Integer.toString(signal);
    }
}
