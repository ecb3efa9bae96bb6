package io.fulcrum.check;

import io.fulcrum.config.model.CheckerSpec;
import io.fulcrum.config.model.FileCheck;
import io.fulcrum.config.model.RealServer;
import java.util.ArrayList;
import java.util.List;

/**
 * The live state of one real server of one virtual server (keepalived's {@code real_server_t}: alive, set,
 * effective_weight, num_failed_checkers) and of its checkers ({@code is_up}, {@code has_run}). Owned by its
 * {@link VirtualServerHealth}.
 */
final class RealServerHealth {

    /** One checker's state as the real server sees it. */
    static final class CheckerHealth {
        final String keyword;
        final boolean alpha;
        final boolean launched;
        boolean up;
        boolean hasRun;

        CheckerHealth(CheckerSpec spec) {
            this.keyword = spec.keyword();
            this.alpha = CheckerTiming.of(spec, false).alpha();
            this.launched = !(spec instanceof FileCheck);
            this.up = !alpha;
        }
    }

    final int index;
    final RealServer spec;
    final String name;
    final boolean inhibit;
    final boolean smtpAlert;
    final List<CheckerHealth> checkers;
    long effectiveWeight;
    int failedCheckers;
    boolean alive;
    boolean set;

    RealServerHealth(int index, RealServer spec, String name, boolean smtpAlert) {
        this.index = index;
        this.spec = spec;
        this.name = name;
        this.inhibit = spec.checks().inhibitOnFailure();
        this.smtpAlert = smtpAlert;
        List<CheckerHealth> list = new ArrayList<>();
        for (CheckerSpec c : spec.checkers()) {
            CheckerHealth h = new CheckerHealth(c);
            list.add(h);
            if (!h.up) {
                failedCheckers++;
            }
        }
        this.checkers = List.copyOf(list);
        this.effectiveWeight = spec.weight();
    }

    /** keepalived's {@code set_checker_state}: counts the real server's failed checkers. */
    void setCheckerState(CheckerHealth c, boolean up) {
        if (c.up == up) {
            return;
        }
        c.up = up;
        if (!up) {
            failedCheckers++;
        } else if (failedCheckers > 0) {
            failedCheckers--;
        }
    }

    /** The weight IPVS gets: keepalived's {@code real_weight}, the effective weight clamped to 0..INT_MAX. */
    int realWeight() {
        return realWeight(effectiveWeight);
    }

    static int realWeight(long weight) {
        return (int) Math.clamp(weight, 0, Integer.MAX_VALUE);
    }
}
