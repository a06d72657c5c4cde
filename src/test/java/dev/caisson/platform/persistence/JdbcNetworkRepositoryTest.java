package dev.caisson.platform.persistence;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import dev.caisson.engine.network.NetworkRepository;
import dev.caisson.engine.network.NetworkRepositoryContract;
import dev.caisson.engine.runtime.SampleContainers;

class JdbcNetworkRepositoryTest extends NetworkRepositoryContract {
    @TempDir
    Path dir;
    TestDatabase db;

    @BeforeEach
    void database() {
        db = TestDatabase.in(dir);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Override
    protected NetworkRepository repository() {
        return new JdbcNetworkRepository(db.jdbc());
    }

    @Override
    protected NetworkRepository reopen() {
        db = db.reopen();
        return new JdbcNetworkRepository(db.jdbc());
    }

    /** network_endpoints rows refer to their container's row. */
    @Override
    protected void prepare(String containerId) {
        new JdbcContainerRepository(db.jdbc()).save(SampleContainers.full(containerId, "c" + containerId.substring(60)));
    }
}
