package dev.caisson.web.containers;

import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

/** Immediate feedback for htmx requests: an HX-Trigger event the page turns into a toast. */
final class Toasts {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Toasts() {
    }

    static void ok(HttpServletResponse res, String text) {
        res.setHeader("HX-Trigger", JSON.writeValueAsString(Map.of("toast", Map.of("level", "ok", "text", text))));
    }

    static void error(HttpServletResponse res, String text) {
        res.setHeader("HX-Trigger", JSON.writeValueAsString(Map.of("toast", Map.of("level", "error", "text", text))));
    }
}
