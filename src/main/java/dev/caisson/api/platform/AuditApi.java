package dev.caisson.api.platform;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.platform.security.AuditLog;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Browsing and exporting the audit log (admins only). There is no route that changes it. */
@RestController
@Tag(name = "audit", description = "The append-only audit log (admins)")
class AuditApi {
    private final AuditLog log;

    AuditApi(AuditLog log) {
        this.log = log;
    }

    @GetMapping("/api/audit")
    @Operation(summary = "Entries, newest first; page back with before=<id of the last entry seen>; action and target take * wildcards")
    List<AuditLog.Entry> list(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                              @RequestParam(required = false) String target, @RequestParam(required = false) String since,
                              @RequestParam(required = false) String until, @RequestParam(required = false) Integer status,
                              @RequestParam(required = false) Long before, @RequestParam(defaultValue = "100") int limit) {
        return log.query(new AuditLog.Query(actor, action, target, instant(since), instant(until), status, before, limit));
    }

    @GetMapping("/api/audit/export.csv")
    @Operation(summary = "All matching entries as CSV, oldest first")
    void csv(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
             @RequestParam(required = false) String target, @RequestParam(required = false) String since,
             @RequestParam(required = false) String until, @RequestParam(required = false) Integer status,
             HttpServletResponse res) throws IOException {
        AuditLog.Query q = new AuditLog.Query(actor, action, target, instant(since), instant(until), status, null, 0);
        res.setContentType("text/csv;charset=UTF-8");
        res.setHeader("Content-Disposition", "attachment; filename=\"caisson-audit.csv\"");
        Writer w = new OutputStreamWriter(res.getOutputStream(), StandardCharsets.UTF_8);
        log.csv(q, w);
        w.flush();
    }

    private static Instant instant(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidArgumentException("not an ISO-8601 instant: " + s);
        }
    }
}
