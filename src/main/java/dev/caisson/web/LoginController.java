package dev.caisson.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.caisson.platform.security.CurrentPrincipal;

/**
 * The login page and a minimal signed-in page (the dashboard replaces "/" later). Spring
 * Security handles POST /login and POST /logout; both forms carry the CSRF token (Thymeleaf
 * adds it to every th:action form).
 */
@Controller
class LoginController {
    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("me", CurrentPrincipal.require());
        return "home";
    }
}
