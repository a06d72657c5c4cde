package dev.caisson.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.EngineException;
import dev.caisson.engine.ForbiddenException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.platform.security.AuditFilter;

/** What the dashboard's form handlers share: naming their audit row, a refusal's status, times as shown. */
public final class PageSupport {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private PageSupport() {
    }

    /** The audit row of this request says what was done to what ("user.create", "bob") rather than its path. */
    public static void audit(HttpServletRequest req, String action, String target) {
        req.setAttribute(AuditFilter.ACTION, action);
        req.setAttribute(AuditFilter.TARGET, target);
    }

    /**
     * A form answered with its error: the status the platform API would give, and the address bar
     * left on the page (a boosted form would otherwise show the POST's URL, which has no page).
     */
    public static void refused(HttpServletResponse res, EngineException e, String page) {
        res.setStatus(status(e));
        stayOn(res, page);
    }

    /** The status the platform API gives for an engine error. */
    public static int status(EngineException e) {
        return e instanceof NotFoundException ? 404 : e instanceof ConflictException ? 409
                : e instanceof ForbiddenException ? 403 : 400;
    }

    /**
     * A form answered with its page rather than a redirect: the address bar stays on the page
     * (a boosted form would show the POST's URL, which has no page to reload).
     */
    public static void stayOn(HttpServletResponse res, String page) {
        res.setHeader("HX-Replace-Url", page);
    }

    /** A form answered again with a message per bad field (422), the address bar left on the page. */
    public static void invalid(HttpServletResponse res, String page) {
        res.setStatus(422);
        stayOn(res, page);
    }

    /**
     * Runs a form's change: on success back to the page with the change's message (post,
     * redirect, get); refused, the page again with the message and the platform API's status.
     */
    public static String change(String page, Model model, HttpServletResponse res, RedirectAttributes redirect,
                                Supplier<String> action, Supplier<String> pageAgain) {
        try {
            redirect.addFlashAttribute("message", action.get());
            return "redirect:" + page;
        } catch (EngineException e) {
            refused(res, e, page);
            model.addAttribute("error", e.getMessage());
            return pageAgain.get();
        }
    }

    /** Times on the pages are UTC, labelled so; null: "". */
    public static String utc(Instant t) {
        return t == null ? "" : UTC.format(t);
    }
}
