package dev.caisson;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caisson.engine.Engine;
import dev.caisson.testsupport.PlatformDirs;

/** The platform starts with its embedded defaults (data and run dirs moved to temp) and installs the shim safely. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CaissonApplicationIT {
    private static PlatformDirs dirs;

    @Autowired
    Engine engine;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "capp");
    }

    @AfterAll
    static void clean() throws IOException {
        dirs.delete();
    }

    @Test
    void engineIsWiredAndTheShimIsRootOwnedAndReadOnly() throws IOException {
        assertThat(engine.dataDir()).isEqualTo(dirs.data());
        Path shim = dirs.data().resolve("bin/caisson-shim");
        assertThat(shim).isRegularFile().isExecutable();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shim))).isEqualTo("r-xr-xr-x");
        assertThat(Files.getOwner(shim).getName()).isEqualTo("root");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shim.getParent()))).isEqualTo("rwxr-xr-x");
        assertThat(engine.containers().list()).isEmpty();
    }
}
