package dev.caisson.platform.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/** {"message": ...} bodies for the platform API's filters, as the Engine API's errors look. */
final class JsonErrors {
    private JsonErrors() {
    }

    static void write(HttpServletResponse res, int status, String message) throws IOException {
        res.setStatus(status);
        res.setContentType("application/json");
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        res.getOutputStream().write(("{\"message\":\"" + escaped + "\"}\n").getBytes(StandardCharsets.UTF_8));
    }
}
