package dev.caisson.engine.volume;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

class FileVolumeRepositoryTest extends VolumeRepositoryContract {
    @TempDir
    Path dir;

    @Override
    protected VolumeRepository repository() {
        return new FileVolumeRepository(dir);
    }

    @Override
    protected VolumeRepository reopen() {
        return new FileVolumeRepository(dir);
    }
}
