package dev.caisson.engine.network;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

class FileNetworkRepositoryTest extends NetworkRepositoryContract {
    @TempDir
    Path dir;

    @Override
    protected NetworkRepository repository() {
        return new FileNetworkRepository(dir);
    }

    @Override
    protected NetworkRepository reopen() {
        return new FileNetworkRepository(dir);
    }

    @Override
    protected void prepare(String containerId) {
        // files refer to no container table
    }
}
