package dev.caisson.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real docker CLI pointed at a Caisson socket, with a config dir of its own. */
public record DockerCli(Path socket, Path configDir) {
    public static DockerCli of(PlatformDirs dirs) {
        return new DockerCli(dirs.socket(), dirs.root().resolve("docker-config"));
    }

    public record Result(int code, String out, String err) {
    }

    public Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DOCKER_HOST", "unix://" + socket);
        pb.environment().put("DOCKER_CONFIG", configDir.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " hung");
        }
        return new Result(p.exitValue(), out, err);
    }

    /** Runs and asserts success; returns stdout. */
    public String ok(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        assertThat(r.code()).as("docker " + String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    /** Removes every container (the tests' cleanup). */
    public void removeAllContainers() throws IOException, InterruptedException {
        String all = run("ps", "-aq").out().trim();
        if (!all.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(List.of(all.split("\\s+")));
            run(args.toArray(String[]::new));
        }
    }
}
