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
import dev.caisson.testsupport.TestHost;

/** The platform starts with its embedded defaults (data and run dirs moved to temp) and installs the shim safely. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CaissonApplicationIT {
    private static Path data;
    private static Path run;

    @Autowired
    Engine engine;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        TestHost.requireRoot();
        data = TestHost.shortTempDir("capp");
        run = TestHost.shortTempDir("capr");
        r.add("caisson.data-dir", data::toString);
        r.add("caisson.run-dir", run::toString);
        r.add("caisson.api.socket", () -> run.resolve("caisson.sock").toString());
    }

    @AfterAll
    static void clean() throws IOException {
        TestHost.deleteTree(data);
        TestHost.deleteTree(run);
    }

    @Test
    void engineIsWiredAndTheShimIsRootOwnedAndReadOnly() throws IOException {
        assertThat(engine.dataDir()).isEqualTo(data);
        Path shim = data.resolve("bin/caisson-shim");
        assertThat(shim).isRegularFile().isExecutable();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shim))).isEqualTo("r-xr-xr-x");
        assertThat(Files.getOwner(shim).getName()).isEqualTo("root");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shim.getParent()))).isEqualTo("rwxr-xr-x");
        assertThat(engine.containers().list()).isEmpty();
    }
}
