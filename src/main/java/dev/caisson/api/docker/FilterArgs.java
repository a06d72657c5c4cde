package dev.caisson.api.docker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.caisson.engine.InvalidArgumentException;

/**
 * The {@code filters} query parameter of list and prune routes: JSON mapping each filter to
 * its values, either {@code {"dangling":["true"]}} or the older {@code {"dangling":{"true":true}}}.
 */
record FilterArgs(Map<String, List<String>> values) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static FilterArgs parse(String json) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return new FilterArgs(out);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidArgumentException("invalid filters: " + e.getOriginalMessage());
        }
        if (!root.isObject()) {
            throw new InvalidArgumentException("invalid filters: expected a JSON object");
        }
        for (var field : root.properties()) {
            List<String> vals = new ArrayList<>();
            JsonNode v = field.getValue();
            if (v.isArray()) {
                v.forEach(x -> vals.add(x.asString()));
            } else if (v.isObject()) {
                for (var e : v.properties()) {
                    if (e.getValue().asBoolean()) {
                        vals.add(e.getKey());
                    }
                }
            } else {
                throw new InvalidArgumentException("invalid filters: the value of " + field.getKey() + " must be a list");
            }
            out.put(field.getKey(), vals);
        }
        return new FilterArgs(out);
    }

    /** Docker's error for a filter the route does not know. */
    FilterArgs allow(Set<String> names) {
        for (String k : values.keySet()) {
            if (!names.contains(k)) {
                throw new InvalidArgumentException("Invalid filter '" + k + "'");
            }
        }
        return this;
    }

    List<String> get(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean has(String name) {
        return !get(name).isEmpty();
    }

    /** A boolean filter such as dangling; null when absent. */
    Boolean bool(String name) {
        List<String> v = get(name);
        if (v.isEmpty()) {
            return null;
        }
        boolean any = false;
        boolean value = false;
        for (String s : v) {
            boolean b = switch (s.toLowerCase()) {
                case "true", "1" -> true;
                case "false", "0" -> false;
                default -> throw new InvalidArgumentException("Invalid filter '" + name + "=" + v + "'");
            };
            value = any ? value : b;
            any = true;
        }
        return value;
    }

    /** Docker's label matching: every {@code key} or {@code key=value} of the filter holds. */
    boolean labelsMatch(String name, Map<String, String> labels) {
        for (String want : get(name)) {
            int eq = want.indexOf('=');
            String key = eq < 0 ? want : want.substring(0, eq);
            if (!labels.containsKey(key) || (eq >= 0 && !labels.get(key).equals(want.substring(eq + 1)))) {
                return false;
            }
        }
        return true;
    }
}
