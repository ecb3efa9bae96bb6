package io.fulcrum.daemon;

import io.fulcrum.check.CheckerId;
import io.fulcrum.check.HealthState;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.ipvs.SchedulerProvider;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.TableSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * A reload's plan for the virtual server table, made without touching anything that runs: the table the old
 * configuration asks for and the one the new configuration asks for, each built as the daemon builds it at start
 * ({@link TableLoader}) in a scratch table, with the checkers' current verdicts carried into both (so the
 * difference is the configuration's, not health checking's), and the new health state, started, that goes with
 * the second.
 *
 * @param before  what the old configuration asks for now
 * @param after   what the new configuration asks for now
 * @param next    the new health state, started (its real servers are those of {@code after})
 * @param targets each new virtual server's services, where health checking puts its real servers
 * @param checkers which checkers are kept, started and stopped (empty when health checking is off)
 */
record TablePlan(TableSnapshot before, TableSnapshot after, HealthState next, List<List<ServiceTarget>> targets,
                 Optional<CheckerFleet.Plan> checkers) {

    /**
     * Plans the change from {@code old} (whose running health state is {@code current}) to {@code next}.
     *
     * @param carry matches the running checkers with those of the new health state and carries their state
     *              into it ({@link HealthService#plan}); empty when health checking is off
     */
    static TablePlan of(KeepalivedConfig old, HealthState current, KeepalivedConfig next, String hostName,
                        SchedulerProvider schedulers, java.util.function.Function<HealthState,
                        Optional<CheckerFleet.Plan>> carry) throws ReloadRefused {
        HealthState oldCopy = new HealthState(old.virtualServers(), old.globalDefs(), hostName);
        for (CheckerId id : current.checkers()) {
            oldCopy.carry(id, current, id);
        }
        ServiceTable before = new ServiceTable(schedulers);
        try {
            TableLoader.load(old, before, oldCopy);
        } catch (RuntimeException e) {
            before.clear(); // the running table was started empty from it too (see Daemon)
        }
        HealthState nextState = new HealthState(next.virtualServers(), next.globalDefs(), hostName);
        Optional<CheckerFleet.Plan> checkers = carry.apply(nextState);
        ServiceTable after = new ServiceTable(schedulers);
        TableLoader.Loaded loaded;
        try {
            loaded = TableLoader.load(next, after, nextState);
        } catch (RuntimeException e) {
            throw new ReloadRefused("the virtual servers could not be built into a table: " + e.getMessage());
        }
        return new TablePlan(before.snapshot(), after.snapshot(), nextState, loaded.targets(), checkers);
    }
}
