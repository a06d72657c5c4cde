package dev.caisson.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.InvalidArgumentException;

class ReferenceTest {
    @Test
    void normalizes() {
        assertEquals("busybox:latest", Reference.parse("busybox").toString());
        assertEquals("me/app:1.0", Reference.parse("me/app:1.0").toString());
        assertEquals("registry:5000/name:tag", Reference.parse("registry:5000/name:tag").toString());
        assertEquals("localhost/x:latest", Reference.parse("localhost/x").toString());
        assertEquals("busybox:1", Reference.parse("docker.io/library/busybox:1").toString());
        assertEquals("me/app:latest", Reference.parse("docker.io/me/app").toString());
        assertEquals("reg.example.com/a/b/c:v_1-x", Reference.parse("reg.example.com/a/b/c:v_1-x").toString());
    }

    @Test
    void rejectsBadInput() {
        for (String bad : new String[] {"", "UPPER", "a:", ":tag", "a b", "a//b", "-a", "a:-tag", "a@sha256:00", "a/:x",
                "x:" + "t".repeat(129)}) {
            assertThrows(InvalidArgumentException.class, () -> Reference.parse(bad), bad);
        }
    }

    @Test
    void repoAndTagParametersAsTheApiSendsThem() {
        assertEquals("me/bb:v1", Reference.parse("me/bb", "v1").toString());
        assertEquals("me/bb:zz", Reference.parse("me/bb:t2", "zz").toString());
        assertEquals("me/bb:t2", Reference.parse("me/bb:t2", "").toString());
        assertEquals("invalid tag format", assertThrows(InvalidArgumentException.class,
                () -> Reference.parse("me/bb", "v!")).getMessage());
        assertEquals("invalid reference format", assertThrows(InvalidArgumentException.class,
                () -> Reference.parse("", "x")).getMessage());
        assertEquals("invalid reference format: repository name must be lowercase", assertThrows(InvalidArgumentException.class,
                () -> Reference.parse("Me/bb")).getMessage());
    }
}
