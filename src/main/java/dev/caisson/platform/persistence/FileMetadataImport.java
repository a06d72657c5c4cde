package dev.caisson.platform.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.caisson.engine.image.FileImageRepository;
import dev.caisson.engine.image.ImageIndex;
import dev.caisson.engine.image.ImageRepository;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRepository;
import dev.caisson.engine.runtime.FileContainerRepository;

/**
 * The upgrade path from the engine's file metadata (a data dir used before the platform had a
 * database, or by the engine library alone): on the first start with a database, every
 * containers/&lt;id&gt;/config.json and images/state.json is copied in, in one transaction
 * with a row in {@code metadata_imports} that keeps it from ever running again. The files are
 * then renamed to *.imported, so nobody mistakes them for the current state.
 */
final class FileMetadataImport {
    static final String SOURCE = "data-dir-files";
    static final String IMPORTED = ".imported";
    private static final System.Logger LOG = System.getLogger(FileMetadataImport.class.getName());

    private final Path dataDir;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    FileMetadataImport(Path dataDir, JdbcClient jdbc, TransactionTemplate tx) {
        this.dataDir = dataDir;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** @return whether this call imported (false: done before) */
    boolean runOnce(ContainerRepository containers, ImageRepository images) {
        if (jdbc.sql("SELECT COUNT(*) FROM metadata_imports WHERE source = ?").param(SOURCE).query(Integer.class).single() > 0) {
            return false;
        }
        Path containersDir = dataDir.resolve("containers");
        Path imagesDir = dataDir.resolve("images");
        List<Container> fileContainers = new FileContainerRepository(containersDir).loadAll();
        ImageIndex fileImages = new FileImageRepository(imagesDir).load();
        tx.executeWithoutResult(s -> {
            fileContainers.forEach(containers::save);
            if (!fileImages.images().isEmpty() || !fileImages.tags().isEmpty()) {
                images.save(fileImages);
            }
            jdbc.sql("INSERT INTO metadata_imports (source, imported_at, containers, images) VALUES (?, ?, ?, ?)")
                    .params(SOURCE, JdbcContainerRepository.utc(Instant.now()), fileContainers.size(), fileImages.images().size())
                    .update();
        });
        for (Container c : fileContainers) {
            retire(containersDir.resolve(c.id()).resolve(FileContainerRepository.CONFIG));
        }
        retire(imagesDir.resolve(FileImageRepository.FILE));
        if (!fileContainers.isEmpty() || !fileImages.images().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "imported the file metadata of " + dataDir + ": " + fileContainers.size()
                    + " containers, " + fileImages.images().size() + " images, " + fileImages.tags().size() + " tags");
        }
        return true;
    }

    /** Best effort: the import is already committed, and the marker row keeps it from repeating. */
    private static void retire(Path file) {
        try {
            if (Files.exists(file)) {
                Files.move(file, file.resolveSibling(file.getFileName() + IMPORTED));
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "imported, but could not rename " + file + ": " + e.getMessage());
        }
    }
}
