package dev.caisson.engine.image;

import java.util.regex.Pattern;

import dev.caisson.engine.InvalidArgumentException;

/**
 * A tagged image name such as {@code busybox}, {@code me/app:1} or {@code reg:5000/x/y:tag},
 * kept in Docker's familiar form: Docker Hub's {@code docker.io/library/} prefix is dropped
 * and a missing tag means {@code latest}.
 */
public record Reference(String name, String tag) {
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String DOMAIN = "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?";
    private static final Pattern PATH = Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
    private static final Pattern DOMAIN_RE = Pattern.compile(DOMAIN);
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

    public static Reference parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 255) {
            throw invalid(text);
        }
        if (text.contains("@")) {
            throw new InvalidArgumentException("digest references are not supported here: " + text);
        }
        String name = text;
        String tag = "latest";
        int colon = text.lastIndexOf(':');
        if (colon > text.lastIndexOf('/')) {
            name = text.substring(0, colon);
            tag = text.substring(colon + 1);
        }
        if (!TAG.matcher(tag).matches()) {
            throw invalid(text);
        }
        String path = name;
        int slash = name.indexOf('/');
        if (slash > 0) {
            String first = name.substring(0, slash);
            // Docker's rule: only a first part with '.' or ':' (or localhost) is a registry
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                if (!DOMAIN_RE.matcher(first).matches()) {
                    throw invalid(text);
                }
                path = name.substring(slash + 1);
            }
        }
        if (!PATH.matcher(path).matches()) {
            if (PATH.matcher(path.toLowerCase(java.util.Locale.ROOT)).matches()) {
                throw new InvalidArgumentException("invalid reference format: repository name must be lowercase");
            }
            throw invalid(text);
        }
        return new Reference(familiar(name), tag);
    }

    /**
     * The API's {@code repo} and {@code tag} parameters (tag, import, commit): a non-empty
     * {@code tag} replaces any tag written in {@code repo}.
     */
    public static Reference parse(String repo, String tag) {
        if (repo == null || repo.isEmpty()) {
            throw new InvalidArgumentException("invalid reference format");
        }
        if (tag == null || tag.isEmpty()) {
            return parse(repo);
        }
        if (!TAG.matcher(tag).matches()) {
            throw new InvalidArgumentException("invalid tag format");
        }
        return new Reference(parse(repo).name(), tag);
    }

    private static String familiar(String name) {
        for (String hub : new String[] {"docker.io/", "index.docker.io/"}) {
            if (name.startsWith(hub)) {
                String rest = name.substring(hub.length());
                return rest.startsWith("library/") && rest.indexOf('/', 8) < 0 ? rest.substring(8) : rest;
            }
        }
        return name;
    }

    private static InvalidArgumentException invalid(String text) {
        return new InvalidArgumentException("invalid reference format: " + text);
    }

    @Override
    public String toString() {
        return name + ":" + tag;
    }
}
