package dev.caisson.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.caisson.platform.events.DockerEvent;

class JdbcRecentEventsTest {
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

    private static DockerEvent event(int i) {
        return new DockerEvent("container", i % 2 == 0 ? "start" : "die", "id" + i,
                Map.of("name", "c" + i, "exitCode", "0", "com.example/label", "ü \"q\""),
                Instant.parse("2024-01-01T00:00:00Z").plusNanos(i * 1_000_001L));
    }

    @Test
    void eventsComeBackInOrderAfterAClose() throws Exception {
        JdbcRecentEvents events = new JdbcRecentEvents(db.jdbc(), 100);
        for (int i = 0; i < 5; i++) {
            events.append(event(i));
        }
        events.close();   // flushes the writer
        db = db.reopen();
        List<DockerEvent> back = new JdbcRecentEvents(db.jdbc(), 100).load(100);
        assertThat(back).containsExactly(event(0), event(1), event(2), event(3), event(4));
        assertThat(new JdbcRecentEvents(db.jdbc(), 100).load(2)).containsExactly(event(3), event(4));
    }

    @Test
    void onlyTheNewestAreKept() throws Exception {
        JdbcRecentEvents events = new JdbcRecentEvents(db.jdbc(), 50);
        for (int i = 0; i < 300; i++) {
            events.append(event(i));
        }
        events.close();
        db = db.reopen();
        assertThat(db.count("events")).isBetween(50, 50 + 64);   // trimmed every 64 writes
        JdbcRecentEvents reopened = new JdbcRecentEvents(db.jdbc(), 50);   // and at start
        assertThat(db.count("events")).isEqualTo(50);
        assertThat(reopened.load(1000)).hasSize(50).startsWith(event(250)).endsWith(event(299));
    }

    @Test
    void appendsAfterCloseAreDroppedQuietly() throws Exception {
        JdbcRecentEvents events = new JdbcRecentEvents(db.jdbc(), 10);
        events.close();
        events.append(event(1));
        assertThat(db.count("events")).isZero();
    }
}
