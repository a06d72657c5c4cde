package dev.caisson.engine.network;

import java.util.List;

/** Where {@link FirewallRules} are applied: iptables when the host has it, nothing otherwise. */
interface Firewall {
    /** Makes sure the chains, the host's jumps into them and these rules all exist. */
    void ensure(List<FirewallRules.Rule> rules);

    /** Deletes these rules, and any other rule of Caisson's chains that names the bridge. */
    void remove(List<FirewallRules.Rule> rules, String bridge);

    Firewall NONE = new Firewall() {
        @Override
        public void ensure(List<FirewallRules.Rule> rules) {
        }

        @Override
        public void remove(List<FirewallRules.Rule> rules, String bridge) {
        }
    };
}
