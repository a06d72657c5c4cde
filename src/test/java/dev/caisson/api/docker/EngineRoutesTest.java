package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.caisson.api.docker.EngineRoutes.Access;
import dev.caisson.api.docker.EngineRoutes.Target;

class EngineRoutesTest {
    @Test
    void routesMatchVersionedAndPlainPathsAndCaptureTheObject() {
        EngineRoutes.Match m = EngineRoutes.match("POST", "/v1.41/containers/web/start");
        assertThat(m.route().action()).isEqualTo("container.start");
        assertThat(m.route().access()).isEqualTo(Access.OPERATE);
        assertThat(m.route().target()).isEqualTo(Target.CONTAINER);
        assertThat(m.ref()).isEqualTo("web");
        assertThat(EngineRoutes.match("GET", "/containers/json").route().action()).isEqualTo("container.list");
        assertThat(EngineRoutes.match("GET", "/images/testcontainers%2Fryuk:0.14.0/json").route().action()).isEqualTo("image.inspect");
        assertThat(EngineRoutes.match("GET", "/images/library/busybox:1/history").route().action()).isEqualTo("image.history");
        assertThat(EngineRoutes.match("DELETE", "/images/a/b/c:1").route().action()).isEqualTo("image.remove");
        assertThat(EngineRoutes.match("HEAD", "/_ping").route().action()).as("HEAD falls back to GET").isEqualTo("system.ping");
        assertThat(EngineRoutes.match("HEAD", "/containers/x/archive").route().action()).isEqualTo("container.archive.stat");
        assertThat(EngineRoutes.match("GET", "/exec/abc/json").route().target()).isEqualTo(Target.EXEC);
    }

    @Test
    void anEncodedSlashCannotMoveARequestOntoAnotherRoute() {
        // Spring MVC routes this to DELETE /containers/{id} with id "x/start": so must the table
        EngineRoutes.Match m = EngineRoutes.match("DELETE", "/containers/x%2Fstart");
        assertThat(m.route().action()).isEqualTo("container.remove");
        assertThat(m.ref()).isEqualTo("x/start");
        assertThat(EngineRoutes.match("GET", "/containers/web%2F..%2F..%2Fsystem/df").route()).isSameAs(EngineRoutes.UNKNOWN);
    }

    @Test
    void unknownRoutesAndMethodsNeedAdmin() {
        for (String[] r : new String[][] {{"GET", "/swarm"}, {"POST", "/plugins/pull"}, {"PUT", "/containers/x/start"},
                {"POST", "/containers/json"}, {"GET", "/containers/json/"}, {"OPTIONS", "/containers/json"}, {"GET", "/"}}) {
            assertThat(EngineRoutes.match(r[0], r[1]).route()).as(r[0] + " " + r[1]).isSameAs(EngineRoutes.UNKNOWN);
        }
        assertThat(EngineRoutes.UNKNOWN.access()).isEqualTo(Access.ADMIN);
        assertThat(EngineRoutes.isEnginePath("/v1.41/anything")).isTrue();
        assertThat(EngineRoutes.isEnginePath("/swarm/init")).isTrue();
        assertThat(EngineRoutes.isEnginePath("/api/users")).isFalse();
        assertThat(EngineRoutes.isEnginePath("/login")).isFalse();
    }

    /** docs/security.md shows the same table: each row with its action and role. */
    @Test
    void theDocumentedTableIsTheTable() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/security.md"));
        for (EngineRoutes.Route r : EngineRoutes.ROUTES) {
            assertThat(doc).contains("| `" + r.method() + " " + r.pattern() + "` | " + r.action() + " | " + r.access().role + " |");
        }
    }

    /** Every handler of the Engine API's controllers has its own row in the table: a new route is never left to the default. */
    @Test
    void everyControllerRouteIsInTheTable() {
        List<String> missing = new ArrayList<>();
        int seen = 0;
        for (JavaClass jc : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.caisson.api.docker")) {
            Class<?> c = jc.reflect();
            if (!c.isAnnotationPresent(RestController.class)) {
                continue;
            }
            for (Method m : c.getDeclaredMethods()) {
                for (String[] route : routes(m)) {
                    seen++;
                    for (String sample : samples(route[0], route[1])) {
                        if (!EngineRoutes.match(route[0], sample).known()) {
                            missing.add(route[0] + " " + route[1] + " (" + sample + ") in " + c.getSimpleName());
                        }
                    }
                }
            }
        }
        assertThat(seen).isGreaterThan(40);
        assertThat(missing).isEmpty();
    }

    private static List<String[]> routes(Method m) {
        List<String[]> out = new ArrayList<>();
        GetMapping getMapping = m.getAnnotation(GetMapping.class);
        if (getMapping != null) {
            paths(getMapping.value(), getMapping.path()).forEach(p -> out.add(new String[] {"GET", p}));
        }
        PostMapping postMapping = m.getAnnotation(PostMapping.class);
        if (postMapping != null) {
            paths(postMapping.value(), postMapping.path()).forEach(p -> out.add(new String[] {"POST", p}));
        }
        PutMapping putMapping = m.getAnnotation(PutMapping.class);
        if (putMapping != null) {
            paths(putMapping.value(), putMapping.path()).forEach(p -> out.add(new String[] {"PUT", p}));
        }
        DeleteMapping deleteMapping = m.getAnnotation(DeleteMapping.class);
        if (deleteMapping != null) {
            paths(deleteMapping.value(), deleteMapping.path()).forEach(p -> out.add(new String[] {"DELETE", p}));
        }
        RequestMapping g = m.getAnnotation(RequestMapping.class);
        if (g != null) {
            for (var method : g.method()) {
                paths(g.value(), g.path()).forEach(p -> out.add(new String[] {method.name(), p}));
            }
        }
        return out;
    }

    private static List<String> paths(String[] value, String[] path) {
        return List.of(value.length > 0 ? value : path);
    }

    /** Concrete paths for a mapping: a catch-all ({*path}) stands for each of Docker's routes under it. */
    private static List<String> samples(String method, String mapping) {
        if (mapping.endsWith("/{*path}")) {
            String base = mapping.substring(0, mapping.length() - "/{*path}".length());
            return switch (method) {
                case "GET" -> List.of(base + "/library/bb:1/json", base + "/bb/history", base + "/bb/get");
                case "POST" -> List.of(base + "/bb/tag", base + "/library/bb:1/push");
                default -> List.of(base + "/bb", base + "/library/bb:1");
            };
        }
        return List.of(mapping.replaceAll("\\{[^}]+}", "x"));
    }
}
