package dev.caisson.platform;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.caisson.engine.Engine;
import dev.caisson.engine.dns.EmbeddedDns;
import dev.caisson.engine.image.Image;
import dev.caisson.engine.network.EmbeddedDnsHooks;
import dev.caisson.engine.network.PortPublisherHooks;
import dev.caisson.engine.portmap.PortBinding;
import dev.caisson.engine.portmap.PortPublisher;
import dev.caisson.engine.portmap.PortSpecs;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.NetworkingConfig;

/**
 * Docker's embedded DNS and published ports, plugged into the engine's networks. Published
 * ports are kernel rules that outlive the platform; at start the ones of containers that are
 * gone are removed. The DNS server lives in this process: running containers are attached again
 * when the hooks are registered.
 */
@Configuration(proxyBeanMethods = false)
class NetworkServicesConfiguration {
    /** Both services, closed before the engine (this bean depends on it). */
    record NetworkServices(EmbeddedDns dns, PortPublisher ports) implements AutoCloseable {
        @Override
        public void close() {
            dns.close();
            ports.close();   // the rules stay: containers keep their ports while the platform is down
        }
    }

    @Bean(destroyMethod = "close")
    NetworkServices networkServices(Engine engine, CaissonProperties props) {
        PortPublisher ports = PortPublisher.open(props.network().portTable());
        Set<String> running = new HashSet<>();
        engine.containers().list().stream().filter(c -> c.state().running()).forEach(c -> running.add(c.id()));
        ports.reconcile(running);
        EmbeddedDns dns = upstreams(props.network().dnsUpstream()).map(EmbeddedDns::start).orElseGet(EmbeddedDns::start);
        engine.networks().addHooks(new EmbeddedDnsHooks(dns, engine.networks()));
        engine.networks().addHooks(new PortPublisherHooks(ports, engine.networks(), c -> bindings(engine, c)));
        return new NetworkServices(dns, ports);
    }

    /** caisson.network.dns-upstream: "10.0.0.53, 127.0.0.1:5353"; empty when unset. */
    static java.util.Optional<List<java.net.InetSocketAddress>> upstreams(String v) {
        if (v == null || v.isBlank()) {
            return java.util.Optional.empty();
        }
        List<java.net.InetSocketAddress> out = new ArrayList<>();
        for (String s : v.split(",")) {
            String t = s.trim();
            int colon = t.lastIndexOf(':');
            out.add(colon < 0 ? new java.net.InetSocketAddress(t, 53)
                    : new java.net.InetSocketAddress(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1))));
        }
        return java.util.Optional.of(out);
    }

    /** -p's bindings, and with -P every exposed port (the image's too) not bound already, on an ephemeral port. */
    static List<PortBinding> bindings(Engine engine, Container c) {
        NetworkingConfig n = c.spec().networking();
        List<PortBinding> out = new ArrayList<>(n.portBindings());
        if (n.publishAllPorts()) {
            Set<String> exposed = new java.util.LinkedHashSet<>(n.exposedPorts());
            engine.images().find(c.imageId()).map(Image::config).ifPresent(cfg -> cfg.exposedPorts()
                    .forEach(p -> exposed.add(p.contains("/") ? p : p + "/tcp")));
            for (String key : exposed) {
                boolean bound = out.stream().anyMatch(b -> (b.containerPort() + "/" + b.protocol().wireName()).equals(key));
                if (!bound) {
                    out.addAll(PortSpecs.parse(key));
                }
            }
        }
        return out;
    }
}
