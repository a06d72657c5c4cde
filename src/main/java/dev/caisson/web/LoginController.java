package dev.caisson.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;


/**
 * The login page ("/" leads to the dashboard, see DashboardController). Spring
 * Security handles POST /login and POST /logout; both forms carry the CSRF token (Thymeleaf
 * adds it to every th:action form).
 */
@Controller
class LoginController {
    @GetMapping("/login")
    String login() {
        return "login";
    }
}
