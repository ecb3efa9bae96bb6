package io.fulcrum.vrrp;

import java.util.Objects;

/**
 * What an instance's trackers say, as {@link Tracking} computes it and {@link VrrpMachine#track} applies it.
 *
 * @param effectivePriority the priority to advertise: the base priority moved by the weighted trackers, kept in
 *                          1..254 (255 for an address owner, whatever the trackers say)
 * @param fault             an unweighted tracker failed: the instance belongs in FAULT
 * @param reason            why it is in fault, in keepalived's words after "entering FAULT state" (for example
 *                          {@code (interface eth0 down)} or {@code due to script chk_nginx}); empty when not
 * @param awaiting          an unweighted vrrp_script has not reported yet: keepalived keeps a starting instance in
 *                          INIT until it has ({@code num_script_init})
 */
public record TrackStatus(int effectivePriority, boolean fault, String reason, boolean awaiting) {

    public TrackStatus {
        Objects.requireNonNull(reason, "reason");
        if (effectivePriority < 1 || effectivePriority > 255) {
            throw new IllegalArgumentException("effective priority out of range: " + effectivePriority);
        }
    }

    /** A status with nothing awaited. */
    public TrackStatus(int effectivePriority, boolean fault, String reason) {
        this(effectivePriority, fault, reason, false);
    }

    /** The same status, with {@code awaiting} set as given. */
    public TrackStatus awaiting(boolean value) {
        return new TrackStatus(effectivePriority, fault, reason, value);
    }

    /** Nothing failed; the instance advertises {@code priority}. */
    public static TrackStatus ok(int priority) {
        return new TrackStatus(priority, false, "");
    }

    /** An unweighted tracker failed. */
    public static TrackStatus faulted(int priority, String reason) {
        return new TrackStatus(priority, true, reason);
    }
}
