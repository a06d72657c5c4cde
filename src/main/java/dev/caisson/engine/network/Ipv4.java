package dev.caisson.engine.network;

import dev.caisson.engine.InvalidArgumentException;

/** IPv4 addresses as ints and subnets as (address, prefix length): the arithmetic IPAM needs. */
final class Ipv4 {
    private Ipv4() {
    }

    /** "a.b.c.d" → int; null when it is not a dotted-quad IPv4 address. */
    static Integer parseOrNull(String s) {
        if (s == null) {
            return null;
        }
        String[] p = s.trim().split("\\.", -1);
        if (p.length != 4) {
            return null;
        }
        int v = 0;
        for (String part : p) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int b = Integer.parseInt(part);
            if (b > 255) {
                return null;
            }
            v = (v << 8) | b;
        }
        return v;
    }

    static int parse(String s) {
        Integer v = parseOrNull(s);
        if (v == null) {
            throw new InvalidArgumentException("invalid IPv4 address: " + s);
        }
        return v;
    }

    static String format(int ip) {
        return ((ip >>> 24) & 255) + "." + ((ip >>> 16) & 255) + "." + ((ip >>> 8) & 255) + "." + (ip & 255);
    }

    static byte[] bytes(int ip) {
        return new byte[]{(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip};
    }

    static int fromBytes(byte[] b) {
        return ((b[0] & 255) << 24) | ((b[1] & 255) << 16) | ((b[2] & 255) << 8) | (b[3] & 255);
    }

    /** Docker's MAC for a container address: 02:42 followed by the four address bytes. */
    static byte[] mac(int ip) {
        byte[] a = bytes(ip);
        return new byte[]{2, 0x42, a[0], a[1], a[2], a[3]};
    }

    static String formatMac(byte[] mac) {
        StringBuilder sb = new StringBuilder();
        for (byte b : mac) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02x", b & 255));
        }
        return sb.toString();
    }

    /** An IPv4 subnet: its network address (host bits cleared) and prefix length. */
    record Subnet(int network, int prefix) {
        Subnet {
            if (prefix < 0 || prefix > 32) {
                throw new IllegalArgumentException("prefix " + prefix);
            }
            network = network & mask(prefix);
        }

        /** "a.b.c.d/n"; Docker's message for anything else, and for an IPv6 subnet a clear refusal. */
        static Subnet parse(String cidr) {
            if (cidr != null && cidr.contains(":")) {
                throw new InvalidArgumentException("IPv6 is not supported by Caisson's networks: " + cidr);
            }
            int slash = cidr == null ? -1 : cidr.indexOf('/');
            Integer ip = slash < 0 ? null : parseOrNull(cidr.substring(0, slash));
            String len = slash < 0 ? "" : cidr.substring(slash + 1);
            if (ip == null || len.isEmpty() || len.length() > 2 || !len.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(len) > 32) {
                throw new InvalidArgumentException("invalid CIDR address: " + cidr);
            }
            return new Subnet(ip, Integer.parseInt(len));
        }

        static int mask(int prefix) {
            return prefix == 0 ? 0 : -1 << (32 - prefix);
        }

        int broadcast() {
            return network | ~mask(prefix);
        }

        boolean contains(int ip) {
            return (ip & mask(prefix)) == network;
        }

        boolean overlaps(Subnet o) {
            int p = Math.min(prefix, o.prefix);
            return (network & mask(p)) == (o.network & mask(p));
        }

        /** Whether all of o lies inside this subnet. */
        boolean covers(Subnet o) {
            return o.prefix >= prefix && contains(o.network);
        }

        /** The n-th address of the subnet (1 = the first host address, Docker's default gateway). */
        int address(long n) {
            return (int) (network + n);
        }

        long size() {
            return 1L << (32 - prefix);
        }

        @Override
        public String toString() {
            return format(network) + "/" + prefix;
        }
    }
}
