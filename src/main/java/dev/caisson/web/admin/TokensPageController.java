package dev.caisson.web.admin;

import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.caisson.platform.security.ApiTokens;
import dev.caisson.web.PageSupport;
import dev.caisson.web.TokenRow;

/** Every user's API tokens (admins): name, owner, scope, expiry, last use; revoke any. Secrets are never stored, so never shown. */
@Controller
class TokensPageController {
    static final String PAGE = "/ui/admin/tokens";

    private final ApiTokens tokens;

    TokensPageController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping(PAGE)
    String list(@RequestParam(required = false) String user, Model model) {
        Instant now = Instant.now();
        model.addAttribute("user", user == null || user.isBlank() ? null : user);
        model.addAttribute("rows", tokens.listAll().stream().filter(t -> user == null || user.isBlank() || t.user().equals(user))
                .map(t -> TokenRow.of(t, now)).toList());
        return "admin/tokens";
    }

    @PostMapping(PAGE + "/revoke")
    String revoke(@RequestParam long id, Model model, HttpServletRequest req, HttpServletResponse res, RedirectAttributes redirect) {
        String label = tokens.find(id).map(t -> t.user() + "/" + t.name()).orElse(Long.toString(id));
        PageSupport.audit(req, "token.revoke", label);
        return PageSupport.change(PAGE, model, res, redirect, () -> {
            tokens.revokeAny(id);
            return "Revoked token " + label + "; it no longer works";
        }, () -> list(null, model));
    }
}
