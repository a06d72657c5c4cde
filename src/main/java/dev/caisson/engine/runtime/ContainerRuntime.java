package dev.caisson.engine.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.cgroup.CgroupDriver;
import dev.caisson.engine.cgroup.CgroupManager;
import dev.caisson.engine.cgroup.CgroupStats;
import dev.caisson.engine.cgroup.Resources;
import dev.caisson.engine.image.CommitSource;
import dev.caisson.engine.image.Image;
import dev.caisson.engine.image.ImageConfig;
import dev.caisson.engine.image.ImageStore;
import dev.caisson.engine.image.Reference;
import dev.caisson.engine.linux.Fd;
import dev.caisson.engine.linux.Linux;
import dev.caisson.engine.linux.PrivateMount;
import dev.caisson.engine.storage.Change;
import dev.caisson.engine.storage.FilesystemChanges;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The container lifecycle: create, start, stop, kill, pause, wait, remove, exec, logs.
 * Each running container is supervised by its own caisson-shim process, so containers
 * outlive this object (and the JVM); a new runtime re-adopts them from their directories.
 */
public final class ContainerRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ContainerRuntime.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path shim;
    private final Path runDir;
    private final ImageStore images;
    private final CgroupDriver cgroups;
    private final String cgroupParent;
    private final Networking networking;
    private final Volumes volumes;
    private final ContainerStore store;
    private final ExitMonitor monitor;
    private final ExecutorService exitWork = Executors.newSingleThreadExecutor(r -> daemon(r, "caisson-exit"));
    /** per container: completes at the end of its current run, or of its next one while it is not running */
    private final Map<String, CompletableFuture<ExitStatus>> exits = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<ExitStatus>> removals = new ConcurrentHashMap<>();
    private final Map<String, List<PendingAttach>> pendingAttaches = new ConcurrentHashMap<>();
    private final RestartScheduler restarts = new RestartScheduler(this::restartByPolicy);
    private final HealthMonitor health = new HealthMonitor(new HealthMonitor.Host() {
        @Override
        public Container get(String id) {
            return store.get(id);
        }

        @Override
        public Process exec(String id, ExecSpec spec) throws Exception {
            return ContainerRuntime.this.exec(id, spec);
        }

        @Override
        public void record(String id, Health h, boolean statusChanged) {
            Container c;
            synchronized (lock(id)) {
                c = store.get(id);
                if (!c.state().running()) {
                    return;   // a probe that ended after the container
                }
                store.put(c.withState(c.state().withHealth(h)));
            }
            if (statusChanged) {
                emit(c, "health_status: " + h.status());
            }
        }
    });
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final List<Consumer<RuntimeEvent>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param containersDir one directory per container (metadata, upper dir, log)
     * @param runDir        the shims' sockets (short paths: unix socket names are limited to 108 bytes)
     */
    public ContainerRuntime(Path containersDir, Path runDir, Path shimBinary, ImageStore images, CgroupDriver cgroups,
                            String cgroupParent) throws IOException {
        this(containersDir, runDir, shimBinary, images, cgroups, cgroupParent, new FileContainerRepository(containersDir));
    }

    /** @param repository where the containers' metadata is kept (bundles stay in containersDir) */
    public ContainerRuntime(Path containersDir, Path runDir, Path shimBinary, ImageStore images, CgroupDriver cgroups,
                            String cgroupParent, ContainerRepository repository) throws IOException {
        this(containersDir, runDir, shimBinary, images, cgroups, cgroupParent, repository, Networking.BUILTIN);
    }

    /** @param networking what sets up and tears down each container's network (see {@link Networking}) */
    public ContainerRuntime(Path containersDir, Path runDir, Path shimBinary, ImageStore images, CgroupDriver cgroups,
                            String cgroupParent, ContainerRepository repository, Networking networking) throws IOException {
        this(containersDir, runDir, shimBinary, images, cgroups, cgroupParent, repository, networking, Volumes.BUILTIN);
    }

    /** @param volumes what makes, mounts and releases each container's volumes (see {@link Volumes}) */
    public ContainerRuntime(Path containersDir, Path runDir, Path shimBinary, ImageStore images, CgroupDriver cgroups,
                            String cgroupParent, ContainerRepository repository, Networking networking, Volumes volumes)
            throws IOException {
        this.shim = shimBinary;
        this.networking = networking;
        this.volumes = volumes;
        this.runDir = runDir;
        this.images = images;
        this.cgroups = cgroups;
        this.cgroupParent = cgroupParent;
        this.store = new ContainerStore(containersDir, repository);
        this.monitor = new ExitMonitor();
        for (Path orphan : store.load()) {
            new Bundle(orphan, runDir.resolve(orphan.getFileName() + ".sock")).delete();   // a create that crashed before its config was written
        }
        networking.bind(new Networking.Containers() {
            @Override
            public Container get(String ref) {
                return store.get(ref);
            }

            @Override
            public List<Container> list() {
                return store.list();
            }

            @Override
            public Path directory(String id) {
                return store.dir(id);
            }
        });
        volumes.bind(new Volumes.Containers() {
            @Override
            public Container get(String ref) {
                return store.get(ref);
            }

            @Override
            public List<Container> list() {
                return store.list();
            }

            @Override
            public <T> T withRootfs(String id, RootfsWork<T> work) throws IOException {
                return ContainerRuntime.this.withRootfs(id, false, work);
            }
        });
        store.list().forEach(this::adopt);
        // Docker's daemon start: containers whose policy says so come back (those that exited
        // while the engine was away were just recorded by adopt)
        for (Container c : store.list()) {
            if (c.spec().restartPolicy().startsWithEngine(c.state())) {
                restarts.schedule(c.id(), java.time.Duration.ZERO);
            }
        }
    }

    public void addListener(Consumer<RuntimeEvent> l) {
        listeners.add(l);
    }

    public Container get(String idOrName) {
        return store.get(idOrName);
    }

    public List<Container> list() {
        return store.list();
    }

    public Container create(ContainerSpec request) {
        Image image = images.find(request.image()).orElseThrow(() -> new NotFoundException(
                "No such image: " + normalizedReference(request.image())));
        request.restartPolicy().validate();
        if (request.autoRemove() && !request.restartPolicy().none()) {
            throw new InvalidArgumentException("can't create 'AutoRemove' container with restart policy");
        }
        Resources resources = request.resources().withDockerSwapDefault();
        resources.validate(Runtime.getRuntime().availableProcessors(), false);
        ContainerSpec spec = networking.prepare(request.toBuilder().resources(resources).build());
        spec = volumes.prepare(spec, image.config());   // every mount decided; nothing made yet
        String id = newId();
        String name = spec.name() == null || spec.name().isEmpty() ? NameGenerator.generate(store::nameTaken)
                : ContainerStore.normalizeName(spec.name());
        Container.Config cfg = ConfigResolver.resolve(spec, image.config(), id, hostHostname());
        Container c = new Container(id, name, Instant.now(), image.id(), spec, cfg, ContainerState.created());
        // validate everything a start would decide, so a bad request fails now and leaves nothing
        SpecPlanner.plan(new SpecPlanner.Inputs(c, Path.of("/nonexistent"), Path.of("/nonexistent"), Path.of("/nonexistent"), "",
                List.of(), List.of(), null, Map.of(), Map.of(), List.of(), Networking.Sandbox.OWN));
        store.reserveName(name, id);
        Bundle b = bundle(id);
        try {
            b.create(cfg.hostname(), cfg.domainname(), "host".equals(spec.networkMode()));
            store.put(c);
            volumes.created(c);
            networking.created(c);
        } catch (IOException | RuntimeException e) {
            removeNetworking(c);
            removeVolumes(c, true);   // a failed create leaves no anonymous volume
            store.forget(c);
            store.releaseName(name, id);
            deleteQuietly(b);
            throw e instanceof RuntimeException r ? r : new SystemException("create container: " + e.getMessage(), e);
        }
        emit(c, "create");
        return c;
    }

    public void start(String ref) {
        start(ref, false);
    }

    /** A start by a user resets the restart count and the "stopped by a user" mark; a policy restart counts. */
    private void start(String ref, boolean byPolicy) {
        Container c = store.get(ref);
        synchronized (lock(c.id())) {
            c = store.get(c.id());
            if (c.state().status() == ContainerState.Status.PAUSED) {
                throw new ConflictException("cannot start a paused container, try unpause instead");
            }
            if (c.state().running()) {
                return;
            }
            if (byPolicy && (c.state().manuallyStopped() || c.state().status() != ContainerState.Status.RESTARTING)) {
                return;   // a user stopped it (or started it) while this restart was on its way
            }
            if (!byPolicy) {
                restarts.cancel(c.id());
                restarts.resetBackoff(c.id());
            }
            c = c.withState(c.state().withRestartCount(byPolicy ? c.state().restartCount() + 1 : 0).stoppedByUser(false));
            List<PendingAttach> early = pendingAttaches.remove(c.id());
            early = early == null ? List.of() : early.stream().filter(a -> !a.channel().isDone()).toList();
            nextExit(c.id());
            volumes.attach(c);
            Networking.Sandbox sandbox;
            try {
                sandbox = networking.attach(c);
            } catch (RuntimeException e) {
                detachVolumes(c);
                throw e;
            }
            try {
                new ShimLauncher(shim, cgroups, cgroupParent, images).launch(c, bundle(c.id()), early, sandbox,
                        started -> store.put(started),
                        failed -> store.put(failed));
            } catch (RuntimeException e) {
                detachNetworking(c);   // a failed start leaves no veth, namespace or lease
                detachVolumes(c);
                throw e;
            }
            c = store.get(c.id());
            watch(c);
            emit(c, "start");
            checkHealth(c, false);
        }
    }

    /** Sends the stop signal, waits up to timeout seconds (null: the container's or 10), then SIGKILL. */
    public void stop(String ref, Integer timeoutSeconds, String signal) {
        Container c = store.get(ref);
        markStoppedByUser(c.id());
        if (!c.state().running()) {
            return;
        }
        int timeout = timeoutSeconds != null ? timeoutSeconds
                : c.spec().stopTimeout() != null ? c.spec().stopTimeout() : 10;
        int sig = Signals.parse(signal != null && !signal.isEmpty() ? signal : c.config().stopSignal());
        CompletableFuture<ExitStatus> exit = exits.get(c.id());
        try {
            signal(c, sig);
            if (timeout >= 0 && exit != null) {
                exit.get(timeout, TimeUnit.SECONDS);
            } else if (exit != null) {
                exit.get();
            }
        } catch (TimeoutException e) {
            signal(store.get(c.id()), Signals.SIGKILL);
            awaitExit(c.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new SystemException("stop " + c.id() + ": " + e.getCause().getMessage(), e.getCause());
        }
        awaitExit(c.id());
        emit(store.get(c.id()), "stop");
    }

    public void kill(String ref, String signal) {
        Container c = store.get(ref);
        if (!c.state().running()) {
            throw new ConflictException("Container " + c.id() + " is not running");
        }
        int sig = Signals.parse(signal == null || signal.isEmpty() ? "SIGKILL" : signal);
        if (sig == Signals.SIGKILL || sig == Signals.parse(c.config().stopSignal())) {
            markStoppedByUser(c.id());   // Docker: a fatal kill disables the restart policy until the next start
        }
        signal(c, sig);
        emit(c, "kill", Map.of("signal", Integer.toString(sig)));
    }

    public void restart(String ref, Integer timeoutSeconds) {
        stop(ref, timeoutSeconds, null);
        start(ref);
        emit(store.get(ref), "restart");
    }

    public void pause(String ref) {
        Container c = store.get(ref);
        synchronized (lock(c.id())) {
            c = store.get(c.id());
            if (c.state().status() == ContainerState.Status.PAUSED) {
                throw new ConflictException("Container " + c.id() + " is already paused");
            }
            if (c.state().status() != ContainerState.Status.RUNNING) {
                throw new ConflictException("Container " + c.id() + " is not running");
            }
            cgroupOf(c).freeze();
            store.put(c.withState(c.state().withStatus(ContainerState.Status.PAUSED)));
        }
        emit(c, "pause");
    }

    public void unpause(String ref) {
        Container c = store.get(ref);
        synchronized (lock(c.id())) {
            c = store.get(c.id());
            if (c.state().status() != ContainerState.Status.PAUSED) {
                throw new ConflictException("Container " + c.id() + " is not paused");
            }
            cgroupOf(c).thaw();
            store.put(c.withState(c.state().withStatus(ContainerState.Status.RUNNING)));
        }
        emit(c, "unpause");
    }

    /** Blocks until the container is not running and returns how it ended. */
    public ExitStatus waitFor(String ref) {
        Container c = store.get(ref);
        if (c.state().running()) {
            awaitExit(c.id());
        }
        ContainerState s = store.get(c.id()).state();
        return new ExitStatus(s.exitCode(), s.oomKilled(), s.finishedAt());
    }

    /** Like {@link #waitFor} with a limit; empty when the container still runs after it. */
    public java.util.Optional<ExitStatus> waitFor(String ref, long timeout, TimeUnit unit) {
        Container c = store.get(ref);
        CompletableFuture<ExitStatus> f = c.state().running() ? exits.get(c.id()) : null;
        if (f != null) {
            try {
                f.get(timeout, unit);
            } catch (TimeoutException e) {
                return java.util.Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return java.util.Optional.empty();
            } catch (ExecutionException e) {
                throw new SystemException(e.getCause().getMessage(), e.getCause());
            }
        }
        ContainerState s = store.get(c.id()).state();
        return java.util.Optional.of(new ExitStatus(s.exitCode(), s.oomKilled(), s.finishedAt()));
    }

    /** Completes when the container is not running (at once if it is not), without blocking a thread. */
    public CompletableFuture<ExitStatus> exitFuture(String ref) {
        Container c = store.get(ref);
        CompletableFuture<ExitStatus> f = c.state().running() ? exits.get(c.id()) : null;
        if (f == null) {
            ContainerState s = c.state();
            return CompletableFuture.completedFuture(new ExitStatus(s.exitCode(), s.oomKilled(), s.finishedAt()));
        }
        return f;
    }

    /**
     * Completes when the condition is met, without blocking a thread: not-running (at once if
     * it is not running), next-exit (the end of the next run, even one not started yet) or
     * removed (with the last exit status).
     */
    public CompletableFuture<ExitStatus> waitFor(String ref, WaitCondition condition) {
        Container c = store.get(ref);
        synchronized (lock(c.id())) {
            c = store.get(c.id());
            return switch (condition) {
                case NOT_RUNNING -> exitFuture(c.id());
                case NEXT_EXIT -> nextExit(c.id());
                case REMOVED -> removals.computeIfAbsent(c.id(), k -> new CompletableFuture<>());
            };
        }
    }

    /**
     * An attach stream: connected at once to a running container; for one that is not running
     * yet, connected by its next start before its process runs (`docker run`, `start -a`).
     */
    public CompletableFuture<SocketChannel> attachStream(String ref, boolean stdin, boolean stdout, boolean stderr)
            throws IOException {
        Container c = store.get(ref);
        synchronized (lock(c.id())) {
            c = store.get(c.id());
            if (c.state().running()) {
                return CompletableFuture.completedFuture(new ShimClient(bundle(c.id()).socket()).attach(stdin, stdout, stderr));
            }
            PendingAttach a = new PendingAttach(stdin, stdout, stderr, new CompletableFuture<>());
            pendingAttaches.computeIfAbsent(c.id(), k -> new CopyOnWriteArrayList<>()).add(a);
            String id = c.id();
            a.channel().whenComplete((ch, err) -> {
                List<PendingAttach> l = pendingAttaches.get(id);
                if (l != null) {
                    l.remove(a);
                }
            });
            return a.channel();
        }
    }

    private CompletableFuture<ExitStatus> nextExit(String id) {
        return exits.compute(id, (k, f) -> f == null || f.isDone() ? new CompletableFuture<>() : f);
    }

    private void markStoppedByUser(String id) {
        synchronized (lock(id)) {
            Container c = store.get(id);
            restarts.cancel(id);
            ContainerState s = c.state().stoppedByUser(true);
            if (s.status() == ContainerState.Status.RESTARTING) {
                s = s.withStatus(ContainerState.Status.EXITED);
            }
            store.put(c.withState(s));
        }
    }

    public void rename(String ref, String newName) {
        Container c = store.get(ref);
        String name = ContainerStore.normalizeName(newName);
        synchronized (lock(c.id())) {
            c = store.get(c.id());
            if (c.name().equals(name)) {
                throw new InvalidArgumentException("Renaming a container with the same name as its current name");   // Docker: 400
            }
            store.reserveName(name, c.id());
            store.put(c.withName(name));
            store.releaseName(c.name(), c.id());
        }
        emit(store.get(c.id()), "rename", Map.of("oldName", "/" + c.name()));
    }

    /**
     * `docker update`: changes resource limits. Null fields keep their value. The change is
     * checked like a create, then against the current limits (Docker's 409 conflicts), applied
     * to the running container's cgroup and kept in the spec so the next start uses it too.
     */
    public void update(String ref, Resources changes) {
        changes.validate(Runtime.getRuntime().availableProcessors(), true);
        Container c = store.get(ref);
        synchronized (lock(c.id())) {
            c = store.get(c.id());
            Resources merged = ResourceUpdate.merge(c.id(), c.spec().resources(), changes);
            merged.validate(Runtime.getRuntime().availableProcessors(), true);
            if (c.state().running()) {
                cgroupOf(c).update(changes);
            }
            store.put(c.withSpec(c.spec().toBuilder().resources(merged).build()));
        }
        emit(store.get(c.id()), "update");
    }

    /** `docker update --restart`: the new policy applies from the container's next exit on. */
    public void updateRestartPolicy(String ref, RestartPolicy policy) {
        policy.validate();
        Container c = store.get(ref);
        synchronized (lock(c.id())) {
            c = store.get(c.id());
            if (c.spec().autoRemove() && !policy.none()) {
                throw new ConflictException("Restart policy cannot be updated because AutoRemove is enabled for the container");
            }
            store.put(c.withSpec(c.spec().toBuilder().restartPolicy(policy).build()));
        }
        emit(store.get(c.id()), "update");
    }

    public void remove(String ref, boolean force) {
        remove(ref, force, false);
    }

    /** @param removeVolumes `docker rm -v`: the container's anonymous volumes go too (named ones stay) */
    public void remove(String ref, boolean force, boolean removeVolumes) {
        Container c = store.get(ref);
        if (c.state().status() == ContainerState.Status.RESTARTING) {
            if (!force) {
                throw new ConflictException("You cannot remove a restarting container " + c.id()
                        + ". Stop the container before attempting removal or force remove");
            }
            markStoppedByUser(c.id());
        }
        if (c.state().running()) {
            if (!force) {
                throw new ConflictException("You cannot remove a running container " + c.id()
                        + ". Stop the container before attempting removal or force remove");
            }
            signal(c, Signals.SIGKILL);
            awaitExit(c.id());   // not under the container's lock: recording the exit takes it
        }
        synchronized (lock(c.id())) {
            c = store.get(c.id());
            if (c.state().running()) {
                throw new ConflictException("container " + c.id() + " was restarted while being removed");
            }
            try {
                bundle(c.id()).delete();
            } catch (IOException e) {
                throw new SystemException("remove container " + c.id() + ": " + e.getMessage(), e);
            }
            removeNetworking(c);
            removeVolumes(c, removeVolumes);
            store.forget(c);
            restarts.forget(c.id());
            health.cancel(c.id());
            ContainerState last = c.state();
            ExitStatus status = new ExitStatus(last.exitCode(), last.oomKilled(), last.finishedAt());
            CompletableFuture<ExitStatus> next = exits.remove(c.id());
            if (next != null) {
                next.complete(status);   // a next-exit waiter learns of no further run
            }
            List<PendingAttach> early = pendingAttaches.remove(c.id());
            if (early != null) {
                early.forEach(a -> a.channel().completeExceptionally(new NotFoundException("No such container: " + ref)));
            }
            CompletableFuture<ExitStatus> removed = removals.remove(c.id());
            if (removed != null) {
                removed.complete(status);
            }
            locks.remove(c.id());
        }
        emit(c, "destroy");
    }

    public CgroupStats stats(String ref) {
        Container c = store.get(ref);
        if (!c.state().running()) {
            throw new ConflictException("Container " + c.id() + " is not running");
        }
        return cgroupOf(c).stats();
    }

    /** Host pids of every process in the container (for `top`). */
    public List<Integer> pids(String ref) {
        Container c = store.get(ref);
        if (!c.state().running()) {
            throw new ConflictException("Container " + c.id() + " is not running");
        }
        return cgroupOf(c).pids();
    }

    public void logs(String ref, LogOptions options, java.util.function.Predicate<LogEntry> sink)
            throws IOException, InterruptedException {
        Container c = store.get(ref);
        LogReader.read(bundle(c.id()).log(c.id()), options, sink,
                () -> store.get(c.id()).state().running());
    }

    /** A non-blocking reader of the container's log: the caller polls it when it wants more. */
    public LogCursor openLog(String ref, LogOptions options) {
        Container c = store.get(ref);
        return new LogCursor(bundle(c.id()).log(c.id()), options, () -> {
            try {
                return store.get(c.id()).state().running();
            } catch (NotFoundException removed) {
                // removed while followed (docker-py's run() removes before it reads the stream): the open
                // file still holds the last records, which the cursor's final pass sends
                return false;
            }
        });
    }

    public Path logFile(String ref) {
        Container c = store.get(ref);
        return bundle(c.id()).log(c.id());
    }

    /** Starts `caisson-shim exec` for one process; the caller owns its stdio. */
    public ExecProcess exec(String ref, ExecSpec exec) throws IOException {
        Container c = store.get(ref);
        if (c.state().status() == ContainerState.Status.PAUSED) {
            throw new ConflictException("Container " + c.id() + " is paused, unpause the container before exec");
        }
        if (!c.state().running()) {
            throw new ConflictException("Container " + c.id() + " is not running");
        }
        if (!inContainerCgroup(c.state().pid(), c.id())) {
            throw new ConflictException("Container " + c.id() + " is not running");   // exited, not yet recorded
        }
        return new ShimLauncher(shim, cgroups, cgroupParent, images).exec(c, bundle(c.id()), exec);
    }

    /** A raw attach channel to the container's shim (frames out, stdin in). */
    public SocketChannel attach(String ref, boolean stdin, boolean stdout, boolean stderr) throws IOException {
        Container c = store.get(ref);
        if (!c.state().running()) {
            throw new ConflictException("You cannot attach to a stopped container, start it first");
        }
        return new ShimClient(bundle(c.id()).socket()).attach(stdin, stdout, stderr);
    }

    public void resize(String ref, int rows, int cols) throws IOException {
        Container c = store.get(ref);
        if (!c.state().running()) {
            throw new ConflictException("Container " + c.id() + " is not running");
        }
        new ShimClient(bundle(c.id()).socket()).resize(rows, cols);
    }

    /** `docker diff`: what the container changed relative to its image. */
    public List<Change> changes(String ref) {
        Container c = store.get(ref);
        return FilesystemChanges.changes(bundle(c.id()).upper(), images.lowerDirs(images.get(c.imageId())));
    }

    /**
     * `docker export`: the container's whole filesystem as a tar. Its layers are mounted
     * read-only (upper dir on top) on the host just for the copy. That holds for a running
     * container too: its own root (/proc/PID/root) would also show its /proc, /sys and /dev
     * mounts, which Docker leaves out. The kernel warns once that the upper dir is in use by
     * the container's overlay; reading it is safe, and a live export is a moving snapshot anyway.
     */
    public void export(String ref, OutputStream out) throws IOException {
        Container c = store.get(ref);
        Bundle b = bundle(c.id());
        synchronized (lock(c.id())) {
            List<Path> lowers = new ArrayList<>();
            lowers.add(b.upper());
            lowers.addAll(images.lowerDirs(images.get(c.imageId())));
            Path mnt = b.rootfs();
            Linux.mount("overlay", mnt, "overlay", Linux.MS_RDONLY,
                    "lowerdir=" + String.join(":", lowers.stream().map(Path::toString).toList()));
            try {
                FilesystemChanges.writeTreeTar(mnt, out);
            } finally {
                Linux.unmount(mnt, Linux.MNT_DETACH);
            }
        }
    }

    /** Work done with a descriptor of a container's root directory (see {@link #withRootfs}). */
    public interface RootfsWork<T> {
        T apply(Container c, Fd root) throws IOException;
    }

    /**
     * Runs work on the container's root directory (for docker cp). A running container's is its
     * init's root, which shows the container's own mounts (tmpfs, binds). A stopped one's layers
     * are mounted for the duration in a mount namespace no other process sees (read-only unless
     * writable, so writes land in its upper dir); a start waits until the work is done.
     */
    public <T> T withRootfs(String ref, boolean writable, RootfsWork<T> work) throws IOException {
        while (true) {
            Container c = store.get(ref);
            if (c.state().running()) {
                Fd root = openRunningRoot(c);
                if (root != null) {
                    try (root) {
                        return work.apply(c, root);
                    }
                }
                awaitExit(c.id());   // the init is gone: wait until its exit is recorded
                if (store.get(c.id()).state().running()) {
                    throw new ConflictException("Container " + c.id() + " is not running");
                }
                continue;
            }
            synchronized (lock(c.id())) {
                c = store.get(c.id());
                if (c.state().running()) {
                    continue;   // started meanwhile
                }
                Bundle b = bundle(c.id());
                List<Path> lowers = images.lowerDirs(images.get(c.imageId()));
                String data;
                if (writable) {
                    data = b.overlayData(lowers);
                } else {
                    List<Path> all = new ArrayList<>(List.of(b.upper()));
                    all.addAll(lowers);
                    data = "lowerdir=" + String.join(":", all.stream().map(Path::toString).toList());
                }
                try (PrivateMount m = PrivateMount.mount("overlay", b.rootfs(), "overlay", writable ? 0 : Linux.MS_RDONLY, data)) {
                    return work.apply(c, m.root());
                }
            }
        }
    }

    /** The init's root, or null when the init is gone (checked after opening: a pid can be reused). */
    private static Fd openRunningRoot(Container c) {
        int pid = c.state().pid();
        Fd root;
        try {
            root = Fd.open(Path.of("/proc/" + pid + "/root"), Fd.O_PATH | Fd.O_DIRECTORY);
        } catch (IOException e) {
            return null;
        }
        if (!inContainerCgroup(pid, c.id())) {
            root.close();
            return null;
        }
        return root;
    }

    /**
     * `docker commit`: the container's upper dir becomes a new layer on its image. config null =
     * the container's own resolved config (Docker's default); pause freezes a running container
     * during the copy so the layer is consistent.
     */
    public Image commit(String ref, ImageConfig config, String comment, String author, String reference, boolean pause) {
        Container c = store.get(ref);
        Image base = images.get(c.imageId());
        ImageConfig cfg = config != null ? config : imageConfigOf(c, base.config());
        boolean frozeIt = pause && c.state().status() == ContainerState.Status.RUNNING;
        if (frozeIt) {
            cgroupOf(c).freeze();
        }
        try {
            return images.commit(base, bundle(c.id()).upper(), cfg, comment, author, reference,
                    new CommitSource(c.id(), String.join(" ", c.config().argv()), imageConfigOf(c, base.config())));
        } finally {
            if (frozeIt) {
                cgroupOf(c).thaw();
            }
        }
    }

    /** The container's own config as an image config: what a commit keeps when nothing overrides it. */
    public ImageConfig commitConfig(String ref) {
        Container c = store.get(ref);
        return imageConfigOf(c, images.get(c.imageId()).config());
    }

    private static ImageConfig imageConfigOf(Container c, ImageConfig image) {
        Container.Config k = c.config();
        java.util.Map<String, String> labels = new java.util.LinkedHashMap<>(image.labels() == null ? Map.of() : image.labels());
        labels.putAll(c.spec().labels());
        return new ImageConfig(k.user(), k.env(), k.cmd(), k.entrypoint(), k.workingDir(), image.exposedPorts(),
                image.volumes(), labels, k.stopSignal(), image.healthcheck());
    }

    Path bundleDir(String id) {
        return store.dir(id);
    }

    public Path upperDir(String ref) {
        return bundle(store.get(ref).id()).upper();
    }

    public Image image(String ref) {
        return images.get(store.get(ref).imageId());
    }

    private void signal(Container c, int sig) {
        try {
            new ShimClient(bundle(c.id()).socket()).signal(sig);
        } catch (IOException e) {
            // no shim answers: it is gone (the exit is being recorded) or its socket was removed;
            // in the latter case the init is still ours to signal directly
            int pid = c.state().pid();
            if (pid > 0 && inContainerCgroup(pid, c.id())) {
                try {
                    Linux.kill(pid, sig);
                } catch (IOException ignored) {
                    // it exited meanwhile
                }
            }
            return;
        }
        if (sig == Signals.SIGKILL && c.state().status() == ContainerState.Status.PAUSED) {
            cgroupOf(c).thaw();   // a frozen task only dies once thawed (cgroup v1)
        }
    }

    private void awaitExit(String id) {
        CompletableFuture<ExitStatus> f = exits.get(id);
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new SystemException(e.getCause().getMessage(), e.getCause());
        }
    }

    private CgroupManager cgroupOf(Container c) {
        return cgroups.open(cgroupParent + "/" + c.id());
    }

    /** Registers a running container with the exit monitor (or records its exit if it already ended). */
    private void watch(Container c) {
        try {
            SocketChannel ch = new ShimClient(bundle(c.id()).socket()).openWait();
            monitor.watch(c.id(), ch, id -> exitWork.execute(() -> recordExit(id)));
        } catch (IOException e) {
            exitWork.execute(() -> recordExit(c.id()));
        }
    }

    private void adopt(Container c) {
        if (!c.state().running()) {
            return;
        }
        nextExit(c.id());
        watch(c);
        checkHealth(c, true);
    }

    /** Starts the health probes of a running container that has a HEALTHCHECK; adopted: keep its last health. */
    private void checkHealth(Container c, boolean adopted) {
        if (!c.state().running()) {
            return;
        }
        try {
            var hc = HealthMonitor.effective(c.spec().healthcheck(), images.get(c.imageId()).config().healthcheck());
            if (hc != null) {
                health.begin(c.id(), hc, c.state().startedAt(), adopted);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "health check of " + c.id() + ": " + e.getMessage());
        }
    }

    /** Reads the shim's exit file, frees the cgroup, persists the exited state and wakes waiters. */
    private void recordExit(String id) {
        Container c;
        try {
            c = store.get(id);
        } catch (RuntimeException e) {
            return;
        }
        ExitStatus status;
        String error = "";
        Path exitFile = bundle(id).exitFile();
        try {
            JsonNode n = JsonMapper.builder().build().readTree(Files.readString(exitFile, StandardCharsets.UTF_8));
            status = new ExitStatus(n.get("exitCode").asInt(), n.get("oomKilled").asBoolean(),
                    Instant.parse(n.get("finishedAt").asText()));
        } catch (IOException | RuntimeException e) {
            status = new ExitStatus(255, false, Instant.now());
            error = "caisson-shim exited without recording the container's exit";
        }
        health.cancel(id);
        awaitGone(c.state().shimPid());   // the shim exits right after telling us; removal means gone
        try {
            cgroupOf(c).destroy();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cgroup cleanup for " + id + ": " + e.getMessage());
        }
        detachNetworking(c);
        detachVolumes(c);
        boolean restart;
        synchronized (lock(id)) {
            c = store.get(id);
            ContainerState s = c.state().exited(status.exitCode(), status.oomKilled(), error, status.finishedAt());
            restart = !s.manuallyStopped() && c.spec().restartPolicy().restartsAfter(status.exitCode(), s.restartCount());
            store.put(c.withState(restart ? s.withStatus(ContainerState.Status.RESTARTING) : s));
        }
        if (status.oomKilled()) {
            emit(c, "oom");
        }
        emit(store.get(id), "die", Map.of("exitCode", Integer.toString(status.exitCode())));
        CompletableFuture<ExitStatus> f = exits.get(id);
        if (f != null) {
            f.complete(status);
        }
        if (restart) {
            restarts.afterExit(id, c.state().startedAt(), status.finishedAt());
        } else if (c.spec().autoRemove()) {
            try {
                remove(id, false, true);   // --rm takes the anonymous volumes too, as in Docker
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "auto-remove " + id + ": " + e.getMessage());
            }
        }
    }

    private void detachNetworking(Container c) {
        try {
            networking.detach(c);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "network teardown for " + c.id() + ": " + e.getMessage());
        }
    }

    private void detachVolumes(Container c) {
        try {
            volumes.detach(c);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "volume unmount for " + c.id() + ": " + e.getMessage());
        }
    }

    private void removeVolumes(Container c, boolean anonymous) {
        try {
            volumes.removed(c, anonymous);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "volume release for " + c.id() + ": " + e.getMessage());
        }
    }

    private void removeNetworking(Container c) {
        try {
            networking.removed(c);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "network cleanup for " + c.id() + ": " + e.getMessage());
        }
    }

    /** Called by the restart scheduler once the backoff is over. */
    private void restartByPolicy(String id) {
        try {
            Container c = store.get(id);
            if (c.state().running() || c.state().manuallyStopped()) {
                return;
            }
            start(id, true);
        } catch (NotFoundException e) {
            // removed meanwhile
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "restart " + id + ": " + e.getMessage());
            try {
                synchronized (lock(id)) {
                    Container c = store.get(id);
                    if (c.state().status() == ContainerState.Status.RESTARTING) {
                        store.put(c.withState(c.state().withStatus(ContainerState.Status.EXITED)));
                    }
                }
            } catch (NotFoundException ignored) {
                // removed meanwhile
            }
        }
    }

    /** Guards against pid reuse: the pid must still be a process of this container's cgroup. */
    private static boolean inContainerCgroup(int pid, String id) {
        try (InputStream in = Files.newInputStream(Path.of("/proc/" + pid + "/cgroup"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains(id);
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitGone(int pid) {
        Path proc = Path.of("/proc/" + pid);
        for (int i = 0; pid > 0 && i < 1000 && Files.exists(proc); i++) {
            try {
                if (Files.readString(proc.resolve("stat")).contains(") Z ")) {
                    return;   // exited; its new parent reaps it
                }
                Thread.sleep(1);
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void emit(Container c, String action) {
        emit(c, action, Map.of());
    }

    private void emit(Container c, String action, Map<String, String> extra) {
        Map<String, String> attrs = new java.util.LinkedHashMap<>(c.spec().labels());
        attrs.put("image", c.spec().image());
        attrs.put("name", c.name());
        attrs.putAll(extra);
        RuntimeEvent e = new RuntimeEvent(c.id(), action, attrs, Instant.now());
        for (Consumer<RuntimeEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "event listener failed", ex);
            }
        }
    }

    /** "busybox" → "busybox:latest", as Docker names a missing image in create errors. */
    private static String normalizedReference(String ref) {
        try {
            return Reference.parse(ref).toString();
        } catch (RuntimeException e) {
            return ref;
        }
    }

    private Bundle bundle(String id) {
        return new Bundle(store.dir(id), runDir.resolve(id + ".sock"));
    }

    private Object lock(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    /** 64 hex digits; like Docker, never one whose short form is all digits (it would read as a number). */
    private static String newId() {
        byte[] b = new byte[32];
        while (true) {
            RANDOM.nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            if (!id.substring(0, 12).chars().allMatch(Character::isDigit)) {
                return id;
            }
        }
    }

    private static String hostHostname() {
        try {
            try (InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel/hostname"))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();   // see Capabilities.all
            }
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static void deleteQuietly(Bundle b) {
        try {
            b.delete();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cleanup " + b.dir() + ": " + e.getMessage());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Stops watching; running containers keep running under their shims. */
    @Override
    public void close() throws IOException {
        restarts.close();
        health.close();
        monitor.close();
        exitWork.shutdown();
    }
}
