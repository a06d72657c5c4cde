package dev.caisson.web.admin;

import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.caisson.platform.security.Settings;
import dev.caisson.web.PageSupport;

/** The settings page (admins): what SettingsApi exposes, for now the host paths that non-admins may bind-mount. */
@Controller
class SettingsPageController {
    static final String PAGE = "/ui/admin/settings";

    private final Settings settings;

    SettingsPageController(Settings settings) {
        this.settings = settings;
    }

    @GetMapping(PAGE)
    String show(Model model) {
        if (!model.containsAttribute("bindAllowlist")) {
            model.addAttribute("bindAllowlist", String.join("\n", settings.bindAllowlist()));
        }
        return "admin/settings";
    }

    @PostMapping(PAGE)
    String save(@RequestParam(defaultValue = "") String bindAllowlist, Model model, HttpServletRequest req, HttpServletResponse res,
                RedirectAttributes redirect) {
        PageSupport.audit(req, "settings.update", "bindAllowlist");
        List<String> paths = Arrays.stream(bindAllowlist.split("\\R")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        model.addAttribute("bindAllowlist", bindAllowlist);   // kept as typed when refused
        return PageSupport.change(PAGE, model, res, redirect, () -> {
            List<String> saved = settings.setBindAllowlist(paths);
            return saved.isEmpty() ? "Saved: non-admins may bind-mount no host path"
                    : "Saved: non-admins may bind-mount under " + String.join(", ", saved);
        }, () -> show(model));
    }
}
