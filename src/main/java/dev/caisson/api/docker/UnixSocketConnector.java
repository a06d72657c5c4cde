package dev.caisson.api.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.caisson.platform.CaissonProperties;

/**
 * Serves the same application on the Engine API unix socket (caisson.api.socket) as on
 * the HTTP port: Tomcat's NIO connector listens on a unix domain socket by itself, so the
 * docker CLI, docker-py and Testcontainers reach the same controllers either way.
 */
@Configuration(proxyBeanMethods = false)
class UnixSocketConnector {
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> engineApiSocket(CaissonProperties props) {
        return factory -> {
            Path socket = props.api().socket();
            try {
                Files.createDirectories(socket.getParent());
                Files.deleteIfExists(socket);   // a stale socket from a previous run
            } catch (IOException e) {
                throw new IllegalStateException("cannot prepare " + socket + ": " + e.getMessage(), e);
            }
            Connector c = new Connector("org.apache.coyote.http11.Http11NioProtocol");
            c.setProperty("unixDomainSocketPath", socket.toString());
            c.setProperty("unixDomainSocketPathPermissions", "rw-rw----");
            c.setPort(-1);
            factory.addAdditionalConnectors(c);
            // docker-java sends image names with their slash encoded ("/images/testcontainers%2Fryuk:0.14.0/json"),
            // which Tomcat refuses by default; Docker decodes it
            c.setEncodedSolidusHandling("decode");
            factory.addConnectorCustomizers(main -> main.setEncodedSolidusHandling("decode"));
        };
    }
}
