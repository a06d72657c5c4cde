package dev.caisson.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.caisson.engine.ForbiddenException;
import dev.caisson.engine.NotFoundException;

/** Each guard rail refuses a non-admin with a 403 naming the option; admins pass. */
class GuardRailsTest {
    private final SecurityDatabase db = new SecurityDatabase();
    private final UserAccounts users = db.users("s3cret-admin-pw");
    private final Teams teams = new Teams(db.jdbc, users);
    private final Ownership ownership = new Ownership(db.jdbc, teams);
    private final Settings settings = new Settings(db.jdbc);
    /** Containers "mine" and "theirs" exist; any other reference names none. */
    private final GuardRails rails = new GuardRails(ref -> switch (ref) {
        case "mine" -> "m".repeat(64);
        case "theirs" -> "t".repeat(64);
        default -> throw new NotFoundException("No such container: " + ref);
    }, ownership, settings);
    private final CaissonPrincipal op;
    private final CaissonPrincipal admin;

    @TempDir
    Path dir;

    GuardRailsTest() {
        UserAccounts.User u1 = users.create("op1", Role.OPERATOR, "op1-password");
        UserAccounts.User u2 = users.create("op2", Role.OPERATOR, "op2-password");
        op = users.principal(u1, TokenScope.FULL, null, CaissonPrincipal.Via.TOKEN);
        admin = users.principal(users.admin(), TokenScope.FULL, null, CaissonPrincipal.Via.TOKEN);
        ownership.record(ObjectKind.CONTAINER, "m".repeat(64), "mine", u1.id());
        ownership.record(ObjectKind.CONTAINER, "t".repeat(64), "theirs", u2.id());
        ownership.record(ObjectKind.NETWORK, "n".repeat(64), "theirnet", u2.id());
        ownership.record(ObjectKind.VOLUME, "theirvol", "theirvol", u2.id());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static ContainerRequest.Builder req() {
        return new ContainerRequest.Builder();
    }

    private void refused(ContainerRequest r, String option) {
        assertThatThrownBy(() -> rails.checkContainer(op, r)).isInstanceOf(ForbiddenException.class)
                .hasMessageStartingWith(option + " is not allowed: ");
        assertThatCode(() -> rails.checkContainer(admin, r)).as("admins pass").doesNotThrowAnyException();
    }

    @Test
    void eachHostLevelOptionIsRefusedAndNamed() {
        assertThatCode(() -> rails.checkContainer(op, req().build())).doesNotThrowAnyException();
        refused(req().privileged().build(), "Privileged");
        refused(req().networkMode("host").build(), "NetworkMode=host");
        refused(req().pidMode("host").build(), "PidMode=host");
        refused(req().ipcMode("host").build(), "IpcMode=host");
        refused(req().utsMode("host").build(), "UTSMode=host");
        refused(req().capAdd("SYS_ADMIN").build(), "CapAdd=SYS_ADMIN");
        refused(req().devices(1).build(), "Devices");
        refused(req().sysctls(Map.of("net.ipv4.ip_forward", "1")).build(), "Sysctls=net.ipv4.ip_forward");
        refused(req().securityOpt("seccomp=unconfined").build(), "SecurityOpt=seccomp=unconfined");
        refused(req().securityOpt("apparmor:unconfined").build(), "SecurityOpt=apparmor:unconfined");
        refused(req().securityOpt("label=disable").build(), "SecurityOpt=label=disable");
        assertThatCode(() -> rails.checkContainer(op, req().securityOpt("no-new-privileges").build())).doesNotThrowAnyException();
    }

    @Test
    void namespacesAndVolumesAreSharedOnlyWithOnesOwnContainers() {
        assertThatCode(() -> rails.checkContainer(op, req().networkMode("container:mine").pidMode("container:mine").build()))
                .doesNotThrowAnyException();
        refused(req().networkMode("container:theirs").build(), "NetworkMode=container:theirs");
        refused(req().pidMode("container:theirs").build(), "PidMode=container:theirs");
        refused(req().ipcMode("container:nonexistent").build(), "IpcMode=container:nonexistent");
        refused(req().volumesFrom("theirs:ro").build(), "VolumesFrom=theirs:ro");
        assertThatThrownBy(() -> rails.checkContainer(op, req().networkMode("theirnet").build()))
                .isInstanceOf(NotFoundException.class).hasMessage("network theirnet not found");
        refused(req().binds("theirvol:/data").build(), "Binds theirvol:/data");
        assertThatCode(() -> rails.checkContainer(op, req().binds("newvol:/data").build())).doesNotThrowAnyException();
    }

    @Test
    void bindMountsOnlyBelowTheAllowlistWithSymlinksResolved() throws Exception {
        Path allowed = Files.createDirectories(dir.resolve("shared/data"));
        Files.createSymbolicLink(allowed.resolve("escape"), Path.of("/etc"));
        refused(req().binds(allowed + ":/data").build(), "Binds " + allowed + ":/data");
        settings.setBindAllowlist(List.of(dir.resolve("shared").toString()));
        assertThatCode(() -> rails.checkContainer(op, req().binds(allowed + ":/data:ro", allowed + "/new/dir:/x").build()))
                .doesNotThrowAnyException();
        refused(req().binds("/etc:/host-etc").build(), "Binds /etc:/host-etc");
        refused(req().binds(allowed + "/../../..:/up").build(), "Binds " + allowed + "/../../..:/up");
        refused(req().binds(allowed.resolve("escape") + ":/e").build(), "Binds " + allowed.resolve("escape") + ":/e");
        refused(req().mount("bind", "/etc").build(), "Mounts type=bind source=/etc");
        assertThatCode(() -> rails.checkContainer(op, req().mount("bind", allowed.toString()).mount("tmpfs", null).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void networksWithHostReachingOptionsAreForAdmins() {
        assertThatCode(() -> rails.checkNetwork(op, "bridge", Map.of(), 0, null, null)).doesNotThrowAnyException();
        assertThatCode(() -> rails.checkNetwork(op, null, null, 0, "default", Map.of())).doesNotThrowAnyException();
        assertThatThrownBy(() -> rails.checkNetwork(op, "macvlan", null, 0, null, null)).hasMessageStartingWith("Driver=macvlan is not allowed");
        assertThatThrownBy(() -> rails.checkNetwork(op, "bridge", Map.of("com.docker.network.bridge.name", "eth0"), 0, null, null))
                .isInstanceOf(ForbiddenException.class).hasMessageStartingWith("Options com.docker.network.bridge.name is not allowed");
        assertThatThrownBy(() -> rails.checkNetwork(op, "bridge", null, 1, null, null)).hasMessageStartingWith("IPAM is not allowed");
        assertThatCode(() -> rails.checkNetwork(admin, "bridge", Map.of("com.docker.network.bridge.name", "x"), 1, null, null))
                .doesNotThrowAnyException();
    }

    @Test
    void volumesWithDriverOptionsAreForAdmins() {
        assertThatCode(() -> rails.checkVolume(op, "local", Map.of())).doesNotThrowAnyException();
        assertThatThrownBy(() -> rails.checkVolume(op, null, Map.of("type", "none", "o", "bind", "device", "/")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("is not allowed: only admins may set volume driver options");
        assertThatThrownBy(() -> rails.checkVolume(op, "nfs", null)).hasMessageStartingWith("Driver=nfs is not allowed");
        assertThatCode(() -> rails.checkVolume(admin, null, Map.of("type", "tmpfs"))).doesNotThrowAnyException();
        ContainerRequest viaMount = new ContainerRequest(false, null, null, null, null, null, null,
                List.of(new ContainerRequest.Mount("volume", "v", null, Map.of("o", "bind", "device", "/"))), null, 0, 0, 0, null,
                null, null, null);
        assertThatThrownBy(() -> rails.checkContainer(op, viaMount)).hasMessageContaining("only admins may set volume driver options");
    }

    @Test
    void privilegedExecIsForAdminsOnly() {
        assertThatThrownBy(() -> rails.checkExec(op, true)).isInstanceOf(ForbiddenException.class)
                .hasMessageStartingWith("Privileged is not allowed");
        assertThatCode(() -> rails.checkExec(op, false)).doesNotThrowAnyException();
        assertThatCode(() -> rails.checkExec(admin, true)).doesNotThrowAnyException();
        CaissonPrincipal readOnlyAdmin = new CaissonPrincipal(admin.userId(), "admin", Role.ADMIN, TokenScope.READ_ONLY, "ro",
                CaissonPrincipal.Via.TOKEN);
        assertThatThrownBy(() -> rails.checkExec(readOnlyAdmin, true)).isInstanceOf(ForbiddenException.class);
        assertThat(GuardRails.unconfined("systempaths=unconfined")).isTrue();
        assertThat(GuardRails.unconfined("seccomp=/tmp/custom.json")).as("a custom profile may allow anything").isTrue();
    }
}
