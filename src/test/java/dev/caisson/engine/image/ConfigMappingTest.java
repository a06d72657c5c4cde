package dev.caisson.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.image.json.ImageConfigTemplate;
import dev.caisson.engine.image.json.Json;
import dev.caisson.engine.storage.Digest;

class ConfigMappingTest {
    private static final String CONFIG = """
            {"architecture":"amd64","os":"linux","created":"2026-11-28T02:20:08.021151672Z","docker_version":"20.10",
             "config":{"Hostname":"","Env":["FOO=bar"],"Cmd":["cat","/data/a"],"WorkingDir":"/data",
               "ExposedPorts":{"8080/tcp":{}},"Volumes":{"/data":{}},"Labels":{"k":"v"},"StopSignal":"SIGINT",
               "Healthcheck":{"Test":["CMD","true"],"Interval":1000000000,"Retries":3}},
             "rootfs":{"type":"layers","diff_ids":["sha256:fe0684e80141d723aed69ce4f853134c9c81fde0e1e79fd39698c72aa6d6e6d9"]},
             "history":[{"created":"2026-11-28T02:15:05.285724783Z","comment":"Imported from -"},
                        {"created_by":"/bin/sh -c #(nop) ENV FOO=bar","empty_layer":true}]}""";

    @Test
    void mapsWireToDomain() {
        ImageConfigTemplate t = ConfigMapping.parse(CONFIG.getBytes(StandardCharsets.UTF_8));
        ImageConfig c = ConfigMapping.toDomain(t.config);
        assertEquals(List.of("FOO=bar"), c.env());
        assertEquals(List.of("cat", "/data/a"), c.cmd());
        assertEquals("/data", c.workingDir());
        assertEquals(Set.of("8080/tcp"), c.exposedPorts());
        assertEquals(Set.of("/data"), c.volumes());
        assertEquals(Map.of("k", "v"), c.labels());
        assertEquals("SIGINT", c.stopSignal());
        assertNull(c.user());
        assertEquals(3, c.healthcheck().retries());
        assertEquals(1, c.healthcheck().interval().getSeconds());
        List<HistoryEntry> h = ConfigMapping.history(t);
        assertEquals("Imported from -", h.get(0).comment());
        assertTrue(h.get(1).emptyLayer());
        assertEquals(List.of(Digest.parse("sha256:fe0684e80141d723aed69ce4f853134c9c81fde0e1e79fd39698c72aa6d6e6d9")),
                ConfigMapping.diffIds(t));
    }

    @Test
    void derivedConfigKeepsUnknownFields() {
        Digest layer = Digest.of("layer");
        byte[] out = ConfigBuilder.committed(CONFIG.getBytes(StandardCharsets.UTF_8), layer,
                ConfigMapping.toDomain(ConfigMapping.parse(CONFIG.getBytes(StandardCharsets.UTF_8)).config), "msg", "me",
                java.time.Instant.parse("2026-01-01T00:00:00Z"), null);
        Map<?, ?> tree = Json.MAPPER.readValue(out, Map.class);
        assertEquals("", ((Map<?, ?>) tree.get("config")).get("Hostname"), "unknown inner field kept");
        assertEquals(2, ((List<?>) ((Map<?, ?>) tree.get("rootfs")).get("diff_ids")).size());
        assertEquals(3, ((List<?>) tree.get("history")).size());
        assertEquals("me", tree.get("author"));
    }

    @Test
    void commitRecordsItsContainerAndAnUnchangedContainerAddsNoLayer() {
        ImageConfig own = new ImageConfig(null, List.of("A=1"), List.of("sh", "-c", "true"), null, null, null, null, null,
                null, null);
        byte[] out = ConfigBuilder.committed(CONFIG.getBytes(StandardCharsets.UTF_8), null, own, null, null,
                java.time.Instant.parse("2026-01-01T00:00:00Z"), new CommitSource("c0ffee", "sh -c true", own));
        Map<?, ?> tree = Json.MAPPER.readValue(out, Map.class);
        assertEquals("c0ffee", tree.get("container"));
        assertEquals(List.of("sh", "-c", "true"), ((Map<?, ?>) tree.get("container_config")).get("Cmd"));
        assertEquals(1, ((List<?>) ((Map<?, ?>) tree.get("rootfs")).get("diff_ids")).size(), "no layer added");
        Map<?, ?> last = (Map<?, ?>) ((List<?>) tree.get("history")).get(2);
        assertEquals("sh -c true", last.get("created_by"));
        assertEquals(Boolean.TRUE, last.get("empty_layer"));
    }
}
