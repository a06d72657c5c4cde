package dev.caisson.platform.persistence;

import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.caisson.engine.Engine;
import dev.caisson.platform.CaissonProperties;
import dev.caisson.platform.events.EventBus;

/**
 * The platform's metadata lives in its database (H2 in the data dir by default, schema by
 * Flyway from db/migration): the engine gets JDBC repositories instead of its JSON files, after
 * a one-time import of those files; the event bus gets a table for its recent events and the
 * Engine API one for its exec instances.
 */
@Configuration(proxyBeanMethods = false)
class PersistenceConfiguration {
    @Bean
    @DependsOnDatabaseInitialization
    Engine.Metadata engineMetadata(CaissonProperties props, JdbcClient jdbc, PlatformTransactionManager txManager) {
        TransactionTemplate tx = new TransactionTemplate(txManager);
        JdbcContainerRepository containers = new JdbcContainerRepository(jdbc);
        JdbcImageRepository images = new JdbcImageRepository(jdbc, tx);
        new FileMetadataImport(props.dataDir(), jdbc, tx).runOnce(containers, images);
        return new Engine.Metadata(containers, images, new JdbcNetworkRepository(jdbc));
    }

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    JdbcExecRecords execRecords(JdbcClient jdbc) {
        return new JdbcExecRecords(jdbc);
    }

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    JdbcRecentEvents recentEvents(JdbcClient jdbc) {
        return new JdbcRecentEvents(jdbc, EventBus.RECENT);
    }
}
