package dev.caisson.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.image.FileImageRepository;
import dev.caisson.engine.image.ImageIndex;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.FileContainerRepository;
import dev.caisson.engine.runtime.SampleContainers;

/** A data dir written by the file metadata is taken over by the database once, whole or not at all. */
class FileMetadataImportTest {
    @TempDir
    Path data;
    TestDatabase db;
    JdbcContainerRepository containers;
    JdbcImageRepository images;

    private final Container web = SampleContainers.full(SampleContainers.id(1), "web");
    private final Container db1 = SampleContainers.running(SampleContainers.full(SampleContainers.id(2), "db"));
    private final ImageIndex index = new ImageIndex(
            Map.of("sha256:" + "a".repeat(64), new ImageIndex.Entry(null, null, java.time.Instant.parse("2024-01-01T00:00:00Z"))),
            Map.of("bb:latest", "sha256:" + "a".repeat(64), "bb:2", "sha256:" + "a".repeat(64)));

    @BeforeEach
    void database() {
        db = TestDatabase.in(data.resolve("db"));
        containers = new JdbcContainerRepository(db.jdbc());
        images = new JdbcImageRepository(db.jdbc(), db.tx());
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    private FileMetadataImport importer() {
        return new FileMetadataImport(data, db.jdbc(), db.tx());
    }

    private void fileMetadata(Container... cs) throws IOException {
        FileContainerRepository files = new FileContainerRepository(data.resolve("containers"));
        for (Container c : cs) {
            Files.createDirectories(data.resolve("containers").resolve(c.id()));
            files.save(c);
        }
        new FileImageRepository(data.resolve("images")).save(index);
    }

    @Test
    void importsContainersImagesAndTagsOnceAndRetiresTheFiles() throws IOException {
        fileMetadata(web, db1);
        assertThat(importer().runOnce(containers, images)).isTrue();

        assertThat(containers.loadAll()).containsExactlyInAnyOrder(web, db1);
        assertThat(images.load()).isEqualTo(index);
        assertThat(data.resolve("containers").resolve(web.id()).resolve("config.json")).doesNotExist();
        assertThat(data.resolve("containers").resolve(web.id()).resolve("config.json.imported")).exists();
        assertThat(data.resolve("images/state.json")).doesNotExist();
        assertThat(data.resolve("images/state.json.imported")).exists();
        assertThat(db.jdbc().sql("SELECT containers, images FROM metadata_imports").query().singleRow())
                .containsEntry("CONTAINERS", 2).containsEntry("IMAGES", 1);

        containers.delete(web.id());
        fileMetadata(web);   // files showing up again later (an older engine run) are not imported twice
        assertThat(importer().runOnce(containers, images)).isFalse();
        assertThat(containers.loadAll()).containsExactly(db1);
    }

    @Test
    void aFreshDataDirImportsNothingButIsMarkedDone() {
        assertThat(importer().runOnce(containers, images)).isTrue();
        assertThat(db.count("containers")).isZero();
        assertThat(db.count("images")).isZero();
        assertThat(db.count("metadata_imports")).isEqualTo(1);
    }

    @Test
    void anImportThatFailsWritesNothingAndKeepsTheFiles() throws IOException {
        Container clash = SampleContainers.full(SampleContainers.id(3), "web");   // a name twice: the database refuses
        fileMetadata(web, clash);
        assertThatThrownBy(() -> importer().runOnce(containers, images)).isInstanceOf(ConflictException.class);
        assertThat(db.count("containers")).isZero();
        assertThat(db.count("images")).isZero();
        assertThat(db.count("metadata_imports")).isZero();
        assertThat(data.resolve("containers").resolve(web.id()).resolve("config.json")).exists();
        assertThat(data.resolve("images/state.json")).exists();
    }
}
