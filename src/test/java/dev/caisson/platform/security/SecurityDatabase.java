package dev.caisson.platform.security;

import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

/** An in-memory H2 with the project's migrations, and the security services on it, without Spring. */
final class SecurityDatabase implements AutoCloseable {
    final HikariDataSource ds = new HikariDataSource();
    final JdbcTemplate jdbc;
    final TransactionTemplate tx;

    SecurityDatabase() {
        ds.setJdbcUrl("jdbc:h2:mem:sec-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUsername("sa");
        ds.setMaximumPoolSize(2);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(ds);
        tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
    }

    UserAccounts users(String adminPassword) {
        return new UserAccounts(jdbc, PasswordEncoderFactories.createDelegatingPasswordEncoder(), tx, adminPassword);
    }

    @Override
    public void close() {
        jdbc.execute("SHUTDOWN");
        ds.close();
    }
}
