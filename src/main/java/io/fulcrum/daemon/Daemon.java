package io.fulcrum.daemon;

import io.fulcrum.cli.Dataplane;
import io.fulcrum.cli.RunSettings;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.LvsTimeouts;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.control.ControlServer;
import io.fulcrum.control.DaemonSignal;
import io.fulcrum.control.DumpKind;
import io.fulcrum.ipvs.ServiceSnapshot;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.conn.ConnectionOptions;
import io.fulcrum.ipvs.conn.ConnectionTable;
import io.fulcrum.ipvs.conn.Timeouts;
import io.fulcrum.ipvs.sched.SchedulerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The running director: the virtual server table built from the configuration, its owner loop, the control
 * socket that serves it, and the proxy that forwards its services ({@link ForwardingSync}). {@link #start} brings
 * everything up (or nothing, with a reason); {@link #stop} takes it down, closes the proxy and removes the
 * socket.
 */
final class Daemon {

    /** How often the loop runs the periodic work (rate estimation is due every 2 s, expiry as it comes). */
    static final long PERIOD_NANOS = 200_000_000L;

    private final DaemonLog log;
    private final ControlLoop loop;
    private final ControlSocket socket;
    private final ControlServer server;
    private final ForwardingSync forwarding;
    private final HealthService health;
    private final Optional<VrrpService> vrrp;
    private final List<String> forwardingProblems;
    private final AtomicReference<Dumps> dumps;
    private final Reloader reloader;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Optional<WebHost> web = Optional.empty();

    private Daemon(DaemonLog log, ControlLoop loop, ControlSocket socket, ControlServer server,
                   ForwardingSync forwarding, HealthService health, Optional<VrrpService> vrrp,
                   List<String> forwardingProblems, AtomicReference<Dumps> dumps, Reloader reloader) {
        this.dumps = dumps;
        this.reloader = reloader;
        this.log = log;
        this.loop = loop;
        this.socket = socket;
        this.server = server;
        this.forwarding = forwarding;
        this.health = health;
        this.vrrp = vrrp;
        this.forwardingProblems = List.copyOf(forwardingProblems);
    }

    /** Builds the table, forwards it through the real proxy, starts the loop and serves the control socket. */
    static Daemon start(RunSettings settings, String version, long pid, DaemonLog log, LongSupplier nanoClock)
            throws DaemonStartException {
        return start(settings, version, pid, log, nanoClock, ProxyPort.real(settings.proxyIo()),
                PacketHost.real(settings.packetWorkers()));
    }

    /**
     * Builds the table, takes the control socket's lock, gives the proxy ({@code proxies}) the services it is to
     * forward, starts the loop and serves the control socket. With {@code --dataplane auto}, a virtual server
     * nothing could forward stops it before anything is bound.
     */
    static Daemon start(RunSettings settings, String version, long pid, DaemonLog log, LongSupplier nanoClock,
                        ProxyPort.Factory proxies, PacketPort.Factory packets) throws DaemonStartException {
        log.accept("Starting Fulcrum " + version + " (java " + Runtime.version() + "), pid " + pid);
        KeepalivedConfig config = settings.config();
        log.accept("Configuration " + settings.configFile() + ": " + config.vrrpInstances().size()
                + " VRRP instance(s), " + config.virtualServers().size() + " virtual server(s), "
                + settings.errors() + " error(s), " + settings.warnings() + " warning(s)");
        ServiceOrigins origins = origins(config, log);
        Optional<String> refused = ForwardingSync.startProblem(settings.dataplane(), origins,
                packets.unavailable());
        if (refused.isPresent()) {
            throw new DaemonStartException(refused.get());
        }
        if (settings.dataplane() == Dataplane.PROXY) {
            log.accept("--dataplane proxy: DR, NAT and TUN services are forwarded through the user-space proxy as"
                    + " full NAT; their responses flow back through the director, and their real servers see"
                    + " connections from the director's address");
        }
        SchedulerFactory schedulers = new SchedulerFactory(nanoClock, RandomGenerator::getDefault);
        ServiceTable table = new ServiceTable(schedulers);
        HealthService health = HealthService.of(config, log);
        Optional<TableLoader.Loaded> loaded = load(config, table, health, log);
        ConnectionTable connections = new ConnectionTable(new ConnectionOptions(settings.expireNodestConn(),
                settings.expireQuiescentTemplate()));
        applyTimeouts(config.globalDefs().lvs().timeouts(), connections, log);
        List<ServiceSnapshot> services = table.snapshot().services();
        log.accept("Virtual server table: " + services.size() + " service(s), "
                + services.stream().mapToInt(s -> s.destinations().size()).sum() + " real server(s)");
        ControlSocket socket = ControlSocket.open(settings.socket(), log);
        health.openFifos(config);
        Optional<VrrpService> vrrp = startVrrp(settings, health, socket, log);
        ForwardingSync forwarding = new ForwardingSync(settings.dataplane(), origins,
                () -> proxies.create(connections, nanoClock, log),
                () -> packets.create(connections, nanoClock, log), log);
        List<String> problems = forwarding.sync(table);
        log.accept(forwarding.summary());
        AtomicReference<Dumps> dumps = new AtomicReference<>(Dumps.of(config, pid, vrrp,
                loaded.map(l -> health.state()), System.getenv(), nanoClock, log));
        AtomicReference<WebStatusMapping> webMapping = new AtomicReference<>(new WebStatusMapping(config,
                loaded.map(TableLoader.Loaded::targets).orElse(List.of()), loaded.map(l -> health.state()),
                health.probes(), System::nanoTime, Instant::now));
        LiveTable live = new LiveTable(table, ConnectionPort.of(connections), version, pid,
                () -> forwarding.sync(table), () -> VrrpStatusMapping.of(vrrp), forwarding::packetStatus,
                kind -> dumps.get().answer(kind));
        ControlLoop loop = new ControlLoop(live, nanoClock, PERIOD_NANOS, log);
        Reloader.Parts parts = new Reloader.Parts(table, health, forwarding, vrrp,
                t -> applyTimeouts(t, connections, log));
        Reloader reloader = new Reloader(settings.source(), config, parts, settings.vrrp(), schedulers,
                HealthService.hostName(), log, nanoClock);
        live.onReload(() -> new ControlResponse.Ok(reloader.reload("fulcrum reload")));
        reloader.onApplied((next, targets) -> { // the dumps and the status page follow the new configuration
            dumps.set(Dumps.of(next, pid, vrrp, Optional.of(health.state()), System.getenv(), nanoClock, log));
            webMapping.set(new WebStatusMapping(next, targets, Optional.of(health.state()), health.probes(),
                    System::nanoTime, Instant::now));
        });
        loop.start();
        loaded.ifPresent(l -> {
            health.attach(new HealthTable(table, config, l.targets(), log), () -> forwarding.sync(table));
            loop.post("the health state's start", () -> health.perform(l.effects()));
            if (settings.checkers()) {
                health.start(config, loop);
            } else {
                log.accept("Health checking is off (--vrrp): real servers stay as configured");
            }
        });
        ControlServer server = ControlServer.start(socket.listener(), loop::call, log);
        log.accept("Control socket " + socket.path() + " ready (mode 0600); ipvsadm: fulcrum ipvsadm --socket "
                + socket.path() + " -Ln");
        Daemon daemon = new Daemon(log, loop, socket, server, forwarding, health, vrrp, problems, dumps, reloader);
        try {
            daemon.web = WebHost.start(settings, loop, WebHost.snapshot(table, webMapping::get, vrrp, forwarding,
                    System::nanoTime, Instant::now), log);
        } catch (DaemonStartException e) {
            daemon.stop("the status page cannot start");
            throw e;
        }
        return daemon;
    }

    /**
     * Starts VRRP unless the configuration has no instance or --check asks for none; a VRRP that cannot start
     * stops the daemon (its control socket is removed) with the reason.
     */
    private static Optional<VrrpService> startVrrp(RunSettings settings, HealthService health, ControlSocket socket,
            DaemonLog log) throws DaemonStartException {
        KeepalivedConfig config = settings.config();
        if (config.vrrpInstances().isEmpty()) {
            log.accept("VRRP: no vrrp_instance configured");
            return Optional.empty();
        }
        if (!settings.vrrp()) {
            log.accept("VRRP is off (--check): " + config.vrrpInstances().size() + " instance(s) not started; the"
                    + " virtual addresses must be on this host already");
            return Optional.empty();
        }
        String routerId = config.globalDefs().routerId().orElseGet(HealthService::hostName);
        try {
            VrrpNotifications notifications = new VrrpNotifications(health.scripts(), health.alerts(),
                    health::writeVrrpFifo, routerId, config.syncGroups());
            return VrrpService.start(config, settings.logDetail(), notifications, health.scripts(), log);
        } catch (DaemonStartException e) {
            health.closeFifos();
            try {
                socket.close();
            } catch (IOException io) {
                log.accept("Could not remove control socket " + socket.path() + ": " + io.getMessage());
            }
            throw e;
        }
    }

    /** The configuration's side of each service; a configuration the table could not be built from has none. */
    static ServiceOrigins origins(KeepalivedConfig config, java.util.function.Consumer<String> log) {
        try {
            return ServiceOrigins.of(config);
        } catch (RuntimeException e) {
            log.accept("The virtual servers' forwarding settings could not be read (" + e + "); none is applied");
            return ServiceOrigins.none();
        }
    }

    /** Builds the table as keepalived starts it; empty (the table too) when the configuration cannot be read. */
    private static Optional<TableLoader.Loaded> load(KeepalivedConfig config, ServiceTable table,
            HealthService health, DaemonLog log) {
        try {
            TableLoader.Loaded loaded = TableLoader.load(config, table, health.state());
            loaded.log().forEach(log);
            return Optional.of(loaded);
        } catch (RuntimeException e) {
            log.accept("Virtual servers could not be loaded from the configuration (" + e
                    + "); the table starts empty and is served, without health checking");
            table.clear();
            return Optional.empty();
        }
    }

    private static void applyTimeouts(LvsTimeouts t, ConnectionTable connections, DaemonLog log) {
        if (t.isEmpty()) {
            return;
        }
        connections.setTimeouts(new Timeouts(t.tcp().orElse(0), t.tcpFin().orElse(0), t.udp().orElse(0)));
        Timeouts now = connections.timeouts();
        log.accept("lvs_timeouts: tcp " + now.tcp() + " tcpfin " + now.tcpFin() + " udp " + now.udp());
    }

    /**
     * keepalived's dump signals (SIGUSR1, SIGUSR2, SIGRTMIN+2, STATS_CLEAR): the dump is taken on the loop's thread,
     * which owns the health state. Other signals are not this method's.
     */
    void dumpOnSignal(DaemonSignal signal) {
        switch (signal) {
            case DATA -> loop.post("the data dump", () -> dumps.get().onSignal(DumpKind.DATA));
            case STATS -> loop.post("the stats dump", () -> dumps.get().onSignal(DumpKind.STATS));
            case JSON -> loop.post("the JSON dump", () -> dumps.get().onSignal(DumpKind.JSON));
            case STATS_CLEAR -> loop.post("the stats dump and clear", () -> {
                dumps.get().onSignal(DumpKind.STATS);
                vrrp.ifPresent(VrrpService::clearStats);
            });
            case RELOAD, STOP -> throw new IllegalArgumentException(signal + " is not a dump signal");
        }
    }

    Path socketPath() {
        return socket.path();
    }

    /** The services the proxy could not bind at start, one line each. */
    List<String> forwardingProblems() {
        return forwardingProblems;
    }

    /** SIGHUP: a reload on the loop's thread, after the work queued before it (returns at once). */
    void reloadLater(String trigger) {
        loop.post("a reload (" + trigger + ")", () -> reloader.reload(trigger));
    }

    /** Stops serving and removes the socket; the first call does it, later ones return at once. */
    void stop(String why) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        log.accept("Stopping (" + why + ")");
        vrrp.ifPresent(VrrpService::close); // first: a MASTER resigns at once (priority-0 advert)
        web.ifPresent(WebHost::close);
        server.close();
        loop.close();
        health.close();
        forwarding.close();
        try {
            socket.close();
            log.accept("Removed control socket " + socket.path());
        } catch (IOException e) {
            log.accept("Could not remove control socket " + socket.path() + ": " + e.getMessage());
        }
        log.accept("Stopped");
        done.countDown();
    }

    /** Blocks until {@link #stop} has finished. */
    void awaitStop() throws InterruptedException {
        done.await();
    }

    /** Waits up to {@code millis} for {@link #stop} to finish; true when it has. */
    boolean awaitStop(long millis) throws InterruptedException {
        return done.await(millis, TimeUnit.MILLISECONDS);
    }
}
