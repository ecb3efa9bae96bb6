package io.fulcrum.daemon;

import io.fulcrum.check.CheckPorts;
import io.fulcrum.check.CheckReport;
import io.fulcrum.check.CheckRunner;
import io.fulcrum.check.CheckTarget;
import io.fulcrum.check.Checker;
import io.fulcrum.check.CheckerId;
import io.fulcrum.check.Checkers;
import io.fulcrum.check.HealthAction;
import io.fulcrum.check.HealthEvent;
import io.fulcrum.check.HealthState;
import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.notify.FifoLine;
import io.fulcrum.notify.NotifyFifo;
import io.fulcrum.notify.ScriptRunner;
import io.fulcrum.notify.SmtpAlerter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Health checking in the running daemon, as keepalived's checker process does it: the checkers run on their own
 * virtual threads ({@link CheckRunner}); each report goes to the control loop, where the health state
 * ({@link HealthState}) decides, and its decisions are performed there: table changes ({@link HealthTable}, then
 * the data plane follows), log lines, notify scripts ({@link ScriptRunner}, never waited for), e-mail alerts
 * ({@link SmtpAlerter}, asynchronous) and notify FIFO lines.
 */
final class HealthService implements AutoCloseable {

    /** A notify_up/notify_down/quorum script still running after this is killed (keepalived lets it run). */
    static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(30);
    /** How long each script run at shutdown (omega) may take, as in keepalived. */
    static final Duration SHUTDOWN_SCRIPT_TIMEOUT = Duration.ofSeconds(1);
    static final int MAX_CONCURRENT_SCRIPTS = 16;

    private HealthState state;
    private final Consumer<String> log;
    private final ScriptRunner scripts;
    private final SmtpAlerter alerts;
    private final List<NotifyFifo> allFifos = new CopyOnWriteArrayList<>();
    private final List<NotifyFifo> vrrpFifos = new CopyOnWriteArrayList<>();
    private final List<NotifyFifo> lvsFifos = new CopyOnWriteArrayList<>();
    private final ProbeRecorder probes = new ProbeRecorder(System::nanoTime);
    private HealthTable table;
    private Runnable tableChanged = () -> { };
    private CheckerFleet fleet;
    private Function<KeepalivedConfig, CheckerFleet.Launcher> launchers = this::launcher;
    /** ha_suspend: the host's addresses last seen, the runners that may be suspended, the address watcher. */
    private volatile Set<IpAddress> addresses = Set.of();
    private final List<Suspendable> suspendable = new CopyOnWriteArrayList<>();
    private BiConsumer<String, Runnable> post;
    private HostAddressWatch watch;

    /** A checker runner of a virtual server named {@code vsName}, launched as virtual server {@code vsIndex}. */
    private record Suspendable(String vsName, int vsIndex, CheckRunner runner) {
    }

    private HealthService(HealthState state, Consumer<String> log, ScriptRunner scripts, SmtpAlerter alerts) {
        this.state = state;
        this.log = log;
        this.scripts = scripts;
        this.alerts = alerts;
    }

    /**
     * The health state of {@code config}, with the scripts and alerts its effects go to; nothing outside the
     * process is touched until {@link #attach}.
     */
    static HealthService of(KeepalivedConfig config, Consumer<String> log) {
        String host = hostName();
        HealthState state = new HealthState(config.virtualServers(), config.globalDefs(), host);
        Set<IpAddress> present = Set.of();
        if (!HaSuspend.followed(state).isEmpty()) {
            try {
                present = HostAddressWatch.current();
            } catch (IOException e) {
                log.accept("ha_suspend: the host's addresses cannot be read (" + e.getMessage() + "); the"
                        + " checkers start suspended until they can");
            }
            HaSuspend.apply(state, present);
        }
        ScriptRunner scripts = new ScriptRunner(config.globalDefs().scripts().scriptUser(), System::nanoTime, log,
                MAX_CONCURRENT_SCRIPTS);
        SmtpAlerter alerts = new SmtpAlerter(config.globalDefs().email(), host, Clock.systemDefaultZone(), log);
        HealthService service = new HealthService(state, log, scripts, alerts);
        service.addresses = present;
        return service;
    }

    HealthState state() {
        return state;
    }

    /**
     * Where table actions go from now on, and what runs after each batch of them (the data plane's sync); opens
     * the notify FIFOs of {@code config} (notify_fifo, lvs_notify_fifo) with their reader scripts. Called once the
     * daemon holds its control socket, so a daemon refused at start touches no FIFO.
     */
    void attach(HealthTable healthTable, Runnable changed) {
        this.table = healthTable;
        this.tableChanged = changed;
    }

    /**
     * Opens the notify FIFOs of {@code config} (notify_fifo, vrrp_notify_fifo, lvs_notify_fifo) with their reader
     * scripts. Called once the daemon holds its control socket, so a daemon refused at start touches no FIFO.
     */
    void openFifos(KeepalivedConfig config) {
        config.globalDefs().fifos().all().flatMap(f -> NotifyFifo.open(f, "", scripts, log))
                .ifPresent(allFifos::add);
        config.globalDefs().fifos().vrrp().flatMap(f -> NotifyFifo.open(f, "vrrp_", scripts, log))
                .ifPresent(vrrpFifos::add);
        config.globalDefs().fifos().lvs().flatMap(f -> NotifyFifo.open(f, "lvs_", scripts, log))
                .ifPresent(lvsFifos::add);
    }

    /** Writes a VRRP line to notify_fifo and vrrp_notify_fifo (from any thread; a FIFO never blocks). */
    void writeVrrpFifo(FifoLine line) {
        allFifos.forEach(f -> f.write(line));
        vrrpFifos.forEach(f -> f.write(line));
    }

    /** The checkers' last probes, for the status page. */
    ProbeRecorder probes() {
        return probes;
    }

    ScriptRunner scripts() {
        return scripts;
    }

    SmtpAlerter alerts() {
        return alerts;
    }

    /**
     * Builds every configured checker and starts each on its own runner; their reports are applied on
     * {@code loop}. A checker that cannot be built is logged and left out.
     */
    void start(KeepalivedConfig config, ControlLoop loop) {
        start(config, loop::post);
    }

    /**
     * As {@link #start(KeepalivedConfig, ControlLoop)}, each report applied through {@code post} (which runs it on
     * the thread that owns the table).
     */
    void start(KeepalivedConfig config, BiConsumer<String, Runnable> post) {
        fleet = new CheckerFleet(launchers.apply(config), (current, report) -> post.accept("a health check report",
                () -> current.get().ifPresent(id -> apply(CheckerFleet.renamed(report, id)))), log);
        fleet.startAll(state);
        log.accept("Health checking: " + fleet.size() + " checker(s) started");
        this.post = post;
        followAddresses();
    }

    /** ha_suspend: starts following the host's addresses once a health state needs it. */
    private void followAddresses() {
        if (watch != null || post == null || HaSuspend.followed(state).isEmpty()) {
            return;
        }
        try {
            watch = HostAddressWatch.start("ha_suspend", now -> post.accept("an address change (ha_suspend)",
                    () -> addresses(now)), log);
        } catch (IOException e) {
            log.accept("ha_suspend: the host's addresses cannot be followed (" + e.getMessage() + "); the"
                    + " checkers stay as they started");
        }
    }

    /**
     * ha_suspend: the addresses on this host are now {@code present}; the checkers of a virtual server whose
     * address left are suspended, those whose address came back resume. Runs on the loop's thread.
     */
    void addresses(Set<IpAddress> present) {
        addresses = Set.copyOf(present);
        perform(HaSuspend.apply(state, addresses));
        syncSuspended();
    }

    /** Tells each runner whether its virtual server is suspended in the current health state. */
    private void syncSuspended() {
        Map<String, Integer> index = new HashMap<>();
        for (CheckerId id : state.checkers()) {
            index.putIfAbsent(state.target(id).vsName(), id.vsIndex());
        }
        for (Suspendable s : suspendable) {
            Integer now = index.get(s.vsName());
            if (now != null && state.suspended(now)) {
                s.runner().suspend(s.vsIndex());
            } else {
                s.runner().resume(s.vsIndex());
            }
        }
    }

    /** For tests: what builds the checkers of a configuration (fakes instead of probes). */
    void launchers(Function<KeepalivedConfig, CheckerFleet.Launcher> next) {
        this.launchers = next;
    }

    /** Builds checkers of {@code config} (the configuration the current health state comes from). */
    private CheckerFleet.Launcher launcher(KeepalivedConfig config) {
        CheckPorts ports = new CheckPorts(new NotifyPrograms(scripts), new IcmpEchoAdapter());
        return (id, sink) -> {
            CheckTarget target = state.target(id);
            Checker c = probes.wrap(id, Checkers.create(state.spec(id), target, config, ports, log));
            CheckRunner runner = new CheckRunner(List.of(new CheckRunner.Job(id, c, state.timing(id),
                    target.rsName())), new SystemCheckClock(), RandomGenerator.getDefault(), CheckRunner.DEFAULT_GRACE,
                    sink);
            Suspendable s = new Suspendable(target.vsName(), id.vsIndex(), runner);
            if (state.suspended(id.vsIndex())) {
                runner.suspend(id.vsIndex());
            }
            suspendable.add(s);
            runner.start();
            return () -> {
                suspendable.remove(s);
                runner.close();
            };
        };
    }

    /**
     * A reload's first step: which running checkers {@code next} keeps (their state is carried into it here),
     * which start, which stop. Changes nothing that runs; empty when health checking is off.
     */
    Optional<CheckerFleet.Plan> plan(HealthState next) {
        if (fleet == null) {
            return Optional.empty();
        }
        if (watch == null && !HaSuspend.followed(next).isEmpty()) { // ha_suspend new with this reload
            try {
                addresses = HostAddressWatch.current();
            } catch (IOException e) {
                log.accept("ha_suspend: the host's addresses cannot be read (" + e.getMessage() + ")");
            }
        }
        HaSuspend.apply(next, addresses); // before its start: which virtual servers start suspended
        CheckerFleet.Plan plan = fleet.plan(next);
        plan.kept().forEach((id, old) -> next.carry(id, state, old));
        return Optional.of(plan);
    }

    /**
     * A reload's last step: {@code next} (started) becomes the health state, table actions go to {@code healthTable},
     * and the checkers follow {@code plan}, new ones built from {@code config}.
     */
    void replace(HealthState next, HealthTable healthTable, KeepalivedConfig config,
                 Optional<CheckerFleet.Plan> plan) {
        this.state = next;
        this.table = healthTable;
        plan.ifPresent(p -> {
            fleet.launcher(launchers.apply(config));
            fleet.commit(p, next);
        });
        syncSuspended();
        followAddresses();
    }

    /** Applies one checker report: its lines, then the state's decisions. Runs on the loop's thread. */
    void apply(CheckReport report) {
        report.log().forEach(log);
        List<HealthAction> actions = new ArrayList<>();
        for (HealthEvent e : report.events()) {
            actions.addAll(state.onEvent(e));
        }
        perform(actions);
    }

    /** Performs decisions: table actions through the table, the others here. */
    void perform(List<HealthAction> actions) {
        boolean changed = false;
        for (HealthAction a : actions) {
            if (table != null && table.apply(a)) {
                changed |= !(a instanceof HealthAction.Log);
                continue;
            }
            switch (a) {
                case HealthAction.Log l -> log.accept(l.line());
                case HealthAction.RunScript r -> script(r);
                case HealthAction.SendAlert s -> alerts.send(s.subject(), s.body());
                case HealthAction.WriteFifo f -> {
                    FifoLine line = new FifoLine.Lvs(f.line());
                    allFifos.forEach(fifo -> fifo.write(line));
                    lvsFifos.forEach(fifo -> fifo.write(line));
                }
                default -> log.accept("table action without a table: " + a);
            }
        }
        if (changed) {
            tableChanged.run();
        }
    }

    private void script(HealthAction.RunScript r) {
        CompletableFuture<?> done = scripts.fire(r.script(), r.atShutdown() ? SHUTDOWN_SCRIPT_TIMEOUT
                : NOTIFY_TIMEOUT);
        if (r.atShutdown()) {
            try {
                done.get(SHUTDOWN_SCRIPT_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                // the runner kills it at its timeout and logs what happened
            }
        }
    }

    /** Stops the checkers; then keepalived's shutdown (omega scripts and alerts) runs on the caller's thread. */
    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        perform(state.shutdownActions().stream().filter(a -> !isTable(a)).toList());
        closeFifos();
        scripts.close();
    }

    /** Closes the notify FIFOs (after VRRP's last lines: the daemon calls this at the very end). */
    void closeFifos() {
        for (List<NotifyFifo> list : List.of(allFifos, vrrpFifos, lvsFifos)) {
            list.forEach(NotifyFifo::close);
            list.clear();
        }
    }

    private static boolean isTable(HealthAction a) {
        return !(a instanceof HealthAction.Log || a instanceof HealthAction.RunScript
                || a instanceof HealthAction.SendAlert || a instanceof HealthAction.WriteFifo);
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
    }
}
