package io.fulcrum.daemon;

import io.fulcrum.cli.ConfigSource;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.LvsTimeouts;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.ipvs.SchedulerProvider;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.vrrp.InstanceSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * keepalived's reload (SIGHUP, and {@code fulcrum reload}): reads the configuration file again, with the
 * preprocessing {@code fulcrum run} used, and applies the difference to what runs. A configuration with errors,
 * or one whose VRRP instances or virtual servers cannot run here, is refused and nothing changes. Otherwise the
 * table is changed in place ({@link TableDiff}: added virtual servers start forwarding, removed ones drain,
 * changed ones are edited without rebinding), unchanged checkers go on with their up/down state
 * ({@link CheckerFleet}), unchanged VRRP instances keep their state ({@link VrrpService#reload}), and the data
 * plane follows. Runs on the control loop's thread, which serialises reloads with every other change.
 */
final class Reloader {

    /**
     * The daemon's parts a reload changes; {@code timeouts} sets the connection table's {@code lvs_timeouts}.
     */
    record Parts(ServiceTable table, HealthService health, ForwardingSync forwarding, Optional<VrrpService> vrrp,
                 Consumer<LvsTimeouts> timeouts) {
    }

    private final ConfigSource source;
    private final Parts parts;
    private final boolean vrrpOn;
    private final SchedulerProvider schedulers;
    private final Consumer<String> log;
    private final LongSupplier nanoClock;
    private final String hostName;
    private KeepalivedConfig current;
    private BiConsumer<KeepalivedConfig, List<List<ServiceTarget>>> applied = (config, targets) -> { };

    /**
     * @param running the configuration the daemon runs now
     * @param vrrpOn  whether VRRP runs (not {@code --check})
     */
    Reloader(ConfigSource source, KeepalivedConfig running, Parts parts, boolean vrrpOn, SchedulerProvider schedulers,
             String hostName, Consumer<String> log, LongSupplier nanoClock) {
        this.source = source;
        this.current = running;
        this.parts = parts;
        this.vrrpOn = vrrpOn;
        this.schedulers = schedulers;
        this.hostName = hostName;
        this.log = log;
        this.nanoClock = nanoClock;
    }

    /**
     * Called on the reloading thread after each applied reload with the new configuration and its virtual servers'
     * services (for what reads the configuration beside the table: dumps, the status page).
     */
    void onApplied(BiConsumer<KeepalivedConfig, List<List<ServiceTarget>>> listener) {
        this.applied = listener;
    }

    /** The configuration that runs now (the last one a reload applied). */
    KeepalivedConfig current() {
        return current;
    }

    /** Reloads now ({@code trigger} names who asked, for the log); says what happened. */
    ControlResponse.Reloaded reload(String trigger) {
        long start = nanoClock.getAsLong();
        log.accept("Reloading ...");
        log.accept("Reload (" + trigger + "): reading " + source.file());
        LoadResult read = source.load();
        List<String> problems = ConfigSource.problemLines(read);
        if (read.readError().isPresent()) {
            return refused(start, List.of(ConfigSource.UNREADABLE + read.readError().get()));
        }
        if (read.errorCount() > 0 || read.config().isEmpty()) {
            return refused(start, problems, read.errorCount() + " error(s) in " + source.file());
        }
        KeepalivedConfig next = read.config().get();
        Optional<List<InstanceSettings>> vrrp;
        TablePlan plan;
        try {
            vrrp = vrrpPlan(next);
            plan = TablePlan.of(current, parts.health().state(), next, hostName, schedulers, parts.health()::plan);
        } catch (ReloadRefused e) {
            return refused(start, append(problems, e.getMessage()), e.getMessage());
        }
        List<String> changes = apply(next, plan, vrrp);
        problems.forEach(p -> log.accept("Reload: " + p));
        long millis = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - start);
        log.accept("Reload finished in " + millis + " ms");
        return new ControlResponse.Reloaded(true, changes, problems, millis);
    }

    /** The new VRRP instances as this host runs them; empty when VRRP does not run. */
    private Optional<List<InstanceSettings>> vrrpPlan(KeepalivedConfig next) throws ReloadRefused {
        if (!vrrpOn) {
            return Optional.empty();
        }
        if (parts.vrrp().isEmpty()) {
            if (!next.vrrpInstances().isEmpty()) {
                throw new ReloadRefused("VRRP did not start with this daemon (its configuration had no"
                        + " vrrp_instance): the " + next.vrrpInstances().size() + " vrrp_instance(s) of the new"
                        + " configuration need a restart of fulcrum run");
            }
            return Optional.empty();
        }
        VrrpHost.Resolved r = parts.vrrp().get().resolve(next);
        if (!r.problems().isEmpty()) {
            throw new ReloadRefused("VRRP cannot run the new configuration: " + String.join("; ",
                    r.problems()));
        }
        try {
            parts.vrrp().get().prepare(r.settings());
        } catch (IOException e) {
            throw new ReloadRefused("VRRP cannot open what the new configuration needs: " + e.getMessage());
        }
        return Optional.of(r.settings());
    }

    private List<String> apply(KeepalivedConfig next, TablePlan plan, Optional<List<InstanceSettings>> vrrp) {
        List<String> changes = new ArrayList<>();
        Consumer<String> change = line -> {
            changes.add(line);
            log.accept(line);
        };
        TableDiff.Outcome table = TableDiff.apply(plan.before(), plan.after(), parts.table());
        table.lines().forEach(change);
        parts.health().replace(plan.next(), new HealthTable(parts.table(), next, plan.targets(), log), next,
                plan.checkers());
        plan.checkers().ifPresent(c -> {
            if (!c.started().isEmpty() || !c.stopped().isEmpty()) {
                change.accept("Health checking: " + c.kept().size() + " checker(s) kept with their state, "
                        + c.started().size() + " started, " + c.stopped().size() + " stopped");
            }
        });
        parts.forwarding().origins(Daemon.origins(next, log));
        parts.forwarding().sync(parts.table());
        if (vrrp.isPresent()) {
            try {
                parts.vrrp().get().reload(next, vrrp.get()).forEach(change);
            } catch (IOException | RuntimeException e) {
                change.accept("VRRP: the reload could not be applied to the instances: " + e.getMessage());
            }
        }
        LvsTimeouts timeouts = next.globalDefs().lvs().timeouts();
        if (!timeouts.equals(current.globalDefs().lvs().timeouts())) {
            parts.timeouts().accept(timeouts);
            change.accept("lvs_timeouts changed: set as 'ipvsadm --set' sets them");
        }
        if (!next.globalDefs().equals(current.globalDefs())) {
            change.accept("global_defs changed: VRRP and checker settings of the new configuration apply; notify"
                    + " FIFOs, e-mail and the script user keep their start-up values until a restart");
        }
        if (changes.isEmpty()) {
            change.accept("Nothing changed");
        }
        current = next;
        applied.accept(next, plan.targets());
        return changes;
    }

    private ControlResponse.Reloaded refused(long start, List<String> problems) {
        return refused(start, problems, problems.isEmpty() ? "refused" : problems.getFirst());
    }

    private ControlResponse.Reloaded refused(long start, List<String> problems, String why) {
        problems.forEach(p -> log.accept("Reload: " + p));
        log.accept("Reload refused (" + why + "): the running configuration keeps serving");
        return new ControlResponse.Reloaded(false, List.of(), problems,
                TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - start));
    }

    private static List<String> append(List<String> lines, String line) {
        List<String> all = new ArrayList<>(lines);
        all.add(line);
        return all;
    }
}
