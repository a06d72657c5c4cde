package dev.caisson.web.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The processes tab: pid, state and command line of each process in the container's cgroup, read from /proc. */
final class Processes {
    private Processes() {
    }

    static List<Map<String, String>> of(List<Integer> pids) {
        List<Map<String, String>> out = new ArrayList<>();
        for (int pid : pids) {
            Path proc = Path.of("/proc", Integer.toString(pid));
            try {
                String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                        .replace('\0', ' ').trim();
                String stat = Files.readString(proc.resolve("stat"));
                int close = stat.lastIndexOf(')');
                String[] f = stat.substring(close + 2).split(" ");
                Map<String, String> m = new LinkedHashMap<>();
                m.put("pid", Integer.toString(pid));
                m.put("ppid", f[1]);
                m.put("state", f[0]);
                m.put("command", cmd.isEmpty() ? "[" + stat.substring(stat.indexOf('(') + 1, close) + "]" : cmd);
                out.add(m);
            } catch (IOException | RuntimeException gone) {
                // the process ended while we looked
            }
        }
        return out;
    }
}
