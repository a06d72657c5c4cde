package dev.caisson.api.platform;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.platform.security.Settings;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Admin settings: the host paths that non-admins may bind-mount. */
@RestController
@Tag(name = "settings", description = "Platform settings (admins)")
class SettingsApi {
    private final Settings settings;

    SettingsApi(Settings settings) {
        this.settings = settings;
    }

    record SettingsView(List<String> bindAllowlist) {
    }

    @GetMapping("/api/settings")
    SettingsView get() {
        return new SettingsView(settings.bindAllowlist());
    }

    @PutMapping("/api/settings")
    @Operation(summary = "Replace the settings; bindAllowlist: host directories under which non-admins may bind-mount")
    SettingsView put(@RequestBody SettingsView body) {
        if (body.bindAllowlist() != null) {
            settings.setBindAllowlist(body.bindAllowlist());
        }
        return get();
    }
}
