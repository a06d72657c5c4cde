package dev.caisson.platform;

import java.io.IOException;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.caisson.engine.Engine;

/** Wraps the plain-Java engine library as the platform's one Engine bean, its metadata in the database. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CaissonProperties.class)
class EngineConfiguration {
    @Bean(destroyMethod = "close")
    Engine engine(CaissonProperties props, Engine.Metadata metadata) throws IOException {
        return Engine.open(props.dataDir(), props.runDir().resolve("shims"), metadata);
    }
}
