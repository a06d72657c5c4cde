package dev.caisson.platform.persistence;

import java.nio.file.Path;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

/**
 * An H2 file database in a temp dir with the project's migrations applied, pooled as the
 * platform runs it, without starting Spring. {@link #reopen} closes the pool (and so the
 * database file) and opens it again, so what a test reads back really came from the file.
 */
record TestDatabase(Path dir, HikariDataSource dataSource, JdbcClient jdbc, TransactionTemplate tx) implements AutoCloseable {
    static TestDatabase in(Path dir) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl("jdbc:h2:file:" + dir.resolve("caisson") + ";DB_CLOSE_ON_EXIT=FALSE");
        ds.setUsername("sa");
        ds.setMaximumPoolSize(4);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return new TestDatabase(dir, ds, JdbcClient.create(ds), new TransactionTemplate(new DataSourceTransactionManager(ds)));
    }

    TestDatabase reopen() {
        close();
        return in(dir);
    }

    int count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Integer.class).single();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
