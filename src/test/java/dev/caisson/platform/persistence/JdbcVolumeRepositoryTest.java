package dev.caisson.platform.persistence;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import dev.caisson.engine.volume.VolumeRepository;
import dev.caisson.engine.volume.VolumeRepositoryContract;

class JdbcVolumeRepositoryTest extends VolumeRepositoryContract {
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
    protected VolumeRepository repository() {
        return new JdbcVolumeRepository(db.jdbc());
    }

    @Override
    protected VolumeRepository reopen() {
        db = db.reopen();
        return new JdbcVolumeRepository(db.jdbc());
    }
}
