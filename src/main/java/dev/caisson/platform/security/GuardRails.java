package dev.caisson.platform.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Service;

import dev.caisson.engine.Engine;
import dev.caisson.engine.EngineException;
import dev.caisson.engine.ForbiddenException;
import dev.caisson.engine.NotFoundException;

/**
 * What non-admins may not ask of a container, whatever the entry point (Engine API create,
 * update and exec; the dashboard's forms): each of these would hand out the host. Every refusal
 * is a 403 whose message names the option. Admins (full scope) pass unchecked.
 */
@Service
public class GuardRails {
    private static final Set<String> PREDEFINED_NETWORKS = Set.of("default", "bridge", "none");

    /** A container reference (ID, prefix, name) → its ID; fails with an EngineException when none. */
    private final java.util.function.UnaryOperator<String> containerIds;
    private final Ownership ownership;
    private final Settings settings;

    @org.springframework.beans.factory.annotation.Autowired
    public GuardRails(Engine engine, Ownership ownership, Settings settings) {
        this(ref -> engine.containers().get(ref).id(), ownership, settings);
    }

    GuardRails(java.util.function.UnaryOperator<String> containerIds, Ownership ownership, Settings settings) {
        this.containerIds = containerIds;
        this.ownership = ownership;
        this.settings = settings;
    }

    public void checkContainer(CaissonPrincipal who, ContainerRequest r) {
        if (who.isAdmin()) {
            return;
        }
        if (r.privileged()) {
            refuse("Privileged", "only admins may run privileged containers");
        }
        namespace(who, "NetworkMode", r.networkMode());
        namespace(who, "PidMode", r.pidMode());
        namespace(who, "IpcMode", r.ipcMode());
        namespace(who, "UTSMode", r.utsMode());
        if ("host".equalsIgnoreCase(r.usernsMode())) {
            refuse("UsernsMode=host", "only admins may use the host's namespaces");
        }
        if (!r.capAdd().isEmpty()) {
            refuse("CapAdd=" + String.join(",", r.capAdd()), "only admins may add capabilities");
        }
        if (r.devices() > 0) {
            refuse("Devices", "only admins may give containers host devices");
        }
        if (r.deviceRequests() > 0) {
            refuse("DeviceRequests", "only admins may give containers host devices");
        }
        if (r.deviceCgroupRules() > 0) {
            refuse("DeviceCgroupRules", "only admins may give containers host devices");
        }
        if (!r.sysctls().isEmpty()) {
            refuse("Sysctls=" + String.join(",", r.sysctls().keySet()), "only admins may set kernel parameters");
        }
        for (String opt : r.securityOpt()) {
            if (unconfined(opt)) {
                refuse("SecurityOpt=" + opt, "only admins may run containers unconfined or with their own seccomp profile");
            }
        }
        for (String from : r.volumesFrom()) {
            String ref = from.split(":", 2)[0];
            if (!ownsContainer(who, ref)) {
                refuse("VolumesFrom=" + from, "you may only mount the volumes of your own containers");
            }
        }
        List<String> allow = settings.bindAllowlist();
        for (String bind : r.binds()) {
            String source = bind.split(":", 2)[0];
            if (source.startsWith("/")) {
                hostPath(allow, "Binds " + bind, source);
            } else {
                volume(who, "Binds " + bind, source);
            }
        }
        for (ContainerRequest.Mount m : r.mounts()) {
            String type = m.type() == null ? "volume" : m.type().toLowerCase(Locale.ROOT);
            switch (type) {
                case "bind" -> hostPath(allow, "Mounts type=bind source=" + m.source(), m.source() == null ? "" : m.source());
                case "volume" -> {
                    checkVolume(who, m.volumeDriver(), m.volumeOptions());
                    if (m.source() != null && !m.source().isEmpty()) {
                        volume(who, "Mounts type=volume source=" + m.source(), m.source());
                    }
                }
                case "tmpfs" -> {
                }
                default -> refuse("Mounts type=" + type, "only admins may use this mount type");
            }
        }
        for (String net : r.networks()) {
            network(who, net);
        }
    }

    /**
     * A network's driver options and its own subnets reach the host: a bridge named like a host
     * interface, masquerading turned off, a subnet that shadows the host's LAN and takes its
     * routes. Non-admins get a bridge with Caisson's defaults (admins can make others and share them).
     */
    public void checkNetwork(CaissonPrincipal who, String driver, Map<String, String> options, int ipamConfigs,
                             String ipamDriver, Map<String, String> ipamOptions) {
        if (who.isAdmin()) {
            return;
        }
        if (driver != null && !driver.isEmpty() && !driver.equals("bridge")) {
            refuse("Driver=" + driver, "only admins may create networks with other drivers than bridge");
        }
        if (options != null && !options.isEmpty()) {
            refuse("Options " + String.join(",", options.keySet()), "only admins may set network driver options");
        }
        if (ipamConfigs > 0 || (ipamDriver != null && !ipamDriver.isEmpty() && !ipamDriver.equals("default"))
                || (ipamOptions != null && !ipamOptions.isEmpty())) {
            refuse("IPAM", "only admins may choose a network's subnets (they could shadow the host's own networks)");
        }
    }

    /**
     * The local driver's options mount anything (`type=none,o=bind,device=/` is a bind mount of
     * the host's root under a volume's name): non-admins get plain volumes. The volume create
     * route calls this; so must any other way to create a volume with options.
     */
    public void checkVolume(CaissonPrincipal who, String driver, Map<String, String> driverOpts) {
        if (who.isAdmin()) {
            return;
        }
        if (driver != null && !driver.isEmpty() && !driver.equals("local")) {
            refuse("Driver=" + driver, "only admins may create volumes with other drivers than local");
        }
        if (driverOpts != null && !driverOpts.isEmpty()) {
            refuse("DriverOpts " + String.join(",", driverOpts.keySet()), "only admins may set volume driver options");
        }
    }

    /** `docker exec --privileged` is the host for anyone in the container. */
    public void checkExec(CaissonPrincipal who, boolean privileged) {
        if (privileged && !who.isAdmin()) {
            refuse("Privileged", "only admins may run privileged exec sessions");
        }
    }

    /** host: → refused; container:X → only one's own X; a named network must be visible. */
    private void namespace(CaissonPrincipal who, String option, String mode) {
        if (mode == null || mode.isEmpty()) {
            return;
        }
        if (mode.equalsIgnoreCase("host")) {
            refuse(option + "=host", "only admins may use the host's namespaces");
        }
        if (mode.startsWith("container:")) {
            if (!ownsContainer(who, mode.substring("container:".length()))) {
                refuse(option + "=" + mode, "you may only share the namespaces of your own containers");
            }
            return;
        }
        if (option.equals("NetworkMode")) {
            network(who, mode);
        }
    }

    private void network(CaissonPrincipal who, String ref) {
        if (PREDEFINED_NETWORKS.contains(ref)) {
            return;
        }
        if (ref.equals("host")) {
            refuse("network host", "only admins may use the host's network namespace");
        }
        String id = ownership.resolve(ObjectKind.NETWORK, ref).orElse(ref);
        if (!ownership.canSee(who, ObjectKind.NETWORK, id)) {
            throw new NotFoundException("network " + ref + " not found");
        }
    }

    private void volume(CaissonPrincipal who, String option, String name) {
        // a volume nobody owns yet is made by this create, for this user
        if (ownership.describe(ObjectKind.VOLUME, name).filter(o -> o.removed() == null).isPresent()
                && !ownership.canSee(who, ObjectKind.VOLUME, name)) {
            refuse(option, "volume " + name + " belongs to another user");
        }
    }

    private boolean ownsContainer(CaissonPrincipal who, String ref) {
        String id;
        try {
            id = containerIds.apply(ref);
        } catch (EngineException e) {
            return false;   // the same answer as for someone else's: no hint that it exists
        }
        return ownership.canManage(who, ObjectKind.CONTAINER, id);
    }

    /** The real host path (symlinks resolved as far as it exists) must lie under an allowlisted directory. */
    private static void hostPath(List<String> allow, String option, String source) {
        Path real = realPath(Path.of(source).normalize());
        for (String a : allow) {
            Path root = realPath(Path.of(a));
            if (real.startsWith(root)) {
                return;
            }
        }
        refuse(option, "host path " + source + " is outside the bind allowlist "
                + (allow.isEmpty() ? "(empty)" : allow) + " that admins set");
    }

    /** The nearest existing ancestor resolved by the kernel's view of symlinks, the rest appended. */
    static Path realPath(Path p) {
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        try {
            Path real = existing.toRealPath();
            return real.resolve(existing.relativize(p)).normalize();
        } catch (IOException e) {
            return p;
        }
    }

    /** seccomp/apparmor unconfined, SELinux labels off, unmasked system paths, or a custom seccomp profile. */
    static boolean unconfined(String opt) {
        String o = opt.trim().toLowerCase(Locale.ROOT).replace(':', '=');
        if (o.startsWith("no-new-privileges")) {
            return false;
        }
        if (o.startsWith("seccomp=")) {
            return !o.equals("seccomp=builtin") && !o.equals("seccomp=default");
        }
        return o.endsWith("=unconfined") || o.equals("label=disable") || o.startsWith("systempaths=");
    }

    private static void refuse(String option, String why) {
        throw new ForbiddenException(option + " is not allowed: " + why);
    }

    /** For the dashboard: the first refusal as a message, if any. */
    public Optional<String> firstRefusal(CaissonPrincipal who, ContainerRequest r) {
        try {
            checkContainer(who, r);
            return Optional.empty();
        } catch (EngineException e) {
            return Optional.of(e.getMessage());
        }
    }
}
