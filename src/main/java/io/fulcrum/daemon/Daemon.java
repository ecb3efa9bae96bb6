package io.fulcrum.daemon;

import io.fulcrum.cli.RunSettings;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.LvsTimeouts;
import io.fulcrum.control.ControlServer;
import io.fulcrum.ipvs.ServiceSnapshot;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.conn.ConnectionOptions;
import io.fulcrum.ipvs.conn.ConnectionTable;
import io.fulcrum.ipvs.conn.Timeouts;
import io.fulcrum.ipvs.sched.SchedulerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The running director: the virtual server table built from the configuration, its owner loop, and the control
 * socket that serves it. {@link #start} brings everything up (or nothing, with a reason); {@link #stop} takes it
 * down and removes the socket.
 */
final class Daemon {

    /** How often the loop runs the periodic work (rate estimation is due every 2 s, expiry as it comes). */
    static final long PERIOD_NANOS = 200_000_000L;

    private final DaemonLog log;
    private final ControlLoop loop;
    private final ControlSocket socket;
    private final ControlServer server;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    private Daemon(DaemonLog log, ControlLoop loop, ControlSocket socket, ControlServer server) {
        this.log = log;
        this.loop = loop;
        this.socket = socket;
        this.server = server;
    }

    /** Builds the table, starts the loop and serves the control socket. */
    static Daemon start(RunSettings settings, String version, long pid, DaemonLog log, LongSupplier nanoClock)
            throws DaemonStartException {
        log.accept("Starting Fulcrum " + version + " (java " + Runtime.version() + "), pid " + pid);
        KeepalivedConfig config = settings.config();
        log.accept("Configuration " + settings.configFile() + ": " + config.vrrpInstances().size()
                + " VRRP instance(s), " + config.virtualServers().size() + " virtual server(s), "
                + settings.errors() + " error(s), " + settings.warnings() + " warning(s)");
        ServiceTable table = new ServiceTable(new SchedulerFactory(nanoClock, RandomGenerator::getDefault));
        load(config, table, log);
        ConnectionTable connections = new ConnectionTable(ConnectionOptions.DEFAULT);
        applyTimeouts(config.globalDefs().lvs().timeouts(), connections, log);
        List<ServiceSnapshot> services = table.snapshot().services();
        log.accept("Virtual server table: " + services.size() + " service(s), "
                + services.stream().mapToInt(s -> s.destinations().size()).sum() + " real server(s)");
        log.accept("Health checking, VRRP and forwarding are not available in this version: the table is served"
                + " only");
        ControlLoop loop = new ControlLoop(new LiveTable(table, ConnectionPort.of(connections), version, pid),
                nanoClock, PERIOD_NANOS, log);
        loop.start();
        ControlSocket socket;
        try {
            socket = ControlSocket.open(settings.socket(), log);
        } catch (DaemonStartException e) {
            loop.close();
            throw e;
        }
        ControlServer server = ControlServer.start(socket.listener(), loop::call, log);
        log.accept("Control socket " + socket.path() + " ready (mode 0600); ipvsadm: fulcrum ipvsadm --socket "
                + socket.path() + " -Ln");
        return new Daemon(log, loop, socket, server);
    }

    private static void load(KeepalivedConfig config, ServiceTable table, DaemonLog log) {
        try {
            TableLoader.apply(config, table).forEach(log);
        } catch (RuntimeException e) {
            log.accept("Virtual servers could not be loaded from the configuration (" + e
                    + "); the table starts empty and is served");
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

    Path socketPath() {
        return socket.path();
    }

    /** Stops serving and removes the socket; the first call does it, later ones return at once. */
    void stop(String why) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        log.accept("Stopping (" + why + ")");
        server.close();
        loop.close();
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
