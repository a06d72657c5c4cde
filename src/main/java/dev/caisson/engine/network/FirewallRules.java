package dev.caisson.engine.network;

import java.util.ArrayList;
import java.util.List;

/**
 * The iptables rules Caisson keeps, all in its own chains, as `iptables -S` prints them (so
 * the rules present can be compared by text). The host's chains get one jump each, to:
 * <pre>
 *   filter FORWARD      -j CAISSON-FORWARD
 *   nat    POSTROUTING  -j CAISSON-POSTROUTING
 * </pre>
 * CAISSON-FORWARD first sends everything through CAISSON-ISOLATION-1, which, for a packet
 * leaving one Caisson bridge for another, jumps to CAISSON-ISOLATION-2, where it is dropped
 * (networks cannot reach each other). An internal network's packets may not leave its bridge
 * nor enter it from elsewhere. Then per network: traffic within the bridge, out of it, and
 * replies back in are accepted (the host's FORWARD policy may be DROP), and what leaves a
 * non-internal subnet for the outside is masqueraded.
 */
final class FirewallRules {
    static final String FORWARD = "CAISSON-FORWARD";
    static final String ISOLATION_1 = "CAISSON-ISOLATION-1";
    static final String ISOLATION_2 = "CAISSON-ISOLATION-2";
    static final String POSTROUTING = "CAISSON-POSTROUTING";

    /** One rule: its table and its `iptables -S` text ("-A CHAIN ..."). */
    record Rule(String table, String spec) {
        String chain() {
            return spec.split(" ")[1];
        }
    }

    private FirewallRules() {
    }

    /** The chains, with the table each lives in. */
    static List<Rule> chains() {
        return List.of(new Rule("filter", "-N " + FORWARD), new Rule("filter", "-N " + ISOLATION_1),
                new Rule("filter", "-N " + ISOLATION_2), new Rule("nat", "-N " + POSTROUTING));
    }

    /** Rules that exist once, whatever networks there are; the host jumps go first in their chains. */
    static List<Rule> base() {
        return List.of(new Rule("filter", "-A FORWARD -j " + FORWARD), new Rule("nat", "-A POSTROUTING -j " + POSTROUTING),
                new Rule("filter", "-A " + FORWARD + " -j " + ISOLATION_1));
    }

    /** One bridge network's rules. */
    static List<Rule> forNetwork(String bridge, String subnet, boolean internal) {
        List<Rule> r = new ArrayList<>();
        if (internal) {
            r.add(filter("-A " + ISOLATION_1 + " -i " + bridge + " ! -o " + bridge + " -j DROP"));
            r.add(filter("-A " + ISOLATION_1 + " ! -i " + bridge + " -o " + bridge + " -j DROP"));
            r.add(filter("-A " + FORWARD + " -i " + bridge + " -o " + bridge + " -j ACCEPT"));
            return r;
        }
        r.add(filter("-A " + ISOLATION_1 + " -i " + bridge + " ! -o " + bridge + " -j " + ISOLATION_2));
        r.add(filter("-A " + ISOLATION_2 + " -o " + bridge + " -j DROP"));
        r.add(filter("-A " + FORWARD + " -o " + bridge + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"));
        r.add(filter("-A " + FORWARD + " -i " + bridge + " ! -o " + bridge + " -j ACCEPT"));
        r.add(filter("-A " + FORWARD + " -i " + bridge + " -o " + bridge + " -j ACCEPT"));
        r.add(new Rule("nat", "-A " + POSTROUTING + " -s " + subnet + " ! -o " + bridge + " -j MASQUERADE"));
        return r;
    }

    /** Whether a rule printed by `iptables -S` concerns this bridge (for removing what a crash left). */
    static boolean mentions(String spec, String bridge) {
        List<String> words = List.of(spec.split(" "));
        for (int i = 0; i + 1 < words.size(); i++) {
            if ((words.get(i).equals("-i") || words.get(i).equals("-o")) && words.get(i + 1).equals(bridge)) {
                return true;
            }
        }
        return false;
    }

    private static Rule filter(String spec) {
        return new Rule("filter", spec);
    }
}
