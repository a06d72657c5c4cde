package dev.caisson.web.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The run form reads like `docker run` flags and says what is wrong per field. */
class RunFormTest {
    @Test
    void buildsTheBodyTheCliWouldSend() {
        RunForm f = new RunForm();
        f.setImage("bb:latest");
        f.setCommand("sh -c 'echo \"hi there\"; sleep 1'");
        f.setEnv("A=1\n\nB=two words\n");
        f.setPorts("8080:80\n127.0.0.1::53/udp\n9000");
        f.setVolumes("/srv/data:/data:ro");
        f.setRestart("on-failure:3");
        f.setMemory("256m");
        f.setCpus("0.5");
        f.setLabels("tier=web\nflag");
        assertThat(f.errors()).isEmpty();
        Map<String, Object> r = f.toDockerRequest();
        assertThat(r.get("Cmd")).isEqualTo(List.of("sh", "-c", "echo \"hi there\"; sleep 1"));
        assertThat(r.get("Env")).isEqualTo(List.of("A=1", "B=two words"));
        assertThat(r.get("Labels")).isEqualTo(Map.of("tier", "web", "flag", ""));
        assertThat(r.get("ExposedPorts")).isEqualTo(Map.of("80/tcp", Map.of(), "53/udp", Map.of(), "9000/tcp", Map.of()));
        @SuppressWarnings("unchecked")
        Map<String, Object> host = (Map<String, Object>) r.get("HostConfig");
        assertThat(host.get("PortBindings")).isEqualTo(Map.of(
                "80/tcp", List.of(Map.of("HostIp", "", "HostPort", "8080")),
                "53/udp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "")),
                "9000/tcp", List.of(Map.of("HostIp", "", "HostPort", ""))));
        assertThat(host.get("Binds")).isEqualTo(List.of("/srv/data:/data:ro"));
        assertThat(host.get("RestartPolicy")).isEqualTo(Map.of("Name", "on-failure", "MaximumRetryCount", 3));
        assertThat(host.get("Memory")).isEqualTo(256L << 20);
        assertThat(host.get("NanoCpus")).isEqualTo(500_000_000L);
    }

    @Test
    void eachBadFieldHasItsMessage() {
        RunForm f = new RunForm();
        f.setName("x");
        f.setCommand("echo 'unterminated");
        f.setPorts("80:80:80:80");
        f.setVolumes("novolume");
        f.setRestart("sometimes");
        f.setMemory("lots");
        f.setCpus("-1");
        f.setEnv("=x");
        assertThat(f.errors()).containsOnlyKeys("image", "name", "command", "ports", "volumes", "restart", "memory", "cpus", "env");
        assertThat(f.errors().get("ports")).contains("80:80:80:80");
    }
}
