package dev.caisson.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What every {@link VolumeRepository} must do; each implementation's test extends this. */
public abstract class VolumeRepositoryContract {
    /** A fresh, empty repository. */
    protected abstract VolumeRepository repository();

    /** The same storage opened again, as a restarted engine would. */
    protected abstract VolumeRepository reopen();

    static Volume sample(String name) {
        return new Volume(name, "local", Instant.parse("2026-01-02T03:04:05Z"),
                Map.of("com.example/owner", "ünïcode \"quoted\"", Volume.ANONYMOUS_LABEL, ""),
                Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=64m,uid=1000"));
    }

    @Test
    void startsEmpty() {
        assertThat(repository().loadAll()).isEmpty();
    }

    @Test
    void aVolumeComesBackEqualAfterReopening() {
        Volume v = sample("data-1");
        Volume plain = new Volume("plain", "local", Instant.parse("2026-01-02T03:04:06Z"), null, null);
        repository().save(v);
        repository().save(plain);
        assertThat(reopen().loadAll()).containsExactlyInAnyOrder(v, plain);
    }

    @Test
    void saveReplacesAndDeleteForgetsOneIgnoringUnknownNames() {
        VolumeRepository r = repository();
        r.save(sample("a1"));
        r.save(sample("b1"));
        Volume relabeled = new Volume("a1", "local", Instant.parse("2026-01-02T03:04:05Z"), Map.of("k", "v"), null);
        r.save(relabeled);
        r.delete("b1");
        r.delete("nothing-here");
        assertThat(reopen().loadAll()).containsExactly(relabeled);
    }
}
