package dev.caisson.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileContainerRepositoryTest extends ContainerRepositoryContract {
    @TempDir
    Path dir;

    @Override
    protected ContainerRepository repository() {
        return new FileContainerRepository(dir);
    }

    @Override
    protected ContainerRepository reopen() {
        return new FileContainerRepository(dir);
    }

    @Override
    protected void prepare(String id) {
        try {
            Files.createDirectories(dir.resolve(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aDirectoryWithoutConfigIsNoContainer() throws IOException {
        Files.createDirectories(dir.resolve(SampleContainers.id(5)));
        assertThat(repository().loadAll()).isEmpty();
    }

    @Test
    void theConfigIsReplacedWholeAndNoTempFileStays() throws IOException {
        Container c = SampleContainers.full(SampleContainers.id(1), "web");
        prepare(c.id());
        repository().save(c);
        try (var files = Files.list(dir.resolve(c.id()))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("config.json");
        }
        assertThat(ContainerCodec.fromJson(Files.readString(dir.resolve(c.id()).resolve("config.json")))).isEqualTo(c);
    }
}
