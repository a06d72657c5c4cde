package dev.caisson.web.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.caisson.engine.EngineException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.platform.security.ApiTokens;
import dev.caisson.platform.security.CurrentPrincipal;
import dev.caisson.platform.security.Role;
import dev.caisson.platform.security.Teams;
import dev.caisson.platform.security.UserAccounts;
import dev.caisson.web.PageSupport;

/**
 * The users page (admins; PlatformSecurity refuses everyone else): every user with role, teams
 * and number of tokens; create one, change a role, set a password, disable, enable or remove,
 * with the platform API's rules (UserAccounts: nobody demotes, disables or removes themselves,
 * the bootstrap admin stays an admin). Changes post, then redirect back with a message.
 */
@Controller
class UsersPageController {
    static final String PAGE = "/ui/admin/users";

    /** One line of the table. */
    public record Row(String name, Role role, List<String> teams, String created, boolean enabled, boolean hasPassword,
                      long tokens, boolean me, boolean bootstrap) {
    }

    /** The create form as typed. */
    public static class NewUser {
        private String name = "";
        private String role = Role.OPERATOR.name();
        private String password = "";

        public String getName() { return name; }
        public void setName(String v) { name = v == null ? "" : v.trim(); }
        public String getRole() { return role; }
        public void setRole(String v) { role = v; }
        public String getPassword() { return password; }
        public void setPassword(String v) { password = v == null ? "" : v; }
    }

    private final UserAccounts users;
    private final Teams teams;
    private final ApiTokens tokens;

    UsersPageController(UserAccounts users, Teams teams, ApiTokens tokens) {
        this.users = users;
        this.teams = teams;
        this.tokens = tokens;
    }

    @GetMapping(PAGE)
    String list(Model model) {
        if (!model.containsAttribute("newUser")) {
            model.addAttribute("newUser", new NewUser());
        }
        model.addAttribute("errors", model.getAttribute("errors") == null ? Map.of() : model.getAttribute("errors"));
        Map<String, List<String>> teamsOf = new LinkedHashMap<>();
        teams.list().forEach(t -> t.members().forEach(m -> teamsOf.computeIfAbsent(m, k -> new ArrayList<>()).add(t.name())));
        Map<String, Long> tokenCount = tokens.listAll().stream().collect(Collectors.groupingBy(ApiTokens.Token::user, Collectors.counting()));
        long me = CurrentPrincipal.require().userId();
        model.addAttribute("rows", users.list().stream().map(u -> new Row(u.name(), u.role(), teamsOf.getOrDefault(u.name(), List.of()),
                PageSupport.utc(u.created()), u.enabled(), u.hasPassword(), tokenCount.getOrDefault(u.name(), 0L), u.id() == me,
                u.name().equals(UserAccounts.ADMIN))).toList());
        model.addAttribute("roles", Role.values());
        model.addAttribute("minPassword", UserAccounts.MIN_PASSWORD);
        return "admin/users";
    }

    @PostMapping(PAGE)
    String create(@ModelAttribute("newUser") NewUser form, Model model, HttpServletRequest req, HttpServletResponse res,
                  RedirectAttributes redirect) {
        PageSupport.audit(req, "user.create", form.getName());
        Map<String, String> errors = new LinkedHashMap<>();
        if (UserAccounts.nameProblem(form.getName()) != null) {
            errors.put("name", UserAccounts.nameProblem(form.getName()));
        }
        if (UserAccounts.passwordProblem(form.getPassword()) != null) {
            errors.put("password", UserAccounts.passwordProblem(form.getPassword()));
        }
        Role role = null;
        try {
            role = parseRole(form.getRole());
        } catch (InvalidArgumentException e) {
            errors.put("role", e.getMessage());
        }
        if (errors.isEmpty()) {
            try {
                users.create(form.getName(), role, form.getPassword());
                redirect.addFlashAttribute("message", "Created user " + form.getName() + " (" + role + ")");
                return "redirect:" + PAGE;
            } catch (EngineException e) {
                errors.put("name", e.getMessage());   // the one left: the name is taken
            }
        }
        PageSupport.invalid(res, PAGE);
        model.addAttribute("errors", errors);
        return list(model);
    }

    @PostMapping(PAGE + "/role")
    String role(@RequestParam String name, @RequestParam String role, Model model, HttpServletRequest req, HttpServletResponse res,
                RedirectAttributes redirect) {
        PageSupport.audit(req, "user.role", name);
        return PageSupport.change(PAGE, model, res, redirect, () -> {
            Role r = parseRole(role);
            users.update(CurrentPrincipal.require(), users.get(name).id(), r, null);
            return name + " is now " + r;
        }, () -> list(model));
    }

    @PostMapping(PAGE + "/password")
    String password(@RequestParam String name, @RequestParam String password, Model model, HttpServletRequest req,
                    HttpServletResponse res, RedirectAttributes redirect) {
        PageSupport.audit(req, "user.password", name);
        return PageSupport.change(PAGE, model, res, redirect, () -> {
            users.setPassword(users.get(name).id(), password);
            return "Set a new password for " + name;
        }, () -> list(model));
    }

    @PostMapping(PAGE + "/enabled")
    String enabled(@RequestParam String name, @RequestParam boolean enabled, Model model, HttpServletRequest req,
                   HttpServletResponse res, RedirectAttributes redirect) {
        PageSupport.audit(req, enabled ? "user.enable" : "user.disable", name);
        return PageSupport.change(PAGE, model, res, redirect, () -> {
            users.update(CurrentPrincipal.require(), users.get(name).id(), null, enabled);
            return (enabled ? "Enabled " : "Disabled ") + name;
        }, () -> list(model));
    }

    @PostMapping(PAGE + "/delete")
    String delete(@RequestParam String name, Model model, HttpServletRequest req, HttpServletResponse res,
                  RedirectAttributes redirect) {
        PageSupport.audit(req, "user.remove", name);
        return PageSupport.change(PAGE, model, res, redirect, () -> {
            users.delete(CurrentPrincipal.require(), users.get(name).id());
            return "Removed user " + name + "; what they owned now belongs to " + UserAccounts.ADMIN;
        }, () -> list(model));
    }

    private static Role parseRole(String s) {
        try {
            return Role.parse(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
    }
}
