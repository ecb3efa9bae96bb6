package io.fulcrum.daemon;

import io.fulcrum.config.model.NotifyScripts;
import io.fulcrum.config.model.ScriptSpec;
import io.fulcrum.config.model.VrrpSyncGroup;
import io.fulcrum.notify.FifoLine;
import io.fulcrum.notify.ScriptEnd;
import io.fulcrum.notify.ScriptRunner;
import io.fulcrum.notify.SmtpAlerter;
import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.InstanceState;
import io.fulcrum.vrrp.VrrpNotifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What keepalived does when an instance changes state: the state's own notify script (notify_master, _backup,
 * _fault, _stop), then {@code notify} with {@code INSTANCE NAME STATE PRIORITY} appended; the FIFO line
 * ({@code INSTANCE "VI_1" MASTER 100}); and, with smtp_alert, the e-mail. Scripts are fired and not waited for.
 */
final class VrrpNotifications implements VrrpNotifier {

    /** A notify script still running after this is killed. */
    static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);
    /** A notify script of the shutdown (state STOP) may run this long before the daemon goes on stopping. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

    private final ScriptRunner scripts;
    private final SmtpAlerter alerts;
    private final Consumer<FifoLine> fifo;
    private final String routerId;
    private volatile Map<String, VrrpSyncGroup> groups;
    private final List<CompletableFuture<ScriptEnd>> stopScripts = new CopyOnWriteArrayList<>();

    VrrpNotifications(ScriptRunner scripts, SmtpAlerter alerts, Consumer<FifoLine> fifo, String routerId,
            List<VrrpSyncGroup> groups) {
        this.groups = groups.stream().collect(java.util.stream.Collectors.toMap(VrrpSyncGroup::name, g -> g,
                (a, b) -> a));
        this.scripts = scripts;
        this.alerts = alerts;
        this.fifo = fifo;
        this.routerId = routerId;
    }

    /** A reload's sync groups, whose notify scripts group changes run from now on. */
    void groups(List<VrrpSyncGroup> next) {
        this.groups = next.stream().collect(java.util.stream.Collectors.toMap(VrrpSyncGroup::name, g -> g,
                (a, b) -> a));
    }

    @Override
    public void stateChanged(InstanceSettings instance, InstanceState from, InstanceState to, int priority) {
        notify("INSTANCE", instance.name(), instance.spec().notifyScripts(), to, priority);
        if (instance.spec().smtpAlert() && alerts.enabled()) {
            alert("VRRP Instance " + instance.name(), to, "=> VRRP Instance is now owning VRRP VIPs <=",
                    "=> VRRP Instance is no longer owning VRRP VIPs <=");
        }
    }

    @Override
    public void groupChanged(String group, InstanceState from, InstanceState to) {
        VrrpSyncGroup g = groups.get(group);
        if (g == null) {
            return;
        }
        notify("GROUP", group, g.notifyScripts(), to, 0);
        if (g.smtpAlert() && alerts.enabled()) {
            String body = "=> All VRRP group instances are now in " + to + " state <=";
            alert("VRRP Group " + group, to, body, body);
        }
    }

    /** The state's own script, then {@code notify} with keepalived's four arguments, then the FIFO line. */
    private void notify(String kind, String name, NotifyScripts n, InstanceState to, int priority) {
        Optional<ScriptSpec> specific = switch (to) {
            case MASTER -> n.master();
            case BACKUP -> n.backup();
            case FAULT -> n.fault();
            case STOP -> n.stop();
            case INIT -> Optional.empty();
        };
        Optional<FifoLine.VrrpState> fifoState = fifoState(to);
        specific.ifPresent(s -> fire(s, to));
        if (fifoState.isPresent()) {
            n.any().ifPresent(s -> fire(withArgs(s, kind, name, to.name(), Integer.toString(priority)), to));
            fifo.accept(kind.equals("GROUP") ? new FifoLine.Group(name, fifoState.get(), priority)
                    : new FifoLine.Instance(name, fifoState.get(), priority));
        }
    }

    private void fire(ScriptSpec script, InstanceState to) {
        CompletableFuture<ScriptEnd> end = scripts.fire(script, to == InstanceState.STOP ? STOP_TIMEOUT
                : SCRIPT_TIMEOUT);
        if (to == InstanceState.STOP) {
            stopScripts.add(end);
        }
    }

    /** Waits for the notify_stop scripts fired so far (each is killed after {@link #STOP_TIMEOUT}). */
    void awaitStopScripts() {
        for (CompletableFuture<ScriptEnd> f : stopScripts) {
            try {
                f.get(STOP_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // the runner kills it at its timeout and logs what happened
            }
        }
    }

    @Override
    public void masterRxLowerPriority(InstanceSettings instance, int priority) {
        instance.spec().notifyScripts().masterRxLowerPri().ifPresent(s -> scripts.fire(s, SCRIPT_TIMEOUT));
        fifo.accept(new FifoLine.Instance(instance.name(), FifoLine.VrrpState.MASTER_RX_LOWER_PRI, priority));
    }

    private static Optional<FifoLine.VrrpState> fifoState(InstanceState to) {
        return switch (to) {
            case MASTER -> Optional.of(FifoLine.VrrpState.MASTER);
            case BACKUP -> Optional.of(FifoLine.VrrpState.BACKUP);
            case FAULT -> Optional.of(FifoLine.VrrpState.FAULT);
            case STOP -> Optional.of(FifoLine.VrrpState.STOP);
            case INIT -> Optional.empty();
        };
    }

    /** keepalived's shapes: "[router_id] VRRP Instance VI_1 - Entering MASTER state" and a one-line body. */
    private void alert(String what, InstanceState to, String masterBody, String otherBody) {
        String prefix = "[" + routerId + "] " + what + " - ";
        switch (to) {
            case MASTER -> alerts.send(prefix + "Entering MASTER state", masterBody);
            case BACKUP -> alerts.send(prefix + "Entering BACKUP state", otherBody);
            case FAULT -> alerts.send(prefix + "Entering FAULT state", otherBody);
            case STOP, INIT -> {
            }
        }
    }

    static ScriptSpec withArgs(ScriptSpec s, String... args) {
        List<String> argv = new ArrayList<>(s.argv());
        argv.addAll(List.of(args));
        return new ScriptSpec(argv, s.user(), s.group());
    }
}
