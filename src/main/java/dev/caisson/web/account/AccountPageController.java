package dev.caisson.web.account;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.EngineException;
import dev.caisson.platform.security.ApiTokens;
import dev.caisson.platform.security.CaissonPrincipal;
import dev.caisson.platform.security.CurrentPrincipal;
import dev.caisson.platform.security.Teams;
import dev.caisson.platform.security.UserAccounts;
import dev.caisson.web.PageSupport;
import dev.caisson.web.TokenRow;

/**
 * My account, for every role: change my password (the current one required), and my API
 * tokens: create one (its secret is on the answer page only), list and revoke them. The rules
 * are MeApi's, through the same services; a viewer's full-scope token still acts as a viewer.
 */
@Controller
class AccountPageController {
    static final String PAGE = "/ui/account";

    private final UserAccounts users;
    private final Teams teams;
    private final ApiTokens tokens;

    AccountPageController(UserAccounts users, Teams teams, ApiTokens tokens) {
        this.users = users;
        this.teams = teams;
        this.tokens = tokens;
    }

    @GetMapping(PAGE)
    String show(Model model) {
        CaissonPrincipal me = CurrentPrincipal.require();
        Instant now = Instant.now();
        model.addAttribute("myTeams", teams.teamsOf(me.userId()));
        model.addAttribute("tokens", tokens.list(me.userId()).stream().map(t -> TokenRow.of(t, now)).toList());
        model.addAttribute("minPassword", UserAccounts.MIN_PASSWORD);
        model.addAttribute("maxDays", ApiTokens.MAX_DAYS);
        if (!model.containsAttribute("tokenForm")) {
            model.addAttribute("tokenForm", new TokenForm());
        }
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "account/account";
    }

    @PostMapping(PAGE + "/password")
    String password(@RequestParam(defaultValue = "") String currentPassword, @RequestParam(defaultValue = "") String newPassword,
                    @RequestParam(defaultValue = "") String confirmPassword, Model model, HttpServletRequest req,
                    HttpServletResponse res, RedirectAttributes redirect) {
        CaissonPrincipal me = CurrentPrincipal.require();
        PageSupport.audit(req, "me.password", me.name());
        Map<String, String> errors = new LinkedHashMap<>();
        if (UserAccounts.passwordProblem(newPassword) != null) {
            errors.put("newPassword", UserAccounts.passwordProblem(newPassword));
        } else if (!newPassword.equals(confirmPassword)) {
            errors.put("confirmPassword", "the two new passwords differ");
        } else {
            try {
                users.changePassword(me.userId(), currentPassword, newPassword);
                redirect.addFlashAttribute("message", "Password changed: use the new one at your next sign-in");
                return "redirect:" + PAGE;
            } catch (EngineException e) {
                errors.put("currentPassword", e.getMessage());   // the new one passed the checks above
            }
        }
        PageSupport.invalid(res, PAGE);
        model.addAttribute("errors", errors);
        return show(model);
    }

    @PostMapping(PAGE + "/tokens")
    String create(@ModelAttribute("tokenForm") TokenForm form, Model model, HttpServletRequest req, HttpServletResponse res) {
        CaissonPrincipal me = CurrentPrincipal.require();
        PageSupport.audit(req, "me.token.create", me.name() + "/" + form.getName());
        Map<String, String> errors = form.errors();
        if (errors.isEmpty()) {
            try {
                ApiTokens.Issued issued = tokens.create(me.userId(), form.getName(), form.scope(), form.expires());
                // the secret is in this answer only: no cache, and no copy in htmx's history (the template says so too)
                res.setHeader("Cache-Control", "no-store");
                res.setHeader("HX-Replace-Url", PAGE);
                model.addAttribute("issued", issued);
                model.addAttribute("dockerHost", dockerHost());
                model.addAttribute("tokenForm", new TokenForm());
                return show(model);
            } catch (ConflictException e) {
                errors.put("name", e.getMessage());
            } catch (EngineException e) {
                errors.put(ApiTokens.nameProblem(form.getName()) != null ? "name" : "expiresInDays", e.getMessage());
            }
        }
        PageSupport.invalid(res, PAGE);
        model.addAttribute("errors", errors);
        return show(model);
    }

    @PostMapping(PAGE + "/tokens/revoke")
    String revoke(@RequestParam long id, Model model, HttpServletRequest req, HttpServletResponse res, RedirectAttributes redirect) {
        CaissonPrincipal me = CurrentPrincipal.require();
        String label = tokens.list(me.userId()).stream().filter(t -> t.id() == id).map(ApiTokens.Token::name).findFirst()
                .orElse(Long.toString(id));
        PageSupport.audit(req, "me.token.revoke", me.name() + "/" + label);
        return PageSupport.change(PAGE, model, res, redirect, () -> {
            tokens.revoke(me.userId(), id);   // only one's own: another user's ID is "no such token"
            return "Revoked token " + label + "; it no longer works";
        }, () -> show(model));
    }

    /** The Engine API over TCP is this same port (docs/security.md): what to put in DOCKER_HOST. */
    private static String dockerHost() {
        var uri = ServletUriComponentsBuilder.fromCurrentRequest().build();
        return "tcp://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }
}
