import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.caisson.engine.Engine;
import dev.caisson.engine.runtime.ContainerSpec;

/**
 * Engine core benchmark (run through bench/engine-bench.sh, as root):
 *  1. create + start + wait + remove of `true` from the loaded busybox image, N runs: p50/p90
 *  2. resident memory of a shim whose container sleeps
 */
public class EngineBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path data = Files.createTempDirectory(Path.of("/tmp"), "cbench");
        Path run = Files.createTempDirectory(Path.of("/tmp"), "cbrun");
        try (Engine engine = Engine.open(data, run)) {
            try (InputStream in = Files.newInputStream(Path.of("src/test/resources/fixtures/busybox-docker-save.tar"))) {
                engine.images().load(in);
            }
            var rt = engine.containers();
            ContainerSpec spec = ContainerSpec.builder("bb:latest").cmd("true").build();
            for (int i = 0; i < 10; i++) {   // warm up the JIT and the page cache
                cycle(rt, spec);
            }
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                cycle(rt, spec);
                ms.add((System.nanoTime() - t0) / 1e6);
            }
            Collections.sort(ms);
            System.out.printf("mean per phase: create %.1f ms, start %.1f ms, wait %.1f ms, remove %.1f ms%n",
                    (PHASES[0] - 0) / (runs + 10), PHASES[1] / (runs + 10), PHASES[2] / (runs + 10), PHASES[3] / (runs + 10));
            System.out.printf("create+start+wait+remove of `true` (%d runs): p50 %.1f ms, p90 %.1f ms, min %.1f ms, max %.1f ms%n",
                    runs, pct(ms, 50), pct(ms, 90), ms.get(0), ms.get(ms.size() - 1));

            String id = rt.create(ContainerSpec.builder("bb:latest").cmd("sleep", "30").build()).id();
            rt.start(id);
            Thread.sleep(300);
            int shim = rt.get(id).state().shimPid();
            String rss = Files.readAllLines(Path.of("/proc/" + shim + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
            System.out.println("shim resident memory while its container sleeps: " + rss.substring(6).trim());
            rt.remove(id, true);
        } finally {
            delete(data);
            delete(run);
        }
    }

    static final double[] PHASES = new double[4];

    private static void cycle(dev.caisson.engine.runtime.ContainerRuntime rt, ContainerSpec spec) {
        long t0 = System.nanoTime();
        String id = rt.create(spec).id();
        long t1 = System.nanoTime();
        rt.start(id);
        long t2 = System.nanoTime();
        if (rt.waitFor(id, 30, TimeUnit.SECONDS).orElseThrow().exitCode() != 0) {
            throw new IllegalStateException("`true` failed in " + id);
        }
        long t3 = System.nanoTime();
        rt.remove(id, false);
        long t4 = System.nanoTime();
        PHASES[0] += (t1 - t0) / 1e6; PHASES[1] += (t2 - t1) / 1e6; PHASES[2] += (t3 - t2) / 1e6; PHASES[3] += (t4 - t3) / 1e6;
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
