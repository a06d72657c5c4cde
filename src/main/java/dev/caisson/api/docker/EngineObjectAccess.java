package dev.caisson.api.docker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.stereotype.Component;

import dev.caisson.engine.Engine;
import dev.caisson.engine.EngineException;
import dev.caisson.platform.security.CaissonPrincipal;
import dev.caisson.platform.security.ObjectKind;
import dev.caisson.platform.security.Ownership;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The object half of the Engine API's authorization: a route about a container, exec, network
 * or volume is allowed only when the caller may see the object (else Docker's 404, so that
 * other users' objects do not even show that they exist) and, to change it, owns it (else 403).
 * A reference that names no object passes: the controller answers Docker's own 404.
 */
@Component
class EngineObjectAccess {
    static final String BODY = "caisson.cachedBody";
    private static final int MAX_BODY = 1 << 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Decision(int status, String message) {
    }

    private final Engine engine;
    private final ExecRegistry execs;
    private final Ownership ownership;

    EngineObjectAccess(Engine engine, ExecRegistry execs, Ownership ownership) {
        this.engine = engine;
        this.execs = execs;
        this.ownership = ownership;
    }

    /** null when allowed, else the refusal. */
    Decision decide(CaissonPrincipal who, EngineRoutes.Match m, HttpServletRequest req) throws IOException {
        EngineRoutes.Route r = m.route();
        boolean change = r.access() != EngineRoutes.Access.READ;
        return switch (r.target()) {
            case NONE -> null;
            case CONTAINER -> container(who, m.ref(), change, r.action());
            case CONTAINER_PARAM -> {
                String ref = req.getParameter("container");
                yield ref == null || ref.isEmpty() ? null : container(who, ref, change, r.action());
            }
            case EXEC -> exec(who, m.ref(), change, r.action());
            case NETWORK -> network(who, m.ref(), change, r.action());
            case VOLUME -> object(who, ObjectKind.VOLUME, m.ref(), m.ref(), change, r.action(), "get " + m.ref() + ": no such volume");
            case NETWORK_AND_BODY_CONTAINER -> {
                Decision net = network(who, m.ref(), false, r.action());   // joining a network one may see
                if (net != null) {
                    yield net;
                }
                for (String ref : bodyContainers(req)) {
                    Decision c = container(who, ref, true, r.action());
                    if (c != null) {
                        yield c;
                    }
                }
                yield null;
            }
        };
    }

    private Decision container(CaissonPrincipal who, String ref, boolean change, String action) {
        String id;
        try {
            id = engine.containers().get(ref).id();
        } catch (EngineException e) {
            return null;
        }
        return object(who, ObjectKind.CONTAINER, id, ref, change, action, "No such container: " + ref);
    }

    private Decision exec(CaissonPrincipal who, String ref, boolean change, String action) {
        String containerId;
        try {
            containerId = execs.get(ref).containerId;
        } catch (EngineException e) {
            return null;
        }
        return object(who, ObjectKind.CONTAINER, containerId, ref, change, action, "No such exec instance: " + ref);
    }

    /** Networks are named in the owners' table (the engine's names are not needed). */
    private Decision network(CaissonPrincipal who, String ref, boolean change, String action) {
        String id = ownership.resolve(ObjectKind.NETWORK, ref).orElse(ref);
        return object(who, ObjectKind.NETWORK, id, ref, change, action, "network " + ref + " not found");
    }

    private Decision object(CaissonPrincipal who, ObjectKind kind, String id, String ref, boolean change, String action,
                            String notFound) {
        if (!ownership.canSee(who, kind, id)) {
            return new Decision(404, notFound);
        }
        if (change && !ownership.canManage(who, kind, id)) {
            return new Decision(403, "permission denied: " + kind.word() + " " + ref
                    + " belongs to another user; only its owner or an admin may " + action);
        }
        return null;
    }

    /**
     * The "Container" of a connect/disconnect body, under any spelling of the key (Docker reads
     * JSON keys case-insensitively; every one is checked). The body is kept for the controller.
     */
    private static java.util.List<String> bodyContainers(HttpServletRequest req) throws IOException {
        byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new IOException("request body too large");
        }
        req.setAttribute(BODY, body);
        java.util.List<String> refs = new java.util.ArrayList<>();
        if (body.length == 0) {
            return refs;
        }
        try {
            JsonNode n = JSON.readTree(body);
            for (var e : n.properties()) {
                if (e.getKey().equalsIgnoreCase("Container") && e.getValue().isString()) {
                    refs.add(e.getValue().asString());
                }
            }
        } catch (RuntimeException e) {
            // the controller answers the bad JSON
        }
        return refs;
    }

    /** The request to pass on: with its body again when it was read here. */
    HttpServletRequest requestFor(HttpServletRequest req) {
        Object b = req.getAttribute(BODY);
        if (!(b instanceof byte[] body)) {
            return req;
        }
        return new HttpServletRequestWrapper(req) {
            @Override
            public ServletInputStream getInputStream() {
                InputStream in = new ByteArrayInputStream(body);
                return new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        return in.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        return in.read(b, off, len);
                    }

                    @Override
                    public boolean isFinished() {
                        try {
                            return in.available() == 0;
                        } catch (IOException e) {
                            return true;
                        }
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener l) {
                        throw new UnsupportedOperationException();
                    }
                };
            }
        };
    }
}
