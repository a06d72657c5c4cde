package dev.caisson.engine.runtime;

import static dev.caisson.engine.runtime.RuntimeHarness.busybox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.storage.Change;

/** Behaviour every cgroup driver must give containers; run once per driver by subclasses. */
abstract class ContainerRuntimeSuite {
    abstract RuntimeHarness h();

    /** Directories of the container's cgroup in every hierarchy of the driver under test. */
    abstract List<Path> cgroupDirs(String id) throws IOException;

    @Test
    void commandIsPid1AndSeesOnlyItsOwnProcesses() {
        String out = h().output(busybox("sh", "-c", "echo $$; ps -o pid,comm; true"));
        assertThat(out).startsWith("1\n");
        assertThat(out.lines().skip(2).toList()).containsExactly("    1 sh", "    2 ps");
    }

    @Test
    void hostnameDefaultsToShortIdAndCanBeSet() {
        String id = h().run(busybox("hostname").build());
        assertThat(h().logs(id)).isEqualTo(id.substring(0, 12) + "\n");
        h().rt().remove(id, false);
        assertThat(h().output(busybox("hostname").hostname("web1"))).isEqualTo("web1\n");
    }

    @Test
    void hostMountsAreInvisible() {
        String out = h().output(busybox("cat", "/proc/self/mountinfo"));
        // the overlay's options name its layer dirs (as with Docker); no host filesystem is mounted
        assertThat(out.lines().filter(l -> !l.contains(" - overlay ") && !l.matches(".* /etc/(hosts|hostname|resolv.conf) .*")))
                .noneMatch(l -> l.contains(h().dataDir.toString()) || l.contains("/work") || l.contains(" - ext4 "));
        assertThat(out.lines().filter(l -> l.contains(" / / ")).toList()).hasSize(1);
        assertThat(out).contains(" /proc ").contains(" /dev/pts ").contains(" /dev/shm ").contains(" /dev/mqueue ");
    }

    @Test
    void dockerDefaultCapabilitiesAndAddDrop() {
        assertThat(h().output(busybox("grep", "CapEff", "/proc/self/status"))).isEqualTo("CapEff:\t00000000a80425fb\n");
        assertThat(h().output(busybox("grep", "CapEff", "/proc/self/status").capDrop(List.of("ALL"))))
                .isEqualTo("CapEff:\t0000000000000000\n");
        assertThat(h().output(busybox("grep", "CapEff", "/proc/self/status").capAdd(List.of("NET_ADMIN")).capDrop(List.of("MKNOD"))))
                .isEqualTo("CapEff:\t00000000a00435fb\n");
    }

    @Test
    void maskedAndReadOnlyPaths() {
        String out = h().output(busybox("sh", "-c",
                "wc -c < /proc/timer_list; ls /sys/firmware | wc -l; echo 1 > /proc/sys/vm/drop_caches && echo writable; "
                        + "touch /sys/x 2>/dev/null || echo sys-ro; ls -l /dev/null | cut -c1"));
        assertThat(out.lines().toList()).startsWith("0", "0").contains("sys-ro", "c");
        assertThat(out).contains("Read-only file system").doesNotContain("writable");
    }

    @Test
    void layeredFixtureHonoursWhiteoutsOpaqueDirsAndConfig() {
        assertThat(h().output(ContainerSpec.builder("fixture/layered:1"))).isEqualTo("one\n");
        String out = h().output(ContainerSpec.builder("fixture/layered:1")
                .cmd("sh", "-c", "ls /data /opq; echo $FOO $GREETING; pwd"));
        assertThat(out).isEqualTo("/data:\na\nlink\n\n/opq:\ny\nbar hello world\n/data\n");
    }

    @Test
    void userGroupAndWorkingDirectory() {
        assertThat(h().output(busybox("sh", "-c", "id -u; id -g; pwd").user("1000:1001").workingDir("/made/here")))
                .isEqualTo("1000\n1001\n/made/here\n");
        Container c = h().rt().create(busybox("true").user("nobody").build());
        assertThatThrownBy(() -> h().rt().start(c.id()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("unable to find user nobody");
        h().rt().remove(c.id(), false);
    }

    @Test
    void readOnlyRootfs() {
        String out = h().output(busybox("sh", "-c", "touch /x || echo denied; touch /dev/shm/ok && echo shm-ok")
                .readonlyRootfs(true));
        assertThat(out).contains("denied").contains("shm-ok");
    }

    @Test
    void initAndExecsAreInTheContainersCgroups() throws Exception {
        String id = h().start(busybox("sleep", "60").build());
        try {
            int init = h().rt().get(id).state().pid();
            var cg = h().driver.open(h().cgroupParent + "/" + id);
            for (java.nio.file.Path procs : cg.procsFiles()) {
                assertThat(java.nio.file.Files.readAllLines(procs)).as(procs.toString()).contains(Integer.toString(init));
            }
            Process p = h().rt().exec(id, ExecSpec.of("sh", "-c", "cat /proc/1/cgroup; echo ==; cat /proc/self/cgroup"));
            String[] views = RuntimeHarness.execOutput(p).split("==\n");
            assertThat(views[1]).as("an exec joins every cgroup of the init").isEqualTo(views[0]).contains(id);
        } finally {
            h().rt().remove(id, true);
        }
    }

    @Test
    void execJoinsTheContainer() throws Exception {
        String id = h().start(busybox("sleep", "60").build());
        try {
            Process p = h().rt().exec(id, ExecSpec.of("sh", "-c", "hostname; cat /proc/1/cmdline | tr '\\0' ' '; exit 7"));
            assertThat(RuntimeHarness.execOutput(p)).isEqualTo(id.substring(0, 12) + "\nsleep 60 ");
            assertThat(p.exitValue()).isEqualTo(7);
            Process missing = h().rt().exec(id, ExecSpec.of("nosuch"));
            assertThat(RuntimeHarness.execOutput(missing)).contains("executable file not found");
            assertThat(missing.exitValue()).isEqualTo(127);
        } finally {
            h().rt().remove(id, true);
        }
    }

    @Test
    void attachSendsStdinAndReceivesFrames() throws Exception {
        String id = h().start(busybox("cat").openStdin(true).stdinOnce(true).build());
        try (SocketChannel ch = h().rt().attach(id, true, true, true)) {
            ch.write(ByteBuffer.wrap("hello\n".getBytes()));
            ByteBuffer buf = ByteBuffer.allocate(14);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read the 8-byte header and the 6-byte payload
            }
            buf.flip();
            assertThat(buf.get(0)).isEqualTo((byte) 1);
            assertThat(buf.getInt(4)).isEqualTo(6);
            assertThat(new String(buf.array(), 8, 6)).isEqualTo("hello\n");
            ch.shutdownOutput();   // stdin closes (StdinOnce): cat ends
            assertThat(h().rt().waitFor(id, 10, TimeUnit.SECONDS)).hasValueSatisfying(s -> assertThat(s.exitCode()).isZero());
        } finally {
            h().rt().remove(id, true);
        }
        assertThat(h().rt().list()).noneMatch(c -> c.id().equals(id));
    }

    @Test
    void ttyContainerGetsAPseudoTerminal() {
        String out = h().output(busybox("sh", "-c", "tty; echo $TERM").tty(true));
        assertThat(out).isEqualTo("/dev/pts/0\r\nxterm\r\n");
    }

    @Test
    void stopSendsStopSignalThenKills() {
        String trapping = h().start(busybox("sh", "-c", "trap 'exit 3' TERM; while true; do sleep 0.1; done").build());
        String ignoring = h().start(busybox("sleep", "100").build());
        h().rt().stop(trapping, 10, null);
        h().rt().stop(ignoring, 1, null);   // PID 1 has no TERM handler: the kernel ignores it
        assertThat(h().rt().get(trapping).state().exitCode()).isEqualTo(3);
        assertThat(h().rt().get(ignoring).state().exitCode()).isEqualTo(137);
        assertThat(h().rt().get(ignoring).state().status()).isEqualTo(ContainerState.Status.EXITED);
        h().rt().remove(trapping, false);
        h().rt().remove(ignoring, false);
    }

    @Test
    void pauseFreezesTheContainer() throws Exception {
        String id = h().start(busybox("sh", "-c", "i=0; while true; do i=$((i+1)); echo $i > /tmp/n; mv /tmp/n /tmp/c; sleep 0.02; done").build());
        Path counter = h().rt().upperDir(id).resolve("tmp/c");
        try {
            Thread.sleep(300);
            h().rt().pause(id);
            assertThat(h().rt().get(id).state().status()).isEqualTo(ContainerState.Status.PAUSED);
            String a = Files.readString(counter);
            Thread.sleep(300);
            assertThat(Files.readString(counter)).isEqualTo(a);
            h().rt().unpause(id);
            Thread.sleep(300);
            assertThat(Integer.parseInt(Files.readString(counter).trim())).isGreaterThan(Integer.parseInt(a.trim()));
        } finally {
            h().rt().pause(id);
            h().rt().remove(id, true);   // a force remove of a paused container must work too
        }
    }

    @Test
    void containersOutliveTheEngineAndAreReadopted() throws Exception {
        String id = h().start(busybox("sh", "-c", "echo started; exec sleep 600").build());
        int shimPid = h().rt().get(id).state().shimPid();
        long parent = ProcessHandle.of(shimPid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L);
        assertThat(parent).as("the shim must not be a child of the JVM").isNotEqualTo(ProcessHandle.current().pid());
        h().reopen();
        Container c = h().rt().get(id);
        assertThat(c.state().status()).isEqualTo(ContainerState.Status.RUNNING);
        assertThat(ProcessHandle.of(c.state().pid())).isPresent();
        h().rt().stop(id, 1, null);
        assertThat(h().rt().get(id).state().exitCode()).isEqualTo(137);
        assertThat(h().logs(id)).isEqualTo("started\n");
        h().rt().remove(id, false);
    }

    @Test
    void anAdoptedContainerKeepsItsHealth() throws Exception {
        String id = h().start(busybox("sleep", "600").healthcheck(new dev.caisson.engine.image.Healthcheck(
                List.of("CMD", "true"), java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(5), null, 1)).build());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"healthy".equals(h().rt().get(id).state().health().status()) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(h().rt().get(id).state().health().status()).isEqualTo("healthy");
        h().reopen();
        Health after = h().rt().get(id).state().health();
        assertThat(after.status()).as("live restore keeps the health it had").isEqualTo("healthy");
        assertThat(after.log()).isNotEmpty();
        h().rt().stop(id, 1, null);
        h().rt().remove(id, false);
    }

    @Test
    void exitWhileEngineIsAwayIsRecorded() throws Exception {
        String id = h().start(busybox("sh", "-c", "sleep 0.5; exit 42").build());
        h().engine.close();
        Thread.sleep(1000);
        h().reopen();
        h().rt().waitFor(id, 10, TimeUnit.SECONDS);
        assertThat(h().rt().get(id).state().status()).isEqualTo(ContainerState.Status.EXITED);
        assertThat(h().rt().get(id).state().exitCode()).isEqualTo(42);
        h().rt().remove(id, false);
    }

    @Test
    void removeLeavesNoDirectoryCgroupProcessMountOrFd() throws Exception {
        String id = h().start(busybox("sleep", "60").build());
        ContainerState s = h().rt().get(id).state();
        Path dir = h().rt().bundleDir(id);
        assertThat(cgroupDirs(id)).isNotEmpty();
        h().rt().remove(id, true);
        assertThat(dir).doesNotExist();
        assertThat(cgroupDirs(id)).isEmpty();
        assertThat(running(s.shimPid())).as("shim process").isFalse();
        assertThat(running(s.pid())).as("container init").isFalse();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(id);
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    assertThat(Files.readSymbolicLink(fd).toString()).doesNotContain(id);
                } catch (IOException gone) {
                    // the fd of the listing itself
                }
            }
        }
        assertThatThrownBy(() -> h().rt().get(id)).isInstanceOf(NotFoundException.class);
    }

    /** Alive and not a zombie (an exited shim is reaped by whoever adopted it, not by us). */
    private static boolean running(int pid) {
        try {
            return !Files.readString(Path.of("/proc/" + pid + "/stat")).contains(") Z ");
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void failedStartLeavesNoCgroupAndReportsDockersError() throws Exception {
        Container c = h().rt().create(busybox("nosuchcmd").build());
        assertThatThrownBy(() -> h().rt().start(c.id()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("exec: \"nosuchcmd\": executable file not found in $PATH");
        assertThat(h().rt().get(c.id()).state().status()).isEqualTo(ContainerState.Status.CREATED);
        assertThat(h().rt().get(c.id()).state().exitCode()).isEqualTo(127);
        assertThat(cgroupDirs(c.id())).isEmpty();
        h().rt().remove(c.id(), false);
    }

    @Test
    void badRequestsFailCleanly() {
        int before = h().rt().list().size();
        assertThatThrownBy(() -> h().rt().create(ContainerSpec.builder("nope").cmd("true").build()))
                .isInstanceOf(NotFoundException.class).hasMessage("No such image: nope:latest");
        Container a = h().rt().create(busybox("true").name("twin").build());
        assertThatThrownBy(() -> h().rt().create(busybox("true").name("twin").build()))
                .isInstanceOf(ConflictException.class)
                .hasMessageStartingWith("Conflict. The container name \"/twin\" is already in use by container \"" + a.id());
        assertThatThrownBy(() -> h().rt().create(busybox("true").name("bad name").build()))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> h().rt().create(busybox("true").mount(MountSpec.bind("/nonexistent-x", "/x", false)).build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("bind source path does not exist");
        h().rt().remove(a.id(), false);
        assertThat(h().rt().list()).hasSize(before);
    }

    @Test
    void logsTailSinceAndStreams() throws Exception {
        String id = h().run(busybox("sh", "-c", "for i in 1 2 3 4 5; do echo $i; done; echo oops >&2").build());
        List<String> tail = new ArrayList<>();
        h().rt().logs(id, LogOptions.all().withTail(2), e -> tail.add(e.stream() + ":" + e.log()));
        assertThat(tail).containsExactly("STDOUT:5\n", "STDERR:oops\n");
        List<String> out = new ArrayList<>();
        h().rt().logs(id, new LogOptions(true, false, null, null, -1, false), e -> out.add(e.log()));
        assertThat(out).containsExactly("1\n", "2\n", "3\n", "4\n", "5\n");
        List<String> none = new ArrayList<>();
        h().rt().logs(id, LogOptions.all().withWindow(java.time.Instant.now().plusSeconds(5), null), e -> none.add(e.log()));
        assertThat(none).isEmpty();
        h().rt().remove(id, false);
    }

    @Test
    void followStreamsUntilExit() throws Exception {
        String id = h().start(busybox("sh", "-c", "for i in 1 2 3; do echo $i; sleep 0.2; done").build());
        List<String> seen = new ArrayList<>();
        h().rt().logs(id, LogOptions.all().withFollow(true), e -> seen.add(e.log()));
        assertThat(seen).containsExactly("1\n", "2\n", "3\n");
        h().rt().remove(id, false);
    }

    @Test
    void changesAndExport() throws Exception {
        String id = h().run(busybox("sh", "-c", "mkdir /newdir; echo hi > /newdir/f; rm /bin/ls").build());
        List<Change> changes = h().rt().changes(id);
        assertThat(changes.stream().map(Object::toString).toList())
                .contains("A /newdir", "A /newdir/f", "D /bin/ls", "C /bin");
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        h().rt().export(id, tar);
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar.toByteArray()))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName().replaceFirst("^\\./", "").replaceFirst("/$", ""));
            }
        }
        assertThat(names).contains("newdir/f", "bin/sh", "bin/busybox").doesNotContain("bin/ls");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(id);
        h().rt().remove(id, false);
    }

    @Test
    void commitMakesAnImageWithTheContainersChanges() {
        String id = h().run(busybox("sh", "-c", "echo committed > /note; rm /bin/ls").label("k", "v").build());
        dev.caisson.engine.image.Image img = h().rt().commit(id, null, "a test", "caisson", "committed/test:1", false);
        assertThat(img.repoTags()).contains("committed/test:1");
        assertThat(img.config().labels()).containsEntry("k", "v");
        assertThat(h().output(ContainerSpec.builder("committed/test:1").cmd("sh", "-c", "cat /note; ls /bin/ls 2>&1 | grep -c 'No such'")))
                .isEqualTo("committed\n1\n");
        h().rt().remove(id, false);
        h().engine.images().remove("committed/test:1", false);
    }

    @Test
    void noHostFileDescriptorReachesTheContainer() {
        // CVE-2024-21626: only stdio (and ls's own directory fd) may be open in the container
        String out = h().output(busybox("ls", "/proc/self/fd"));
        assertThat(out.lines().toList()).containsExactly("0", "1", "2", "3");
        String viaExecCwd = h().output(busybox("sh", "-c", "readlink /proc/1/cwd; readlink /proc/1/root"));
        assertThat(viaExecCwd).isEqualTo("/\n/\n");
    }

    @Test
    void ulimitsNeverRaiseAHardLimitAboveTheHosts() {
        String out = h().output(busybox("sh", "-c", "ulimit -n; ulimit -Hn")
                .ulimits(List.of(new Ulimit("nofile", 100, 200))));
        assertThat(out).isEqualTo("100\n200\n");
        // asking for more than the host holds is clamped, not a failed start (no CAP_SYS_RESOURCE here)
        String clamped = h().output(busybox("sh", "-c", "ulimit -Hn")
                .ulimits(List.of(new Ulimit("nofile", Long.MAX_VALUE - 1, Long.MAX_VALUE - 1))));
        assertThat(Long.parseLong(clamped.trim())).isPositive();
    }

    @Test
    void privilegedGetsEveryCapabilityTheHostHasAndWritableSys() throws IOException {
        String host = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("CapBnd:")).findFirst().orElseThrow().substring(7).trim();
        String out = h().output(busybox("sh", "-c", "grep CapEff /proc/self/status; grep -c ' /sys .*rw,' /proc/mounts")
                .privileged(true));
        assertThat(out).isEqualTo("CapEff:\t" + host + "\n1\n");
    }

    @Test
    void networkNoneHasOnlyLoopbackAndHostSharesTheHosts() throws IOException {
        String none = h().output(busybox("sh", "-c", "ls /sys/class/net; cat /sys/class/net/lo/operstate"));
        assertThat(none).isEqualTo("lo\nunknown\n");
        long hostIfaces;
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            hostIfaces = s.count();
        }
        String host = h().output(busybox("ls", "/sys/class/net").networkMode("host"));
        assertThat(host.lines().count()).isEqualTo(hostIfaces);
        // this engine has no default bridge (dockerd's --bridge=none), so no network by that name
        assertThatThrownBy(() -> h().rt().create(busybox("true").networkMode("bridge").build()))
                .isInstanceOf(NotFoundException.class).hasMessage("network bridge not found");
    }

    @Test
    void restartRunsTheCommandAgain() {
        String id = h().start(busybox("sh", "-c", "echo run; exec sleep 60").build());
        h().rt().restart(id, 1);
        assertThat(h().rt().get(id).state().status()).isEqualTo(ContainerState.Status.RUNNING);
        h().rt().stop(id, 1, null);
        assertThat(h().logs(id)).isEqualTo("run\nrun\n");
        h().rt().remove(id, false);
    }

    @Test
    void processStartsCleanLikeUnderDocker() throws Exception {
        String out = h().output(busybox("sh", "-c", "umask; grep -E '^Sig(Blk|Ign)' /proc/self/status; grep CapInh /proc/self/status"));
        assertThat(out).isEqualTo("0022\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\nCapInh:\t0000000000000000\n");
        String id = h().start(busybox("sleep", "60").build());
        try {
            Process p = h().rt().exec(id, ExecSpec.of("sh", "-c", "umask; grep -E '^SigBlk' /proc/self/status"));
            assertThat(RuntimeHarness.execOutput(p)).isEqualTo("0022\nSigBlk:\t0000000000000000\n");
        } finally {
            h().rt().remove(id, true);
        }
    }

    @Test
    void stdinAndOutputFlowTogetherWithoutDeadlock() throws Exception {
        // the container only reads stdin after printing a lot: the shim must keep draining output
        String id = h().start(busybox("sh", "-c", "sleep 0.5; seq 200000 > /dev/null; i=0; while [ $i -lt 3000 ]; do echo line$i; i=$((i+1)); done; wc -c")
                .openStdin(true).stdinOnce(true).build());
        try (SocketChannel ch = h().rt().attach(id, true, true, false)) {
            Thread reader = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocate(65536);
                try {
                    while (ch.read(buf) >= 0) {
                        buf.clear();
                    }
                } catch (IOException ignored) {
                    // closed at the end
                }
            });
            reader.start();
            ByteBuffer big = ByteBuffer.allocate(1 << 20);
            while (big.hasRemaining()) {
                ch.write(big);
            }
            ch.shutdownOutput();
            assertThat(h().rt().waitFor(id, 30, TimeUnit.SECONDS)).as("container finished").isPresent();
            reader.join(5000);
        }
        assertThat(h().logs(id)).endsWith("line2999\n1048576\n");
        h().rt().remove(id, false);
    }
}
