package dev.caisson.engine.network;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.caisson.engine.SystemException;

/**
 * Applies rules with two processes at most: `iptables-save` to read what exists, then one
 * `iptables-restore --noflush` batch for what is missing (or to delete), which the kernel
 * applies atomically. Only at network create/remove and when the engine opens, never per
 * container. Caisson's chains are declared only when absent: declaring an existing chain in a
 * --noflush batch would empty it. Callers hold the {@link HostLock}, so two engines on one host
 * never race on the shared chains.
 */
final class Iptables implements Firewall {
    private static final System.Logger LOG = System.getLogger(Iptables.class.getName());
    private final String save;
    private final String restore;

    private Iptables(String save, String restore) {
        this.save = save;
        this.restore = restore;
    }

    /** iptables when its tools are installed, else no firewall (with a warning: no isolation, no masquerade). */
    static Firewall detect() {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path s = Path.of(dir, "iptables-save");
            Path r = Path.of(dir, "iptables-restore");
            if (Files.isExecutable(s) && Files.isExecutable(r)) {
                return new Iptables(s.toString(), r.toString());
            }
        }
        LOG.log(System.Logger.Level.WARNING, "iptables not found: networks are neither isolated nor masqueraded");
        return Firewall.NONE;
    }

    @Override
    public void ensure(List<FirewallRules.Rule> rules) {
        Map<String, Set<String>> present = read();
        Map<String, List<String>> batch = new LinkedHashMap<>();
        for (FirewallRules.Rule chain : FirewallRules.chains()) {
            String name = chain.spec().substring(3);
            if (!present.get(chain.table()).contains("-N " + name)) {
                batch.computeIfAbsent(chain.table(), t -> new ArrayList<>()).add(":" + name + " - [0:0]");
            }
        }
        for (FirewallRules.Rule r : FirewallRules.base()) {
            if (!present.get(r.table()).contains(r.spec())) {
                // jumps go first: the host's own rules and our network rules come after
                batch.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r.spec().replaceFirst("^-A (\\S+)", "-I $1 1"));
            }
        }
        for (FirewallRules.Rule r : rules) {
            if (!present.get(r.table()).contains(r.spec())) {
                batch.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r.spec());
            }
        }
        apply(batch);
    }

    @Override
    public void remove(List<FirewallRules.Rule> rules, String bridge) {
        Map<String, Set<String>> present = read();
        Map<String, List<String>> batch = new LinkedHashMap<>();
        Set<String> chains = Set.of(FirewallRules.FORWARD, FirewallRules.ISOLATION_1, FirewallRules.ISOLATION_2,
                FirewallRules.POSTROUTING);
        boolean othersLeft = false;
        for (Map.Entry<String, Set<String>> table : present.entrySet()) {
            for (String spec : table.getValue()) {
                String[] w = spec.split(" ");
                boolean ours = w.length > 1 && w[0].equals("-A") && chains.contains(w[1]);
                if (ours && (rules.contains(new FirewallRules.Rule(table.getKey(), spec)) || FirewallRules.mentions(spec, bridge))) {
                    batch.computeIfAbsent(table.getKey(), t -> new ArrayList<>()).add("-D" + spec.substring(2));
                } else if (ours && !FirewallRules.base().contains(new FirewallRules.Rule(table.getKey(), spec))) {
                    othersLeft = true;
                }
            }
        }
        if (!othersLeft) {
            // the last bridge network on this host is gone: so are the jumps and chains, nothing stays behind
            for (FirewallRules.Rule r : FirewallRules.base()) {
                if (present.get(r.table()).contains(r.spec())) {
                    batch.computeIfAbsent(r.table(), t -> new ArrayList<>()).add("-D" + r.spec().substring(2));
                }
            }
            for (FirewallRules.Rule chain : FirewallRules.chains()) {
                if (present.get(chain.table()).contains(chain.spec())) {
                    batch.computeIfAbsent(chain.table(), t -> new ArrayList<>()).add("-X" + chain.spec().substring(2));
                }
            }
        }
        apply(batch);
    }

    /** table → the `iptables -S` lines of the filter and nat tables (chains as "-N name"). */
    private Map<String, Set<String>> read() {
        String out = run(List.of(save, "-t", "filter"), null) + run(List.of(save, "-t", "nat"), null);
        Map<String, Set<String>> present = new LinkedHashMap<>();
        present.put("filter", new LinkedHashSet<>());
        present.put("nat", new LinkedHashSet<>());
        String table = null;
        for (String line : out.lines().toList()) {
            if (line.startsWith("*")) {
                table = line.substring(1).trim();
                present.computeIfAbsent(table, t -> new LinkedHashSet<>());
            } else if (table != null && line.startsWith(":")) {
                present.get(table).add("-N " + line.substring(1).split(" ")[0]);
            } else if (table != null && line.startsWith("-A ")) {
                present.get(table).add(line.trim());
            }
        }
        return present;
    }

    private void apply(Map<String, List<String>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        batch.forEach((table, lines) -> {
            sb.append('*').append(table).append('\n');
            lines.forEach(l -> sb.append(l).append('\n'));
            sb.append("COMMIT\n");
        });
        run(List.of(restore, "-w", "--noflush"), sb.toString());
    }

    private static String run(List<String> cmd, String input) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                if (input != null) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SystemException(String.join(" ", cmd) + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new SystemException(String.join(" ", cmd) + " failed: " + out.trim()
                        + (input == null ? "" : " (input: " + input.replace('\n', ';') + ")"));
            }
            return out;
        } catch (IOException e) {
            throw new SystemException(cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SystemException(cmd.get(0) + " interrupted", e);
        }
    }
}
