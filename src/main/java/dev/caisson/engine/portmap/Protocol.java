package dev.caisson.engine.portmap;

import java.util.Locale;

import dev.caisson.engine.InvalidArgumentException;

/** The transport protocols a port can be published for (Docker also knows sctp; Caisson does not). */
public enum Protocol {
    TCP(6), UDP(17);

    private final int number;

    Protocol(int number) {
        this.number = number;
    }

    /** IP protocol number, as nf_tables' "meta l4proto" loads it. */
    public int number() {
        return number;
    }

    /** "tcp" or "udp", as Docker writes it in "80/tcp". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Protocol parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "", "tcp" -> TCP;
            case "udp" -> UDP;
            case "sctp" -> throw new InvalidArgumentException("sctp ports cannot be published by Caisson");
            default -> throw new InvalidArgumentException("invalid proto: " + s);
        };
    }

    static Protocol ofNumber(int n) {
        for (Protocol p : values()) {
            if (p.number == n) {
                return p;
            }
        }
        return null;
    }
}
