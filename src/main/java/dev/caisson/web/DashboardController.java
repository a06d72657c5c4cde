package dev.caisson.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The dashboard lives under /ui; the root of the HTTP port leads there. */
@Controller
class DashboardController {
    @GetMapping({"/", "/ui", "/ui/"})
    String home() {
        return "redirect:/ui/containers";
    }
}
