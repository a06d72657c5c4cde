package dev.caisson.platform.security;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;

/** Teams: named groups of users; an object shared with a team is readable by its members. */
@Service
public class Teams {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    public record Team(long id, String name, List<String> members) {
    }

    private final JdbcTemplate jdbc;
    private final UserAccounts users;

    public Teams(JdbcTemplate jdbc, UserAccounts users) {
        this.jdbc = jdbc;
        this.users = users;
    }

    public Team create(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidArgumentException("invalid team name '" + name + "'");
        }
        try {
            jdbc.update("INSERT INTO teams (name, created) VALUES (?, ?)", name, Timestamp.from(Instant.now()));
        } catch (DuplicateKeyException e) {
            throw new ConflictException("team " + name + " already exists");
        }
        return get(name);
    }

    public Optional<Team> find(String name) {
        return jdbc.queryForList("SELECT id FROM teams WHERE name = ?", Long.class, name).stream().findFirst()
                .map(id -> new Team(id, name, members(id)));
    }

    public Team get(String name) {
        return find(name).orElseThrow(() -> new NotFoundException("no such team: " + name));
    }

    public List<Team> list() {
        return jdbc.query("SELECT id, name FROM teams ORDER BY name",
                (rs, i) -> new Team(rs.getLong(1), rs.getString(2), members(rs.getLong(1))));
    }

    public void delete(String name) {
        jdbc.update("DELETE FROM teams WHERE id = ?", get(name).id());
    }

    public Team addMember(String team, String user) {
        Team t = get(team);
        long uid = users.get(user).id();
        jdbc.update("MERGE INTO team_members (team_id, user_id) KEY (team_id, user_id) VALUES (?, ?)", t.id(), uid);
        return get(team);
    }

    public Team removeMember(String team, String user) {
        Team t = get(team);
        jdbc.update("DELETE FROM team_members WHERE team_id = ? AND user_id = ?", t.id(), users.get(user).id());
        return get(team);
    }

    /** The IDs of the teams a user belongs to. */
    public List<Long> teamIdsOf(long userId) {
        return jdbc.queryForList("SELECT team_id FROM team_members WHERE user_id = ?", Long.class, userId);
    }

    public List<String> teamsOf(long userId) {
        return jdbc.queryForList("SELECT t.name FROM teams t JOIN team_members m ON m.team_id = t.id WHERE m.user_id = ? ORDER BY t.name",
                String.class, userId);
    }

    private List<String> members(long teamId) {
        return jdbc.queryForList("SELECT u.name FROM users u JOIN team_members m ON m.user_id = u.id WHERE m.team_id = ? ORDER BY u.name",
                String.class, teamId);
    }
}
