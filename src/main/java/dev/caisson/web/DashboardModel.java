package dev.caisson.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.caisson.platform.security.CaissonPrincipal;
import dev.caisson.platform.security.CurrentPrincipal;

/** What every dashboard page shows in its header: who is signed in, and which section is open. */
@ControllerAdvice(basePackages = "dev.caisson.web")
class DashboardModel {
    @ModelAttribute("me")
    CaissonPrincipal me() {
        return CurrentPrincipal.get().orElse(null);
    }

    /** "containers" for /ui/containers/abc/logs, "admin/users" for /ui/admin/users: the nav marks it current. */
    @ModelAttribute("section")
    String section(HttpServletRequest req) {
        String[] parts = req.getRequestURI().substring(req.getContextPath().length()).split("/");
        if (parts.length < 3) {
            return "";
        }
        return parts[2].equals("admin") && parts.length > 3 ? "admin/" + parts[3] : parts[2];
    }
}
