package dev.caisson.engine.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.image.json.Json;

/**
 * The Dockerfile instructions {@code docker import -c} and {@code docker commit -c} accept,
 * applied to a config: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME
 * and WORKDIR, with Dockerfile semantics (JSON or shell form, {@code k=v} or legacy {@code k v}
 * pairs, quotes, relative WORKDIR, ENTRYPOINT clearing an inherited CMD). Variables such as
 * {@code $HOME} are not expanded.
 */
public final class ConfigChanges {
    private static final Set<String> VALID = Set.of("cmd", "entrypoint", "env", "expose", "label", "onbuild", "stopsignal",
            "user", "volume", "workdir");
    private static final Pattern PORT = Pattern.compile("(\\d+)(?:-(\\d+))?(?:/(\\w+))?");

    private String user;
    private final List<String> env;
    private List<String> cmd;
    private List<String> entrypoint;
    private String workingDir;
    private final Set<String> ports;
    private final Set<String> volumes;
    private final Map<String, String> labels;
    private String stopSignal;
    private final List<String> onBuild;
    private boolean cmdSet;

    private ConfigChanges(ImageConfig c) {
        user = c.user();
        env = new ArrayList<>(c.env());
        cmd = c.cmd();
        entrypoint = c.entrypoint();
        workingDir = c.workingDir();
        ports = new LinkedHashSet<>(c.exposedPorts());
        volumes = new LinkedHashSet<>(c.volumes());
        labels = new LinkedHashMap<>(c.labels());
        stopSignal = c.stopSignal();
        onBuild = new ArrayList<>(c.onBuild());
    }

    /** {@code base} with the instructions applied in order; each change may hold several lines. */
    public static ImageConfig apply(ImageConfig base, List<String> changes) {
        ConfigChanges c = new ConfigChanges(base == null ? ImageConfig.EMPTY : base);
        for (String change : changes == null ? List.<String>of() : changes) {
            for (String line : change.split("\n")) {
                if (!line.isBlank()) {
                    c.instruction(line.trim());
                }
            }
        }
        return new ImageConfig(c.user, c.env, c.cmd, c.entrypoint, c.workingDir, c.ports, c.volumes, c.labels, c.stopSignal,
                base == null ? null : base.healthcheck(), c.onBuild);
    }

    private void instruction(String line) {
        String[] kv = line.split("\\s+", 2);
        String keyword = kv[0].toLowerCase(Locale.ROOT);
        String rest = kv.length > 1 ? kv[1].trim() : "";
        if (!VALID.contains(keyword)) {
            throw new InvalidArgumentException(keyword + " is not a valid change command");
        }
        if (rest.isEmpty()) {
            throw new InvalidArgumentException(keyword.toUpperCase(Locale.ROOT) + " requires at least one argument");
        }
        switch (keyword) {
            case "cmd" -> {
                cmd = command(rest);
                cmdSet = true;
            }
            case "entrypoint" -> {
                entrypoint = command(rest);
                if (!cmdSet) {
                    cmd = List.of(); // Dockerfile rule: a new ENTRYPOINT drops the CMD it did not set itself
                }
            }
            case "env" -> pairs("ENV", rest).forEach(this::setEnv);
            case "label" -> labels.putAll(pairs("LABEL", rest));
            case "expose" -> Words.split(rest).forEach(this::expose);
            case "volume" -> volumes.addAll(jsonOrWords(rest));
            case "user" -> user = String.join(" ", Words.split(rest));
            case "workdir" -> workingDir = workdir(String.join(" ", Words.split(rest)));
            case "stopsignal" -> stopSignal = Words.split(rest).get(0);
            case "onbuild" -> onBuild.add(onBuildTrigger(rest));
            default -> throw new IllegalStateException(keyword);
        }
    }

    /** JSON form as given; shell form runs through /bin/sh -c. */
    private static List<String> command(String rest) {
        List<String> json = json(rest);
        return json != null ? json : List.of("/bin/sh", "-c", rest);
    }

    private static List<String> jsonOrWords(String rest) {
        List<String> json = json(rest);
        List<String> out = json != null ? json : Words.split(rest);
        if (out.isEmpty() || out.stream().anyMatch(String::isBlank)) {
            throw new InvalidArgumentException("VOLUME specified can not be an empty string");
        }
        return out;
    }

    private static List<String> json(String rest) {
        if (!rest.startsWith("[")) {
            return null;
        }
        try {
            return List.of(Json.MAPPER.readValue(rest, String[].class));
        } catch (tools.jackson.core.JacksonException e) {
            return null; // not a JSON array of strings: Docker then takes the shell form
        }
    }

    /** {@code k=v k2="v 2"}, or the legacy single pair {@code k some value}. */
    private static Map<String, String> pairs(String instruction, String rest) {
        List<String> words = Words.split(rest);
        Map<String, String> out = new LinkedHashMap<>();
        if (!words.get(0).contains("=")) {
            if (words.size() < 2) {
                throw new InvalidArgumentException(instruction + " must have two arguments");
            }
            out.put(words.get(0), String.join(" ", words.subList(1, words.size())));
            return out;
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq < 0) {
                throw new InvalidArgumentException("Syntax error - can't find = in \"" + w + "\". Must be of the form: name=value");
            }
            if (eq == 0) {
                throw new InvalidArgumentException(instruction + " names can not be blank");
            }
            out.put(w.substring(0, eq), w.substring(eq + 1));
        }
        return out;
    }

    private void setEnv(String name, String value) {
        env.removeIf(e -> e.equals(name) || e.startsWith(name + "="));
        env.add(name + "=" + value);
    }

    private void expose(String spec) {
        Matcher m = PORT.matcher(spec);
        if (!m.matches()) {
            throw new InvalidArgumentException("invalid containerPort: " + spec);
        }
        int from = Integer.parseInt(m.group(1));
        int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
        String proto = m.group(3) == null ? "tcp" : m.group(3).toLowerCase(Locale.ROOT);
        if (to < from || to > 65535) {
            throw new InvalidArgumentException("invalid containerPort: " + spec);
        }
        for (int p = from; p <= to; p++) {
            ports.add(p + "/" + proto);
        }
    }

    private String workdir(String requested) {
        Path base = Path.of("/").resolve(workingDir == null ? "" : workingDir);
        return base.resolve(requested).normalize().toString();
    }

    private static String onBuildTrigger(String rest) {
        String trigger = rest.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        if (trigger.equals("ONBUILD")) {
            throw new InvalidArgumentException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        }
        if (trigger.equals("FROM") || trigger.equals("MAINTAINER")) {
            throw new InvalidArgumentException(trigger + " isn't allowed as an ONBUILD trigger");
        }
        return rest;
    }
}
