package dev.caisson.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRepository;
import dev.caisson.engine.runtime.ContainerRepositoryContract;
import dev.caisson.engine.runtime.SampleContainers;

class JdbcContainerRepositoryTest extends ContainerRepositoryContract {
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
    protected ContainerRepository repository() {
        return new JdbcContainerRepository(db.jdbc());
    }

    @Override
    protected ContainerRepository reopen() {
        db = db.reopen();
        return new JdbcContainerRepository(db.jdbc());
    }

    @Override
    protected void prepare(String id) {
        // rows need no directory
    }

    @Test
    void queriedFieldsAreRealColumns() {
        Container c = SampleContainers.running(SampleContainers.full(SampleContainers.id(1), "web"));
        repository().save(c);
        Map<String, Object> row = db.jdbc().sql("SELECT id, name, image_id, status, created FROM containers")
                .query().singleRow();
        assertThat(row).containsEntry("ID", c.id()).containsEntry("NAME", "web").containsEntry("IMAGE_ID", c.imageId())
                .containsEntry("STATUS", "running");
        assertThat(((OffsetDateTime) row.get("CREATED")).toInstant()).isEqualTo(c.created());
    }

    @Test
    void aNameTakenByAnotherContainerIsDockersConflictAndWritesNothing() {
        ContainerRepository r = repository();
        Container a = SampleContainers.full(SampleContainers.id(1), "web");
        r.save(a);
        Container b = SampleContainers.full(SampleContainers.id(2), "web");
        assertThatThrownBy(() -> r.save(b)).isInstanceOf(ConflictException.class).hasMessage(
                "Conflict. The container name \"/web\" is already in use by container \"" + a.id()
                        + "\". You have to remove (or rename) that container to be able to reuse that name.");
        Container c = SampleContainers.full(SampleContainers.id(3), "other");
        r.save(c);
        assertThatThrownBy(() -> r.save(SampleContainers.renamed(c, "web"))).isInstanceOf(ConflictException.class);
        assertThat(reopen().loadAll()).containsExactlyInAnyOrder(a, c);
    }

    @Test
    void aNameIsFreeAgainOnceItsContainerIsDeleted() {
        ContainerRepository r = repository();
        r.save(SampleContainers.full(SampleContainers.id(1), "web"));
        r.delete(SampleContainers.id(1));
        Container b = SampleContainers.full(SampleContainers.id(2), "web");
        r.save(b);
        assertThat(reopen().loadAll()).containsExactly(b);
    }

    /** Not a benchmark: a guard that a save stays far below what a container start may spend on it. */
    @Test
    void aSaveIsCheapEnoughForTheStartPath() {
        JdbcContainerRepository r = new JdbcContainerRepository(db.jdbc());
        Container c = SampleContainers.full(SampleContainers.id(1), "web");
        for (int i = 0; i < 500; i++) {   // warm-up
            r.save(i % 2 == 0 ? c : SampleContainers.running(c));
        }
        int n = 2000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            r.save(i % 2 == 0 ? c : SampleContainers.running(c));
        }
        double micros = (System.nanoTime() - t0) / 1e3 / n;
        System.out.printf("JdbcContainerRepository.save: %.0f µs per save (mean of %d)%n", micros, n);
        assertThat(micros).isLessThan(5_000);
    }
}
