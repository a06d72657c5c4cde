package dev.caisson.api.docker;

import java.util.List;

import dev.caisson.platform.security.ObjectKind;
import dev.caisson.platform.security.Role;

/**
 * THE table of the Engine API's permissions: every route family, by method and path, mapped to
 * an action, the role it needs and the object it is about. EngineAuthorizationFilter applies it
 * to every request over TCP before any controller runs; a route that is not listed here needs
 * ADMIN (a new controller is closed until someone puts it in this table). docs/security.md shows
 * the same table.
 */
final class EngineRoutes {
    private EngineRoutes() {
    }

    /** What a route needs. READ: any role, visible objects; OPERATE: OPERATOR, own objects; ADMIN. */
    enum Access {
        READ(Role.VIEWER), OPERATE(Role.OPERATOR), ADMIN(Role.ADMIN);

        final Role role;

        Access(Role role) {
            this.role = role;
        }
    }

    /** Which object a route is about, and where its reference is. */
    enum Target {
        NONE,
        /** {id} in the path: a container ID, ID prefix or name. */
        CONTAINER,
        /** {id} in the path: an exec instance, judged by its container. */
        EXEC,
        /** {id} in the path: a network ID, prefix or name. */
        NETWORK,
        /** {name} in the path. */
        VOLUME,
        /** The query parameter "container" (POST /commit). */
        CONTAINER_PARAM,
        /** {id} in the path is the network; the body's "Container" is a container that must be one's own. */
        NETWORK_AND_BODY_CONTAINER
    }

    /**
     * One row of the table.
     *
     * @param listKind for list routes, the kind whose entries are filtered by visibility
     */
    record Route(String method, RoutePattern pattern, String action, Access access, Target target, ObjectKind listKind) {
    }

    /** A request matched to its route, with the object reference the path named. */
    record Match(Route route, String ref) {
        boolean known() {
            return route != UNKNOWN;
        }
    }

    static final Route UNKNOWN = new Route("*", new RoutePattern("/**"), "unknown", Access.ADMIN, Target.NONE, null);

    private static Route r(String method, String path, String action, Access access) {
        return new Route(method, new RoutePattern(path), action, access, Target.NONE, null);
    }

    private static Route r(String method, String path, String action, Access access, Target target) {
        return new Route(method, new RoutePattern(path), action, access, target, null);
    }

    private static Route list(String path, String action, ObjectKind kind) {
        return new Route("GET", new RoutePattern(path), action, Access.READ, Target.NONE, kind);
    }

    private static final Access READ = Access.READ;
    private static final Access OPERATE = Access.OPERATE;
    private static final Access ADMIN = Access.ADMIN;
    private static final Target C = Target.CONTAINER;

    /** First match wins: literal routes before the patterns they would also match. */
    static final List<Route> ROUTES = List.of(
            // system
            r("GET", "/_ping", "system.ping", READ),
            r("GET", "/version", "system.version", READ),
            r("GET", "/info", "system.info", READ),
            r("GET", "/events", "system.events", READ),          // filtered to visible objects
            r("GET", "/system/df", "system.df", ADMIN),          // lists every user's objects
            r("POST", "/auth", "system.auth", OPERATE),          // registry login check
            // containers
            list("/containers/json", "container.list", ObjectKind.CONTAINER),
            r("POST", "/containers/create", "container.create", OPERATE),   // + GuardRails
            r("POST", "/containers/prune", "container.prune", ADMIN),
            r("GET", "/containers/{id}/json", "container.inspect", READ, C),
            r("GET", "/containers/{id}/top", "container.top", READ, C),
            r("GET", "/containers/{id}/logs", "container.logs", READ, C),
            r("GET", "/containers/{id}/stats", "container.stats", READ, C),
            r("GET", "/containers/{id}/changes", "container.changes", READ, C),
            r("POST", "/containers/{id}/wait", "container.wait", READ, C),
            // reading a container's files is close to exec: owners only
            r("GET", "/containers/{id}/export", "container.export", OPERATE, C),
            r("GET", "/containers/{id}/archive", "container.archive.get", OPERATE, C),
            r("HEAD", "/containers/{id}/archive", "container.archive.stat", OPERATE, C),
            r("PUT", "/containers/{id}/archive", "container.archive.put", OPERATE, C),
            r("POST", "/containers/{id}/start", "container.start", OPERATE, C),
            r("POST", "/containers/{id}/stop", "container.stop", OPERATE, C),
            r("POST", "/containers/{id}/restart", "container.restart", OPERATE, C),
            r("POST", "/containers/{id}/kill", "container.kill", OPERATE, C),
            r("POST", "/containers/{id}/pause", "container.pause", OPERATE, C),
            r("POST", "/containers/{id}/unpause", "container.unpause", OPERATE, C),
            r("POST", "/containers/{id}/rename", "container.rename", OPERATE, C),
            r("POST", "/containers/{id}/update", "container.update", OPERATE, C),
            r("POST", "/containers/{id}/resize", "container.resize", OPERATE, C),
            r("POST", "/containers/{id}/attach", "container.attach", OPERATE, C),
            r("GET", "/containers/{id}/attach/ws", "container.attach", OPERATE, C),
            r("POST", "/containers/{id}/exec", "exec.create", OPERATE, C),    // + GuardRails (Privileged)
            r("DELETE", "/containers/{id}", "container.remove", OPERATE, C),
            r("POST", "/commit", "container.commit", OPERATE, Target.CONTAINER_PARAM),
            // exec instances: judged by their container
            r("POST", "/exec/{id}/start", "exec.start", OPERATE, Target.EXEC),
            r("POST", "/exec/{id}/resize", "exec.resize", OPERATE, Target.EXEC),
            r("GET", "/exec/{id}/json", "exec.inspect", READ, Target.EXEC),
            // images: shared by all users
            r("GET", "/images/json", "image.list", READ),
            r("GET", "/images/search", "image.search", READ),
            r("GET", "/images/get", "image.save", READ),
            r("POST", "/images/load", "image.load", OPERATE),
            r("POST", "/images/create", "image.pull", OPERATE),
            r("POST", "/images/prune", "image.prune", ADMIN),
            r("GET", "/images/{name*}/json", "image.inspect", READ),
            r("GET", "/images/{name*}/history", "image.history", READ),
            r("GET", "/images/{name*}/get", "image.save", READ),
            r("POST", "/images/{name*}/tag", "image.tag", OPERATE),
            r("POST", "/images/{name*}/push", "image.push", OPERATE),
            r("DELETE", "/images/{name*}", "image.remove", OPERATE),
            r("GET", "/distribution/{name*}/json", "image.distribution", READ),
            // the builder runs containers of its own: ADMIN until it passes its options through GuardRails
            r("POST", "/build", "image.build", ADMIN),
            r("POST", "/build/prune", "build.prune", ADMIN),
            // networks
            list("/networks", "network.list", ObjectKind.NETWORK),
            r("POST", "/networks/create", "network.create", OPERATE),
            r("POST", "/networks/prune", "network.prune", ADMIN),
            r("GET", "/networks/{id}", "network.inspect", READ, Target.NETWORK),
            r("DELETE", "/networks/{id}", "network.remove", OPERATE, Target.NETWORK),
            r("POST", "/networks/{id}/connect", "network.connect", OPERATE, Target.NETWORK_AND_BODY_CONTAINER),
            r("POST", "/networks/{id}/disconnect", "network.disconnect", OPERATE, Target.NETWORK_AND_BODY_CONTAINER),
            // volumes
            list("/volumes", "volume.list", ObjectKind.VOLUME),
            r("POST", "/volumes/create", "volume.create", OPERATE),
            r("POST", "/volumes/prune", "volume.prune", ADMIN),
            r("GET", "/volumes/{name}", "volume.inspect", READ, Target.VOLUME),
            r("DELETE", "/volumes/{name}", "volume.remove", OPERATE, Target.VOLUME));

    /** The route of a request (HEAD falls back to GET's); UNKNOWN when none is listed. */
    static Match match(String method, String rawPath) {
        List<String> segments = RoutePattern.segments(rawPath);
        Match m = find(method, segments);
        if (m == null && method.equals("HEAD")) {
            m = find("GET", segments);
        }
        return m == null ? new Match(UNKNOWN, "") : m;
    }

    private static Match find(String method, List<String> segments) {
        for (Route route : ROUTES) {
            if (route.method().equals(method)) {
                String ref = route.pattern().match(segments);
                if (ref != null) {
                    return new Match(route, ref);
                }
            }
        }
        return null;
    }

    /** Whether a path belongs to the Engine API (versioned, or one of Docker's top-level names). */
    static boolean isEnginePath(String rawPath) {
        String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        int slash = p.indexOf('/');
        String first = slash < 0 ? p : p.substring(0, slash);
        return first.matches("v\\d+\\.\\d+") || ENGINE_TOP.contains(first);
    }

    /** Docker's top-level path names (moby's router), implemented or not: all belong to the Engine API. */
    static final java.util.Set<String> ENGINE_TOP = java.util.Set.of("_ping", "version", "info", "events", "system", "auth",
            "containers", "commit", "exec", "images", "distribution", "build", "networks", "volumes", "session", "grpc",
            "swarm", "nodes", "services", "tasks", "secrets", "configs", "plugins");
}
