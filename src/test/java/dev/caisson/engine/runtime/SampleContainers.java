package dev.caisson.engine.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.caisson.engine.cgroup.Resources;
import dev.caisson.engine.image.Healthcheck;

/** Containers with every part of their metadata filled in, for the repository suites. */
public final class SampleContainers {
    private SampleContainers() {
    }

    /** Ids are 64 hex digits, as the runtime makes them; {@code n} picks one. */
    public static String id(int n) {
        return String.format("%064x", 0xabc000L + n);
    }

    public static Container full(String id, String name) {
        ContainerSpec spec = ContainerSpec.builder("bb:latest").name(name).cmd("sh", "-c", "echo 'quoted \"text\"' ünïcode")
                .entrypoint(List.of("/bin/entry")).env("A=1").env("B=two words").workingDir("/srv").user("1000:1000")
                .groupAdd(List.of("audio")).hostname("h").domainname("example.org").label("com.example/tier", "web")
                .tty(true).openStdin(true).stdinOnce(true).stopSignal("SIGINT").stopTimeout(3)
                .resources(Resources.none().withMemory(64L << 20).withMemorySwap(128L << 20).withNanoCpus(500_000_000L)
                        .withCpusetCpus("0").withPidsLimit(100L).withOomKillDisable(false))
                .capAdd(List.of("NET_ADMIN")).capDrop(List.of("MKNOD")).readonlyRootfs(true).networkMode("host")
                .ulimits(List.of(new Ulimit("nofile", 1024, 2048)))
                .mount(MountSpec.bind("/tmp/x", "/data", true)).mount(MountSpec.tmpfs("/run", "size=1m"))
                .mount(new MountSpec(MountSpec.Type.VOLUME, "/var/lib/caisson/volumes/web-data/_data", "/srv/data", false, "",
                        "web-data", "local", "z", "", true, true, false, false))
                .volumes(new VolumeConfig(List.of("web-data:/srv/data"), List.of(new MountRequest("volume", "v1", "/v", true,
                        null, new MountRequest.VolumeOptions(true, java.util.Map.of("a", "b"), "local",
                        java.util.Map.of("type", "tmpfs", "device", "tmpfs")), null),
                        new MountRequest("tmpfs", "", "/t", false, null, null, new MountRequest.TmpfsOptions(1 << 20, 01777)),
                        new MountRequest("bind", "/h", "/b", false, new MountRequest.BindOptions("rslave", false, true), null, null)),
                        java.util.Map.of("/run", "size=1m"), List.of("other:ro"), "local", List.of("/data")))
                .noNewPrivileges(true).restartPolicy(new RestartPolicy("on-failure", 3)).init(true)
                .healthcheck(new Healthcheck(List.of("CMD-SHELL", "true"), Duration.ofSeconds(5), Duration.ofSeconds(2),
                        Duration.ofMillis(1500), 4))
                .build();
        Container.Config config = new Container.Config(List.of("/bin/entry"), List.of("sh", "-c", "true"),
                List.of("PATH=/bin", "A=1"), "/srv", "1000:1000", "h", "example.org", "SIGINT");
        Health health = new Health(Health.UNHEALTHY, 4, List.of(new Health.Probe(Instant.parse("2024-05-06T07:08:09.5Z"),
                Instant.parse("2024-05-06T07:08:09.6Z"), 1, "not ready\n")));
        ContainerState state = new ContainerState(ContainerState.Status.EXITED, 0, 0, 3, true, "boom",
                Instant.parse("2024-05-06T07:08:09.123456789Z"), Instant.parse("2024-05-06T07:08:10.5Z"), 2, true, health);
        return new Container(id, name, Instant.parse("2024-05-06T07:08:00.000000001Z"),
                "sha256:" + "ab".repeat(32), spec, config, state);
    }

    /** The same container in another state (what a start records). */
    public static Container running(Container c) {
        return c.withState(c.state().started(4242, 4241, Instant.parse("2024-05-07T00:00:00Z")));
    }

    public static Container renamed(Container c, String name) {
        return c.withName(name);
    }
}
