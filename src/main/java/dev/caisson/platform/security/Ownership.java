package dev.caisson.platform.security;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import dev.caisson.engine.NotFoundException;

/**
 * Who owns each container, network and volume, and who else may read it: the owner, members of
 * the team it is shared with, everybody when it is public; admins see everything. Only the owner
 * (with OPERATOR or more) and admins change it. An object with no row was made before users
 * existed and is the admin's (networks without a row are the predefined ones, readable by all).
 */
@Service
public class Ownership {
    /** How long the row of a removed object is kept (its owner still gets its last events). */
    private static final Duration KEEP_REMOVED = Duration.ofDays(1);

    /** One object's ownership as shown in the platform API. */
    public record Owned(ObjectKind kind, String objectId, String name, String owner, String team, boolean isPublic,
                        Instant created, Instant removed) {
    }

    private record Row(long ownerId, Long teamId, boolean isPublic) {
    }

    private final JdbcTemplate jdbc;
    private final Teams teams;

    public Ownership(JdbcTemplate jdbc, Teams teams) {
        this.jdbc = jdbc;
        this.teams = teams;
    }

    /** Records a new object's owner (a reused volume name starts over with its new owner). */
    public void record(ObjectKind kind, String objectId, String name, long ownerId) {
        Instant now = Instant.now();
        jdbc.update("MERGE INTO object_owners (kind, object_id, name, owner_id, team_id, is_public, created, removed) "
                + "KEY (kind, object_id) VALUES (?, ?, ?, ?, NULL, FALSE, ?, NULL)",
                kind.name(), objectId, name, ownerId, Timestamp.from(now));
        jdbc.update("DELETE FROM object_owners WHERE removed < ?", Timestamp.from(now.minus(KEEP_REMOVED)));
    }

    public void markRemoved(ObjectKind kind, String objectId) {
        jdbc.update("UPDATE object_owners SET removed = ? WHERE kind = ? AND object_id = ? AND removed IS NULL",
                Timestamp.from(Instant.now()), kind.name(), objectId);
    }

    /** Shares an object with a team (null: none) and/or everybody; the caller has checked {@link #canManage}. */
    public Owned share(ObjectKind kind, String objectId, String team, boolean isPublic, long adminId) {
        Long teamId = team == null || team.isEmpty() ? null : teams.get(team).id();
        if (row(kind, objectId).isEmpty()) {   // the admin's until now: give it its row
            record(kind, objectId, null, adminId);
        }
        jdbc.update("UPDATE object_owners SET team_id = ?, is_public = ? WHERE kind = ? AND object_id = ?",
                teamId, isPublic, kind.name(), objectId);
        return describe(kind, objectId).orElseThrow();
    }

    public Optional<Owned> describe(ObjectKind kind, String objectId) {
        return jdbc.query("SELECT o.*, u.name AS owner_name, t.name AS team_name FROM object_owners o JOIN users u ON u.id = o.owner_id "
                + "LEFT JOIN teams t ON t.id = o.team_id WHERE o.kind = ? AND o.object_id = ?", (rs, i) -> new Owned(kind,
                rs.getString("object_id"), rs.getString("name"), rs.getString("owner_name"), rs.getString("team_name"),
                rs.getBoolean("is_public"), rs.getTimestamp("created").toInstant(),
                rs.getTimestamp("removed") == null ? null : rs.getTimestamp("removed").toInstant()), kind.name(), objectId)
                .stream().findFirst();
    }

    /** The objects a user owns (not removed ones). */
    public List<Owned> ownedBy(long userId) {
        return jdbc.query("SELECT kind, object_id FROM object_owners WHERE owner_id = ? AND removed IS NULL ORDER BY kind, created",
                (rs, i) -> describe(ObjectKind.valueOf(rs.getString(1)), rs.getString(2)).orElseThrow(), userId);
    }

    /**
     * The ID of the live object a reference names when only this table knows names (networks):
     * the exact ID, the exact name, or an unambiguous ID prefix.
     */
    public Optional<String> resolve(ObjectKind kind, String ref) {
        List<String> ids = jdbc.queryForList("SELECT object_id FROM object_owners WHERE kind = ? AND removed IS NULL AND "
                + "(object_id = ? OR name = ?)", String.class, kind.name(), ref, ref);
        if (ids.isEmpty() && ref.length() >= 1) {
            ids = jdbc.queryForList("SELECT object_id FROM object_owners WHERE kind = ? AND removed IS NULL AND object_id LIKE ?",
                    String.class, kind.name(), ref.replace("%", "").replace("_", "") + "%");
        }
        return ids.size() == 1 ? Optional.of(ids.get(0)) : Optional.empty();
    }

    public boolean canSee(CaissonPrincipal who, ObjectKind kind, String objectId) {
        if (who.seesEverything()) {
            return true;
        }
        Optional<Row> r = row(kind, objectId);
        if (r.isEmpty()) {
            return kind.unownedReadable();
        }
        return r.get().ownerId() == who.userId() || r.get().isPublic()
                || (r.get().teamId() != null && teams.teamIdsOf(who.userId()).contains(r.get().teamId()));
    }

    /** Changing an object: OPERATOR (full scope) on their own objects, admins on all. */
    public boolean canManage(CaissonPrincipal who, ObjectKind kind, String objectId) {
        Role role = who.effectiveRole();
        if (role == Role.ADMIN) {
            return true;
        }
        return role.includes(Role.OPERATOR) && row(kind, objectId).map(r -> r.ownerId() == who.userId()).orElse(false);
    }

    /** The IDs among the given ones that a user may see (one query for a whole list). */
    public Set<String> visible(CaissonPrincipal who, ObjectKind kind, Iterable<String> ids) {
        Set<String> out = new HashSet<>();
        if (who.seesEverything()) {
            ids.forEach(out::add);
            return out;
        }
        Set<String> readable = new HashSet<>(jdbc.queryForList("SELECT object_id FROM object_owners WHERE kind = ? AND "
                + "(owner_id = ? OR is_public OR team_id IN (SELECT team_id FROM team_members WHERE user_id = ?))",
                String.class, kind.name(), who.userId(), who.userId()));
        Set<String> owned = kind.unownedReadable()
                ? new HashSet<>(jdbc.queryForList("SELECT object_id FROM object_owners WHERE kind = ?", String.class, kind.name()))
                : Set.of();
        for (String id : ids) {
            if (readable.contains(id) || (kind.unownedReadable() && !owned.contains(id))) {
                out.add(id);
            }
        }
        return out;
    }

    private Optional<Row> row(ObjectKind kind, String objectId) {
        return jdbc.query("SELECT owner_id, team_id, is_public FROM object_owners WHERE kind = ? AND object_id = ?",
                (rs, i) -> new Row(rs.getLong(1), (Long) rs.getObject(2, Long.class), rs.getBoolean(3)), kind.name(), objectId)
                .stream().findFirst();
    }

    /** For the platform API: fails like the Engine API when the caller may not see it. */
    public void requireVisible(CaissonPrincipal who, ObjectKind kind, String objectId) {
        if (!canSee(who, kind, objectId)) {
            throw new NotFoundException("No such " + kind.word() + ": " + objectId);
        }
    }
}
