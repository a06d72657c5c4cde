package dev.caisson.api.docker;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.caisson.engine.InvalidArgumentException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The `filters` query parameter of list, prune and events routes: JSON mapping each filter
 * name to its values, either as {"name":{"value":true}} (what the docker CLI sends) or as
 * {"name":["value"]}. The match kinds are Docker's: exact, prefix ("fuzzy"), regular
 * expression and label lists. A filter that is not given matches everything.
 */
final class DockerFilters {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Set<String>> values;

    private DockerFilters(Map<String, Set<String>> values) {
        this.values = values;
    }

    static DockerFilters parse(String json) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return new DockerFilters(out);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidArgumentException("invalid filter: " + e.getOriginalMessage());
        }
        if (!root.isObject()) {
            throw new InvalidArgumentException("invalid filter: expected a JSON object");
        }
        for (Map.Entry<String, JsonNode> f : root.properties()) {
            Set<String> vs = new LinkedHashSet<>();
            JsonNode v = f.getValue();
            if (v.isArray()) {
                v.forEach(x -> vs.add(x.asString()));
            } else if (v.isObject()) {
                v.properties().forEach(x -> {
                    if (x.getValue().asBoolean()) {
                        vs.add(x.getKey());
                    }
                });
            } else {
                throw new InvalidArgumentException("invalid filter: the values of '" + f.getKey() + "' must be a list or a map");
            }
            out.put(f.getKey(), vs);
        }
        return new DockerFilters(out);
    }

    /** Docker's 400 for a filter name the route does not know. */
    DockerFilters accept(Set<String> names) {
        for (String k : values.keySet()) {
            if (!names.contains(k)) {
                throw new InvalidArgumentException("Invalid filter '" + k + "'");
            }
        }
        return this;
    }

    boolean has(String name) {
        return values.containsKey(name) && !values.get(name).isEmpty();
    }

    Set<String> values(String name) {
        return values.getOrDefault(name, Set.of());
    }

    boolean exact(String name, String source) {
        return !has(name) || values.get(name).contains(source);
    }

    /** Equal, or source starts with the value (IDs given by prefix). */
    boolean fuzzy(String name, String source) {
        if (!has(name)) {
            return true;
        }
        return source != null && values.get(name).stream().anyMatch(source::startsWith);
    }

    /** Equal, or the value as a regular expression found anywhere in source (names, IDs in `ps`). */
    boolean regex(String name, String source) {
        if (!has(name)) {
            return true;
        }
        for (String v : values.get(name)) {
            if (v.equals(source)) {
                return true;
            }
            try {
                if (Pattern.compile(v).matcher(source).find()) {
                    return true;
                }
            } catch (PatternSyntaxException ignored) {
                // Docker treats a broken expression as no match
            }
        }
        return false;
    }

    /** Every value ("key" or "key=value") must match the labels. */
    boolean labels(String name, Map<String, String> labels) {
        if (!has(name)) {
            return true;
        }
        for (String v : values.get(name)) {
            if (!labelMatches(v, labels)) {
                return false;
            }
        }
        return true;
    }

    static boolean labelMatches(String filter, Map<String, String> labels) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(filter);
        }
        return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }
}
