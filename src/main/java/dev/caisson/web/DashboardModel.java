package dev.caisson.web;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.caisson.platform.security.CaissonPrincipal;
import dev.caisson.platform.security.CurrentPrincipal;

/** What every dashboard page shows in its header: who is signed in. */
@ControllerAdvice(basePackages = "dev.caisson.web")
class DashboardModel {
    @ModelAttribute("me")
    CaissonPrincipal me() {
        return CurrentPrincipal.get().orElse(null);
    }
}
