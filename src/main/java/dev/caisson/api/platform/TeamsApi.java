package dev.caisson.api.platform;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.platform.security.Teams;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Teams and their members (admins only). */
@RestController
@RequestMapping("/api/teams")
@Tag(name = "teams", description = "Teams: objects shared with a team are readable by its members (admins)")
class TeamsApi {
    private final Teams teams;

    TeamsApi(Teams teams) {
        this.teams = teams;
    }

    @GetMapping
    List<Teams.Team> list() {
        return teams.list();
    }

    record NewTeam(String name) {
    }

    @PostMapping
    @Operation(summary = "Create a team")
    ResponseEntity<Teams.Team> create(@RequestBody NewTeam body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(teams.create(body.name()));
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name) {
        teams.delete(name);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/{name}/members/{user}")
    @Operation(summary = "Add a user to a team")
    Teams.Team add(@PathVariable String name, @PathVariable String user) {
        return teams.addMember(name, user);
    }

    @DeleteMapping("/{name}/members/{user}")
    @Operation(summary = "Remove a user from a team")
    Teams.Team remove(@PathVariable String name, @PathVariable String user) {
        return teams.removeMember(name, user);
    }
}
