import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.caisson.engine.Engine;
import dev.caisson.engine.cgroup.CgroupDriver;
import dev.caisson.engine.dns.EmbeddedDns;
import dev.caisson.engine.network.EmbeddedDnsHooks;
import dev.caisson.engine.network.NetworkCreate;
import dev.caisson.engine.network.NetworkOptions;
import dev.caisson.engine.network.PortPublisherHooks;
import dev.caisson.engine.portmap.PortBinding;
import dev.caisson.engine.portmap.PortPublisher;
import dev.caisson.engine.portmap.Protocol;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.runtime.ContainerSpec;
import dev.caisson.engine.runtime.ExecSpec;
import dev.caisson.engine.runtime.NetworkingConfig;

/**
 * Network setup cost (run through bench/network-bench.sh, as root): the latency of starting a
 * `sleep` container with --network none, on the default bridge (also with one published port)
 * and on a user network, measured in turns so that drift hits all alike; p50/p90 and the p50
 * difference to none (the target: at most 10 ms). The embedded DNS and published ports are
 * plugged in as the platform does. Then 50 containers started in parallel on one user network:
 * how long until the engine knows all their names, and until a container has asked all 50
 * over DNS (target: within 1 s of the last start).
 */
public class NetworkBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path data = Files.createTempDirectory(Path.of("/tmp"), "cnbench");
        Path run = Files.createTempDirectory(Path.of("/tmp"), "cnbrun");
        String bridge = "cbench" + Long.toHexString(ProcessHandle.current().pid());
        String portTable = "caisson_bench_" + Long.toHexString(ProcessHandle.current().pid());
        EmbeddedDns dns = EmbeddedDns.start();
        PortPublisher ports = PortPublisher.open(portTable);
        Engine engine = Engine.open(data, run, CgroupDriver.detect(), "caisson-bench", Engine.Metadata.files(data),
                NetworkOptions.defaults(run.resolve("netns")).withDefaultBridge(bridge, null));
        try {
            try (InputStream in = Files.newInputStream(Path.of("src/test/resources/fixtures/busybox-docker-save.tar"))) {
                engine.images().load(in);
            }
            engine.networks().create(NetworkCreate.bridge("benchnet"));
            // as the platform wires them: the embedded DNS and published ports
            engine.networks().addHooks(new EmbeddedDnsHooks(dns, engine.networks()));
            engine.networks().addHooks(new PortPublisherHooks(ports, engine.networks(), c -> c.spec().networking().portBindings()));
            ContainerRuntime rt = engine.containers();
            String[] modes = {"none", "default", "benchnet", "default -p"};
            List<List<Double>> ms = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            NetworkingConfig onePort = NetworkingConfig.NONE.withPorts(List.of("80/tcp"),
                    List.of(PortBinding.of("127.0.0.1", 0, 80, Protocol.TCP)), false);
            for (int i = 0; i < runs + 10; i++) {
                for (int m = 0; m < modes.length; m++) {
                    ContainerSpec.Builder spec = ContainerSpec.builder("bb:latest").cmd("sleep", "30")
                            .networkMode(modes[m].split(" ")[0]);
                    if (modes[m].endsWith("-p")) {
                        spec.networking(onePort);   // one published port (-p 127.0.0.1::80)
                    }
                    String id = rt.create(spec.build()).id();
                    long t0 = System.nanoTime();
                    rt.start(id);
                    double took = (System.nanoTime() - t0) / 1e6;
                    if (i >= 10) {   // the first rounds warm up the JIT
                        ms.get(m).add(took);
                    }
                    rt.remove(id, true);
                }
            }
            ms.forEach(Collections::sort);
            for (int m = 0; m < modes.length; m++) {
                System.out.printf("start --network %-8s (%d runs): p50 %5.1f ms, p90 %5.1f ms%n", modes[m], runs,
                        pct(ms.get(m), 50), pct(ms.get(m), 90));
            }
            System.out.printf("network setup cost, p50 difference to none: default bridge %.1f ms, user network %.1f ms,"
                            + " default bridge with one published port %.1f ms (target <= 10 ms)%n",
                    pct(ms.get(1), 50) - pct(ms.get(0), 50), pct(ms.get(2), 50) - pct(ms.get(0), 50),
                    pct(ms.get(3), 50) - pct(ms.get(0), 50));

            int n = 50;
            ExecutorService pool = Executors.newFixedThreadPool(8);
            long t0 = System.nanoTime();
            List<Future<String>> started = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "svc" + i;
                started.add(pool.submit(() -> {
                    String id = rt.create(ContainerSpec.builder("bb:latest").cmd("sleep", "60").name(name)
                            .networkMode("benchnet").build()).id();
                    rt.start(id);
                    return id;
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : started) {
                ids.add(f.get());
            }
            long allStarted = System.nanoTime();
            int resolved = 0;
            for (int i = 0; i < n; i++) {
                resolved += engine.networks().resolve(ids.get(0), "svc" + i).size() == 1 ? 1 : 0;
            }
            long allResolved = System.nanoTime();
            System.out.printf("%d containers started in parallel on one network in %.0f ms; %d of %d names known %.1f ms later%n",
                    n, (allStarted - t0) / 1e6, resolved, n, (allResolved - allStarted) / 1e6);
            // the same names asked over DNS from inside the first container (busybox nslookup -> 127.0.0.11)
            Process ask = rt.exec(ids.get(0), ExecSpec.of("sh", "-c",
                    "for i in $(seq 0 " + (n - 1) + "); do nslookup svc$i >/dev/null 2>&1 || echo miss svc$i; done"));
            String misses = new String(ask.getInputStream().readAllBytes());
            ask.waitFor();
            System.out.printf("all %d names asked over the embedded DNS from a container: %s, done %.0f ms after the last start"
                            + " (target: within 1 s)%n", n, misses.isBlank() ? "all answered" : misses.trim().replace('\n', ' '),
                    (System.nanoTime() - allStarted) / 1e6);
            pool.shutdown();
            for (String id : ids) {
                rt.remove(id, true);
            }
            engine.networks().remove("benchnet");
        } finally {
            dns.close();
            ports.close();
            PortPublisher.removeTable(portTable);
            engine.close();
            new ProcessBuilder("ip", "link", "del", bridge).start().waitFor();
            String rules = new String(new ProcessBuilder("sh", "-c", "iptables-save -t filter; iptables-save -t nat").start()
                    .getInputStream().readAllBytes());
            for (String l : rules.lines().filter(l -> l.startsWith("-A CAISSON") && l.contains(bridge)).toList()) {
                String table = l.contains("MASQUERADE") ? "nat" : "filter";
                List<String> cmd = new ArrayList<>(List.of("iptables", "-w", "-t", table, "-D"));
                cmd.addAll(List.of(l.substring(3).split(" ")));
                new ProcessBuilder(cmd).start().waitFor();
            }
            delete(data);
            delete(run);
        }
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void delete(Path p) throws Exception {
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
