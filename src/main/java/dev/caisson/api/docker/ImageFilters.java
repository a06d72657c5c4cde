package dev.caisson.api.docker;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.image.Image;
import dev.caisson.engine.image.ImageStore;
import dev.caisson.engine.image.Reference;

/** The filters of `docker images` and `docker image prune`, as Docker reads them. */
final class ImageFilters {
    private static final Set<String> LIST = Set.of("dangling", "label", "before", "since", "reference");
    private static final Set<String> PRUNE = Set.of("dangling", "label", "label!", "until");

    private ImageFilters() {
    }

    /** For GET /images/json; {@code hasChildren} tells dangling heads from intermediate images. */
    static Predicate<Image> list(FilterArgs f, ImageStore images, Predicate<Image> hasChildren) {
        f.allow(LIST);
        Boolean dangling = f.bool("dangling");
        List<Instant> before = f.get("before").stream().map(r -> images.get(r).created()).toList();
        List<Instant> since = f.get("since").stream().map(r -> images.get(r).created()).toList();
        List<Pattern> refs = f.get("reference").stream().map(ImageFilters::glob).toList();
        return img -> {
            boolean untagged = img.repoTags().isEmpty();
            if (dangling != null && (dangling ? !untagged || hasChildren.test(img) : untagged)) {
                return false;
            }
            if (!f.labelsMatch("label", img.config().labels())) {
                return false;
            }
            Instant created = img.created() == null ? Instant.EPOCH : img.created();
            if (before.stream().anyMatch(b -> !created.isBefore(b)) || since.stream().anyMatch(s -> !created.isAfter(s))) {
                return false;
            }
            return refs.isEmpty() || img.repoTags().stream().anyMatch(t -> refs.stream().anyMatch(p -> matches(p, t)));
        };
    }

    /** With a reference filter Docker lists only the tags that match it. */
    static List<String> shownTags(FilterArgs f, Image img) {
        List<Pattern> refs = f.get("reference").stream().map(ImageFilters::glob).toList();
        return refs.isEmpty() ? img.repoTags()
                : img.repoTags().stream().filter(t -> refs.stream().anyMatch(p -> matches(p, t))).toList();
    }

    /** For POST /images/prune: labels and until (whether only dangling images go is {@link #danglingOnly}). */
    static Predicate<Image> prune(FilterArgs f) {
        f.allow(PRUNE);
        List<Instant> until = f.get("until").stream().map(v -> timestamp(v, Instant.now())).toList();
        return img -> {
            Instant created = img.created() == null ? Instant.EPOCH : img.created();
            if (until.stream().anyMatch(u -> !created.isBefore(u))) {
                return false;
            }
            if (!f.labelsMatch("label", img.config().labels())) {
                return false;
            }
            return !f.has("label!") || !f.labelsMatch("label!", img.config().labels());
        };
    }

    static boolean danglingOnly(FilterArgs f) {
        Boolean d = f.bool("dangling");
        return d == null || d;
    }

    /** Docker's reference filter: the pattern may match "name:tag" or just the name. */
    private static boolean matches(Pattern p, String tag) {
        return p.matcher(tag).matches() || p.matcher(Reference.parse(tag).name()).matches();
    }

    /** A shell glob as Go's path.Match reads it: * and ? stop at '/', [..] classes, \ escapes. */
    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '\\' -> {
                    if (++i == pattern.length()) {
                        throw badPattern();
                    }
                    re.append(Pattern.quote(String.valueOf(pattern.charAt(i))));
                }
                case '[' -> {
                    int end = pattern.indexOf(']', i + 2);
                    if (end < 0) {
                        throw badPattern();
                    }
                    String cls = pattern.substring(i + 1, end);
                    re.append('[').append(cls.startsWith("^") ? "^" + cls.substring(1).replace("[", "\\[")
                            : cls.replace("[", "\\[")).append(']');
                    i = end;
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(re.toString());
        } catch (PatternSyntaxException e) {
            throw badPattern();
        }
    }

    private static InvalidArgumentException badPattern() {
        return new InvalidArgumentException("syntax error in pattern");
    }

    /** Docker's time filter values; one parser for every route (see Timestamps). */
    static Instant timestamp(String v, Instant now) {
        return Timestamps.parse(v, now);
    }
}
