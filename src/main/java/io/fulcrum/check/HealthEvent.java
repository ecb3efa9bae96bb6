package io.fulcrum.check;

/**
 * What one checker reports to the health state: keepalived's {@code update_svr_checker_state} (up or down) and
 * {@code update_svr_wgt} (a dynamic weight). An up or down report does not always change anything: the first
 * result of a checker confirms the state it started in (keepalived then runs the real server's notify script
 * for an alpha checker that stays down), and the health state ignores a report that repeats the current state.
 */
public sealed interface HealthEvent {

    /** The checker the report comes from. */
    CheckerId checker();

    /** The checker passed: up, or confirmed up on its first run. */
    record CheckerUp(CheckerId checker) implements HealthEvent {
    }

    /** The checker failed (after its retries): down, or confirmed down on its first run. */
    record CheckerDown(CheckerId checker) implements HealthEvent {
    }

    /**
     * A passing probe set the real server's weight: MISC_CHECK misc_dynamic (exit status - 2) or FILE_CHECK
     * dynamic. The weight replaces the real server's effective weight; IPVS gets it clamped to 0..2147483647.
     */
    record WeightChanged(CheckerId checker, long weight) implements HealthEvent {
    }
}
