package dev.caisson.web.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.caisson.platform.security.Teams;
import dev.caisson.platform.security.UserAccounts;
import dev.caisson.web.PageSupport;

/**
 * The teams page (admins): teams and their members; create and remove a team, add and remove
 * members. An object shared with a team is readable by its members (docs/security.md).
 */
@Controller
class TeamsPageController {
    static final String PAGE = "/ui/admin/teams";

    private final Teams teams;
    private final UserAccounts users;

    TeamsPageController(Teams teams, UserAccounts users) {
        this.teams = teams;
        this.users = users;
    }

    @GetMapping(PAGE)
    String list(Model model) {
        model.addAttribute("teams", teams.list());
        model.addAttribute("users", users.list().stream().map(UserAccounts.User::name).toList());
        return "admin/teams";
    }

    @PostMapping(PAGE)
    String create(@RequestParam String name, Model model, HttpServletRequest req, HttpServletResponse res, RedirectAttributes redirect) {
        PageSupport.audit(req, "team.create", name.trim());
        return PageSupport.change(PAGE, model, res, redirect, () -> "Created team " + teams.create(name.trim()).name(),
                () -> list(model));
    }

    @PostMapping(PAGE + "/delete")
    String delete(@RequestParam String team, Model model, HttpServletRequest req, HttpServletResponse res, RedirectAttributes redirect) {
        PageSupport.audit(req, "team.remove", team);
        return PageSupport.change(PAGE, model, res, redirect, () -> {
            teams.delete(team);
            return "Removed team " + team + "; what was shared with it is its owners' own again";
        }, () -> list(model));
    }

    @PostMapping(PAGE + "/members")
    String add(@RequestParam String team, @RequestParam String user, Model model, HttpServletRequest req, HttpServletResponse res,
               RedirectAttributes redirect) {
        PageSupport.audit(req, "team.member.add", team + "/" + user);
        return PageSupport.change(PAGE, model, res, redirect, () -> {
            teams.addMember(team, user);
            return "Added " + user + " to " + team;
        }, () -> list(model));
    }

    @PostMapping(PAGE + "/members/remove")
    String remove(@RequestParam String team, @RequestParam String user, Model model, HttpServletRequest req, HttpServletResponse res,
                  RedirectAttributes redirect) {
        PageSupport.audit(req, "team.member.remove", team + "/" + user);
        return PageSupport.change(PAGE, model, res, redirect, () -> {
            teams.removeMember(team, user);
            return "Removed " + user + " from " + team;
        }, () -> list(model));
    }
}
