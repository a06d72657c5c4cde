package dev.caisson.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * What every {@link ContainerRepository} must do; each implementation's test extends this.
 * The repository is given container directories that exist (the runtime creates them first).
 */
public abstract class ContainerRepositoryContract {
    /** A fresh, empty repository. */
    protected abstract ContainerRepository repository();

    /** The same storage opened again, as a restarted engine would. */
    protected abstract ContainerRepository reopen();

    /** Called before a container is saved: its bundle directory exists by then. */
    protected abstract void prepare(String id);

    @Test
    void startsEmpty() {
        assertThat(repository().loadAll()).isEmpty();
    }

    @Test
    void aFullContainerComesBackEqualAfterReopening() {
        ContainerRepository r = repository();
        Container c = SampleContainers.full(SampleContainers.id(1), "web");
        prepare(c.id());
        r.save(c);
        assertThat(reopen().loadAll()).containsExactly(c);
    }

    @Test
    void saveReplacesTheRecordWithTheSameId() {
        ContainerRepository r = repository();
        Container c = SampleContainers.full(SampleContainers.id(1), "web");
        prepare(c.id());
        r.save(c);
        Container running = SampleContainers.running(c);
        r.save(running);
        Container renamed = SampleContainers.renamed(running, "web2");
        r.save(renamed);
        assertThat(reopen().loadAll()).containsExactly(renamed);
        assertThat(renamed.state().status()).isEqualTo(ContainerState.Status.RUNNING);
    }

    @Test
    void deleteForgetsOneAndIgnoresUnknownIds() {
        ContainerRepository r = repository();
        Container a = SampleContainers.full(SampleContainers.id(1), "a1");
        Container b = SampleContainers.full(SampleContainers.id(2), "b1");
        prepare(a.id());
        prepare(b.id());
        r.save(a);
        r.save(b);
        r.delete(a.id());
        r.delete(SampleContainers.id(99));
        assertThat(reopen().loadAll()).containsExactly(b);
    }

    @Test
    void manyContainers() {
        ContainerRepository r = repository();
        for (int i = 0; i < 20; i++) {
            Container c = SampleContainers.full(SampleContainers.id(i), "n" + i);
            prepare(c.id());
            r.save(c);
        }
        List<Container> all = reopen().loadAll().stream().sorted(Comparator.comparing(Container::id)).toList();
        assertThat(all).hasSize(20);
        assertThat(all.get(7)).isEqualTo(SampleContainers.full(SampleContainers.id(7), "n7"));
    }
}
