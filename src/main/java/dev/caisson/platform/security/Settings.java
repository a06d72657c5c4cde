package dev.caisson.platform.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import dev.caisson.engine.InvalidArgumentException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Admin settings kept in the database; for now the host paths that non-admins may bind-mount. */
@Service
public class Settings {
    static final String BIND_ALLOWLIST = "bind-allowlist";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    public Settings(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Host directories (absolute, normalized) under which non-admins may bind-mount; empty: none. */
    public List<String> bindAllowlist() {
        List<String> v = jdbc.queryForList("SELECT setting_value FROM settings WHERE name = ?", String.class, BIND_ALLOWLIST);
        return v.isEmpty() ? List.of() : JSON.readValue(v.get(0), new TypeReference<List<String>>() { });
    }

    public List<String> setBindAllowlist(List<String> paths) {
        List<String> clean = new ArrayList<>();
        for (String p : paths == null ? List.<String>of() : paths) {
            if (p == null || !p.startsWith("/")) {
                throw new InvalidArgumentException("bind allowlist entries must be absolute host paths: '" + p + "'");
            }
            String n = Path.of(p).normalize().toString();
            if (!clean.contains(n)) {
                clean.add(n);
            }
        }
        jdbc.update("MERGE INTO settings (name, setting_value) KEY (name) VALUES (?, ?)", BIND_ALLOWLIST, JSON.writeValueAsString(clean));
        return clean;
    }
}
