package dev.caisson.web;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.caisson.engine.Engine;
import dev.caisson.engine.ForbiddenException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.platform.security.CaissonPrincipal;
import dev.caisson.platform.security.CurrentPrincipal;
import dev.caisson.platform.security.GuardRails;
import dev.caisson.platform.security.ObjectKind;
import dev.caisson.platform.security.Ownership;
import dev.caisson.platform.security.Role;

/**
 * The security model as the dashboard applies it, the same rules as the Engine API's: a user
 * sees their own containers, those shared with their team and public ones (admins all); only
 * an operator who owns a container (or an admin) may change it, exec into it or attach. What
 * one may not see answers 404, what one may see but not change 403.
 */
@Component
public class DashboardAccess {
    private final ContainerRuntime rt;
    private final Ownership ownership;
    private final GuardRails guardRails;

    DashboardAccess(Engine engine, Ownership ownership, GuardRails guardRails) {
        this.rt = engine.containers();
        this.ownership = ownership;
        this.guardRails = guardRails;
    }

    public CaissonPrincipal who() {
        return CurrentPrincipal.require();
    }

    /** Whether the user may change anything at all (run, buttons): OPERATOR or ADMIN with a full-scope login. */
    public boolean mayChange() {
        return who().effectiveRole().includes(Role.OPERATOR);
    }

    /** 403 unless the user may change anything (a viewer, or a read-only token, posting anyway). */
    public void requireChange() {
        if (!mayChange()) {
            throw new ForbiddenException("permission denied: your role (" + who().effectiveRole() + ") is read-only");
        }
    }

    /** Whether the user is a full-scope admin (prunes, administration). */
    public boolean isAdmin() {
        return who().isAdmin();
    }

    /** 403 unless the user is a full-scope admin. */
    public void requireAdmin() {
        if (!isAdmin()) {
            throw new ForbiddenException("permission denied: only an admin may do this (your role: " + who().effectiveRole() + ")");
        }
    }

    public List<Container> visibleContainers() {
        List<Container> all = rt.list();
        Set<String> ok = ownership.visible(who(), ObjectKind.CONTAINER, all.stream().map(Container::id).toList());
        return all.stream().filter(c -> ok.contains(c.id())).toList();
    }

    /** By ID, prefix or name, as the Engine API finds it; 404 when the user may not see it. */
    public Container visible(String ref) {
        Container c = rt.get(ref);
        if (!ownership.canSee(who(), ObjectKind.CONTAINER, c.id())) {
            throw new NotFoundException("No such container: " + ref);
        }
        return c;
    }

    /** A container the user may change; 403 naming why not. */
    public Container manageable(String ref) {
        Container c = visible(ref);
        if (!ownership.canManage(who(), ObjectKind.CONTAINER, c.id())) {
            throw new ForbiddenException(mayChange() ? "permission denied: " + c.name() + " belongs to another user"
                    : "permission denied: your role (" + who().effectiveRole() + ") is read-only");
        }
        return c;
    }

    /** The IDs (or volume names) among these that the user may see. */
    public Set<String> visible(ObjectKind kind, List<String> ids) {
        return ownership.visible(who(), kind, ids);
    }

    /** 404 (with the engine's own words) unless the user may see this network or volume. */
    public void requireVisible(ObjectKind kind, String id, String notFound) {
        if (!ownership.canSee(who(), kind, id)) {
            throw new NotFoundException(notFound);
        }
    }

    /** A network or volume the user may change; 403 naming why not (404 when not even visible). */
    public void requireManageable(ObjectKind kind, String id, String name) {
        if (!ownership.canSee(who(), kind, id)) {
            throw new NotFoundException("No such " + kind.word() + ": " + name);
        }
        if (!ownership.canManage(who(), kind, id)) {
            throw new ForbiddenException(mayChange() ? "permission denied: " + name + " belongs to another user"
                    : "permission denied: your role (" + who().effectiveRole() + ") is read-only");
        }
    }

    public boolean canManage(ObjectKind kind, String id) {
        return ownership.canManage(who(), kind, id);
    }

    public GuardRails guardRails() {
        return guardRails;
    }

    public boolean canManage(Container c) {
        return ownership.canManage(who(), ObjectKind.CONTAINER, c.id());
    }

    /** A web terminal is an exec: only into containers the user may change, never privileged. */
    public Container execable(String ref) {
        Container c = manageable(ref);
        guardRails.checkExec(who(), false);
        return c;
    }
}
