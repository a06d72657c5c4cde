package dev.caisson.api.platform;

import java.util.Locale;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.Engine;
import dev.caisson.engine.ForbiddenException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.platform.security.CaissonPrincipal;
import dev.caisson.platform.security.CurrentPrincipal;
import dev.caisson.platform.security.ObjectKind;
import dev.caisson.platform.security.Ownership;
import dev.caisson.platform.security.UserAccounts;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Who owns a container, network or volume, and sharing it with a team or everybody. */
@RestController
@Tag(name = "objects", description = "Ownership and sharing of containers, networks and volumes")
class ObjectsApi {
    private final Engine engine;
    private final Ownership ownership;
    private final UserAccounts users;

    ObjectsApi(Engine engine, Ownership ownership, UserAccounts users) {
        this.engine = engine;
        this.ownership = ownership;
        this.users = users;
    }

    @GetMapping("/api/objects/{kind}/{ref}")
    @Operation(summary = "An object's owner and sharing; kind is containers, networks or volumes")
    Ownership.Owned get(@PathVariable String kind, @PathVariable String ref) {
        ObjectKind k = kind(kind);
        String id = id(k, ref);
        ownership.requireVisible(CurrentPrincipal.require(), k, id);
        return ownership.describe(k, id).orElseGet(() -> new Ownership.Owned(k, id, null, UserAccounts.ADMIN, null,
                k.unownedReadable(), null, null));
    }

    /** team: a team name or null for none; public: readable by every user. */
    record Sharing(String team, Boolean isPublic) {
    }

    @PutMapping("/api/objects/{kind}/{ref}/sharing")
    @Operation(summary = "Share an object with a team and/or everybody (its owner or an admin)")
    Ownership.Owned share(@PathVariable String kind, @PathVariable String ref, @RequestBody Sharing body) {
        ObjectKind k = kind(kind);
        String id = id(k, ref);
        CaissonPrincipal who = CurrentPrincipal.require();
        ownership.requireVisible(who, k, id);
        if (!ownership.canManage(who, k, id)) {
            throw new ForbiddenException("permission denied: only the owner of " + k.word() + " " + ref + " or an admin may share it");
        }
        return ownership.share(k, id, body.team(), Boolean.TRUE.equals(body.isPublic()), users.admin().id());
    }

    private String id(ObjectKind k, String ref) {
        return switch (k) {
            case CONTAINER -> engine.containers().get(ref).id();
            case NETWORK -> ownership.resolve(k, ref).orElseThrow(() -> new NotFoundException("network " + ref + " not found"));
            case VOLUME -> ref;
        };
    }

    private static ObjectKind kind(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "containers", "container" -> ObjectKind.CONTAINER;
            case "networks", "network" -> ObjectKind.NETWORK;
            case "volumes", "volume" -> ObjectKind.VOLUME;
            default -> throw new InvalidArgumentException("unknown object kind " + s + ": containers, networks or volumes");
        };
    }
}
