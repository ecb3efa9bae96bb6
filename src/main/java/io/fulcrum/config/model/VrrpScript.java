package io.fulcrum.config.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A {@code vrrp_script} block: a command run every {@code interval}; its result moves the priority of the
 * instances that track it by {@code weight}, or puts them in FAULT when the weight is 0.
 *
 * @param name      the block's name, used by {@code track_script}
 * @param script    the command, with the user to run it as
 * @param interval  time between runs [1 s]
 * @param timeout   a run taking longer counts as a failure [= interval]
 * @param weight    -253..253; +weight while OK when positive, -weight while failing when negative [0]
 * @param reverse   inverts the sense of the weight
 * @param rise      consecutive successes before the script is OK [1]
 * @param fall      consecutive failures before it fails [1]
 * @param initFail  start in the failed state
 */
public record VrrpScript(String name, ScriptSpec script, Duration interval, Duration timeout, int weight,
        boolean reverse, int rise, int fall, boolean initFail) {

    public VrrpScript {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (weight < -253 || weight > 253) {
            throw new IllegalArgumentException("vrrp_script weight " + weight + " out of range -253..253");
        }
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("vrrp_script rise and fall must be at least 1");
        }
    }
}
