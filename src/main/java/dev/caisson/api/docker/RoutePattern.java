package dev.caisson.api.docker;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A path pattern of the route table: literal segments, `{x}` (one segment) and `{x*}` (one or
 * more segments, for image names with slashes). Requests are matched segment by segment on the
 * raw path, each segment decoded after splitting, which is how Spring MVC sees the path too: an
 * encoded slash stays inside its segment and cannot move a request onto another route.
 */
final class RoutePattern {
    private final String text;
    private final String[] parts;

    RoutePattern(String text) {
        this.text = text;
        this.parts = text.substring(1).split("/");
    }

    /** The captured reference (the value of the one variable), "" when the pattern has none; null when it does not match. */
    String match(List<String> segments) {
        return match(0, segments, 0, null);
    }

    private String match(int pi, List<String> seg, int si, String captured) {
        if (pi == parts.length) {
            return si == seg.size() ? (captured == null ? "" : captured) : null;
        }
        String p = parts[pi];
        if (p.startsWith("{") && p.endsWith("*}")) {
            int rest = parts.length - pi - 1;
            for (int end = seg.size() - rest; end > si; end--) {   // greedy, at least one segment
                String m = match(pi + 1, seg, end, String.join("/", seg.subList(si, end)));
                if (m != null) {
                    return m;
                }
            }
            return null;
        }
        if (si >= seg.size()) {
            return null;
        }
        if (p.startsWith("{")) {
            return seg.get(si).isEmpty() ? null : match(pi + 1, seg, si + 1, seg.get(si));
        }
        return p.equals(seg.get(si)) ? match(pi + 1, seg, si + 1, captured) : null;
    }

    /** The decoded segments of a raw request path, without the API version prefix ("/v1.41"). */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        for (String s : p.split("/", -1)) {
            out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        if (!out.isEmpty() && out.get(0).matches("v\\d+\\.\\d+")) {
            out.remove(0);
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
