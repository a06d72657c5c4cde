package dev.caisson.platform;

import java.io.IOException;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.caisson.engine.Engine;
import dev.caisson.engine.cgroup.CgroupDriver;
import dev.caisson.engine.network.NetworkOptions;

/** Wraps the plain-Java engine library as the platform's one Engine bean, its metadata in the database. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CaissonProperties.class)
class EngineConfiguration {
    @Bean(destroyMethod = "close")
    Engine engine(CaissonProperties props, Engine.Metadata metadata) throws IOException {
        CaissonProperties.Network net = props.network();
        NetworkOptions options = new NetworkOptions(net.bridge().equals("none") ? null : net.bridge(), net.defaultSubnet(),
                null, net.mtu(), props.runDir().resolve("netns"));
        return Engine.open(props.dataDir(), props.runDir().resolve("shims"), CgroupDriver.detect(), "caisson", metadata, options);
    }
}
