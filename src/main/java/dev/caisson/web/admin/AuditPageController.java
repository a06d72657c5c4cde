package dev.caisson.web.admin;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.platform.security.AuditLog;
import dev.caisson.platform.security.UserAccounts;
import dev.caisson.web.PageSupport;

/**
 * The audit log (admins): newest first, a page at a time, filtered by user, action, target,
 * outcome and time; the same filters download every matching row as CSV (AuditLog quotes and
 * streams it). The log is append-only: this page has nothing that changes it.
 */
@Controller
class AuditPageController {
    static final String PAGE = "/ui/admin/audit";
    static final int PAGE_SIZE = 100;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** One line of the table. */
    public record Row(long id, String time, AuditLog.Entry entry) {
    }

    private final AuditLog log;
    private final UserAccounts users;

    AuditPageController(AuditLog log, UserAccounts users) {
        this.log = log;
        this.users = users;
    }

    @GetMapping(PAGE)
    String list(@ModelAttribute("search") AuditSearch search, @RequestParam(required = false) Long before, Model model,
                HttpServletResponse res) {
        List<AuditLog.Entry> entries = List.of();
        try {
            entries = log.query(search.query(before, PAGE_SIZE + 1));   // one more: is there an older page?
        } catch (InvalidArgumentException e) {
            res.setStatus(400);
            model.addAttribute("error", e.getMessage());
        }
        boolean older = entries.size() > PAGE_SIZE;
        List<Row> rows = entries.stream().limit(PAGE_SIZE).map(e -> new Row(e.id(), PageSupport.utc(e.time()), e)).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("olderLink", older ? search.link(PAGE, "before", rows.get(rows.size() - 1).id()) : null);
        model.addAttribute("newestLink", before != null ? search.link(PAGE) : null);
        model.addAttribute("csvLink", search.link(PAGE + "/export.csv"));
        model.addAttribute("users", users.list().stream().map(UserAccounts.User::name).toList());
        model.addAttribute("outcomes", AuditSearch.Outcome.values());
        return "admin/audit";
    }

    @GetMapping(PAGE + "/export.csv")
    void csv(@ModelAttribute AuditSearch search, HttpServletResponse res) throws IOException {
        AuditLog.Query q = search.query(null, 0);   // a bad time fails here, before the answer starts
        res.setContentType("text/csv;charset=UTF-8");
        res.setHeader("Content-Disposition", "attachment; filename=\"caisson-audit-" + FILE_TIME.format(Instant.now()) + ".csv\"");
        res.setHeader("Cache-Control", "no-store");
        Writer w = new BufferedWriter(new OutputStreamWriter(res.getOutputStream(), StandardCharsets.UTF_8));
        log.csv(q, w);
        w.flush();
    }
}
