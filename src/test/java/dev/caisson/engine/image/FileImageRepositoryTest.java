package dev.caisson.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileImageRepositoryTest extends ImageRepositoryContract {
    @TempDir
    Path dir;

    @Override
    protected ImageRepository repository() {
        return new FileImageRepository(dir.resolve("images"));
    }

    @Override
    protected ImageRepository reopen() {
        return new FileImageRepository(dir.resolve("images"));
    }

    @Test
    void readsTheStateFileOfEarlierVersionsWhichHadNoCreationTimes() throws IOException {
        Files.createDirectories(dir.resolve("images"));
        Files.writeString(dir.resolve("images/state.json"),
                "{\"images\":{\"" + A + "\":\"\",\"" + B + "\":\"" + A + "\"},\"tags\":{\"bb:latest\":\"" + A + "\"}}");
        assertThat(repository().load()).isEqualTo(index(
                java.util.Map.of(A, entry(null, null), B, entry(A, null)), java.util.Map.of("bb:latest", A)));
    }
}
