package dev.caisson.web.containers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run form, kept apart from the engine's types: what the user typed, turned into the
 * create body the docker CLI would send for the same `docker run` flags. Each field that
 * cannot be read gets a message of its own.
 */
public class RunForm {
    private static final Pattern PORT = Pattern.compile("(?:(\\d{1,3}(?:\\.\\d{1,3}){3}):)?(?:(\\d{0,5}):)?(\\d{1,5})(?:/(tcp|udp|sctp))?");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmg]?)i?b?", Pattern.CASE_INSENSITIVE);
    private static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(?::(\\d+))?");

    private String image = "";
    private String name = "";
    private String command = "";
    private String entrypoint = "";
    private String env = "";
    private String ports = "";
    private String volumes = "";
    private String network = "";
    private String restart = "no";
    private String memory = "";
    private String cpus = "";
    private String labels = "";

    /** Field → message; empty when the form can be submitted. */
    public Map<String, String> errors() {
        Map<String, String> e = new LinkedHashMap<>();
        if (image.isBlank()) {
            e.put("image", "An image is required.");
        }
        if (!name.isBlank() && !name.matches("/?[a-zA-Z0-9][a-zA-Z0-9_.-]+")) {
            e.put("name", "Names are [a-zA-Z0-9][a-zA-Z0-9_.-]+ (at least two characters).");
        }
        try {
            Words.split(command);
            Words.split(entrypoint);
        } catch (IllegalArgumentException ex) {
            e.put("command", ex.getMessage());
        }
        lines(env).stream().filter(l -> l.startsWith("=")).findFirst()
                .ifPresent(l -> e.put("env", "Invalid environment variable: " + l));
        lines(labels).stream().filter(l -> l.startsWith("=")).findFirst()
                .ifPresent(l -> e.put("labels", "Invalid label: " + l));
        lines(ports).stream().filter(l -> !PORT.matcher(l).matches()).findFirst()
                .ifPresent(l -> e.put("ports", "Invalid port: " + l + " (use [ip:][hostPort:]containerPort[/tcp|udp])"));
        lines(volumes).stream().filter(l -> l.split(":").length < 2 || l.split(":").length > 3).findFirst()
                .ifPresent(l -> e.put("volumes", "Invalid volume: " + l + " (use source:/path[:ro])"));
        if (!RESTART.matcher(restart).matches()) {
            e.put("restart", "Use no, always, unless-stopped or on-failure[:N].");
        }
        if (!memory.isBlank() && bytes(memory) < 0) {
            e.put("memory", "Invalid memory: " + memory + " (e.g. 256m, 1g)");
        }
        if (!cpus.isBlank()) {
            try {
                if (Double.parseDouble(cpus) <= 0) {
                    e.put("cpus", "CPUs must be more than 0.");
                }
            } catch (NumberFormatException ex) {
                e.put("cpus", "Invalid CPUs: " + cpus + " (e.g. 0.5)");
            }
        }
        return e;
    }

    /** The create body, as `docker run` would send it (call only when {@link #errors()} is empty). */
    public Map<String, Object> toDockerRequest() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("Image", image.trim());
        List<String> cmd = Words.split(command);
        if (!cmd.isEmpty()) {
            r.put("Cmd", cmd);
        }
        List<String> ep = Words.split(entrypoint);
        if (!ep.isEmpty()) {
            r.put("Entrypoint", ep);
        }
        r.put("Env", lines(env));
        Map<String, String> l = new LinkedHashMap<>();
        for (String line : lines(labels)) {
            int eq = line.indexOf('=');
            l.put(eq < 0 ? line : line.substring(0, eq), eq < 0 ? "" : line.substring(eq + 1));
        }
        r.put("Labels", l);
        Map<String, Object> exposed = new LinkedHashMap<>();
        Map<String, List<Map<String, String>>> bindings = new LinkedHashMap<>();
        for (String p : lines(ports)) {
            Matcher m = PORT.matcher(p);
            m.matches();
            String key = m.group(3) + "/" + (m.group(4) == null ? "tcp" : m.group(4));
            exposed.put(key, Map.of());
            bindings.computeIfAbsent(key, k -> new ArrayList<>()).add(Map.of(
                    "HostIp", m.group(1) == null ? "" : m.group(1), "HostPort", m.group(2) == null ? "" : m.group(2)));
        }
        if (!exposed.isEmpty()) {
            r.put("ExposedPorts", exposed);
        }
        Map<String, Object> host = new LinkedHashMap<>();
        if (!bindings.isEmpty()) {
            host.put("PortBindings", bindings);
        }
        if (!lines(volumes).isEmpty()) {
            host.put("Binds", lines(volumes));
        }
        if (!network.isBlank()) {
            host.put("NetworkMode", network.trim());
        }
        Matcher rp = RESTART.matcher(restart);
        rp.matches();
        host.put("RestartPolicy", Map.of("Name", restart.startsWith("on-failure") ? "on-failure" : restart,
                "MaximumRetryCount", rp.group(1) == null ? 0 : Integer.parseInt(rp.group(1))));
        if (!memory.isBlank()) {
            host.put("Memory", bytes(memory));
        }
        if (!cpus.isBlank()) {
            host.put("NanoCpus", Math.round(Double.parseDouble(cpus) * 1e9));
        }
        r.put("HostConfig", host);
        return r;
    }

    private static List<String> lines(String s) {
        return s == null ? List.of() : s.lines().map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    /** Docker's RAMInBytes: 512, 256k, 64m, 1g (binary units); -1 when unreadable. */
    static long bytes(String s) {
        Matcher m = SIZE.matcher(s.trim());
        if (!m.matches()) {
            return -1;
        }
        double v = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            default -> 1;
        };
        return (long) (v * unit);
    }

    // getters and setters for the form binding
    public String getImage() { return image; }
    public void setImage(String v) { image = v == null ? "" : v; }
    public String getName() { return name; }
    public void setName(String v) { name = v == null ? "" : v; }
    public String getCommand() { return command; }
    public void setCommand(String v) { command = v == null ? "" : v; }
    public String getEntrypoint() { return entrypoint; }
    public void setEntrypoint(String v) { entrypoint = v == null ? "" : v; }
    public String getEnv() { return env; }
    public void setEnv(String v) { env = v == null ? "" : v; }
    public String getPorts() { return ports; }
    public void setPorts(String v) { ports = v == null ? "" : v; }
    public String getVolumes() { return volumes; }
    public void setVolumes(String v) { volumes = v == null ? "" : v; }
    public String getNetwork() { return network; }
    public void setNetwork(String v) { network = v == null ? "" : v; }
    public String getRestart() { return restart; }
    public void setRestart(String v) { restart = v == null || v.isBlank() ? "no" : v.trim(); }
    public String getMemory() { return memory; }
    public void setMemory(String v) { memory = v == null ? "" : v; }
    public String getCpus() { return cpus; }
    public void setCpus(String v) { cpus = v == null ? "" : v; }
    public String getLabels() { return labels; }
    public void setLabels(String v) { labels = v == null ? "" : v; }
}
