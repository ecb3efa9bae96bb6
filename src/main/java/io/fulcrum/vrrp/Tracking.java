package io.fulcrum.vrrp;

import io.fulcrum.config.model.Tracked;
import io.fulcrum.config.model.Trackers;
import io.fulcrum.config.model.VrrpInstance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes an instance's {@link TrackStatus} from the states of what it tracks, with keepalived's rules
 * (vrrp_track.c): an unweighted (weight 0) object that is down puts the instance in FAULT ({@code reverse}: when
 * up); a positive weight is added while the object is up, a negative one added while it is down, {@code reverse}
 * flipping the sign; a tracked file adds {@code value x weight} (FAULT at -254 or below; weight 0: any non-zero
 * value is a fault). The sum moves the base priority within 1..254; an address owner keeps 255.
 *
 * <p>The instance's own interface is tracked unweighted unless {@code dont_track_primary}; with
 * {@code track_src_ip}, so is its configured source address ({@code unicast_src_ip} / {@code mcast_src_ip}). A sync group's
 * trackers apply to each member. An object without a value yet (a script that has not run) counts neither way;
 * {@link #awaiting} lists the unweighted scripts among them, for which keepalived holds a starting instance in
 * INIT ({@link TrackStatus#awaiting}).
 */
public final class Tracking {

    private static final int FILE_FAULT = -254;

    private Tracking() {
    }

    /** The status of an instance outside any sync group. */
    public static TrackStatus status(VrrpInstance spec, Map<TrackedRef, TrackedValue> values) {
        return status(spec, Trackers.none(), values);
    }

    /** The status of an instance that also carries its sync group's trackers. */
    public static TrackStatus status(VrrpInstance spec, Trackers group, Map<TrackedRef, TrackedValue> values) {
        Objects.requireNonNull(values, "values");
        long total = spec.priority();
        Optional<String> fault = Optional.empty();
        for (var e : entries(spec, group).entrySet()) {
            TrackedValue v = values.get(e.getKey());
            if (v == null) {
                continue;
            }
            Contribution c = contribution(e.getKey(), e.getValue(), v);
            total += c.priority();
            if (fault.isEmpty()) {
                fault = c.fault();
            }
        }
        int priority = spec.isAddressOwner() ? 255 : (int) Math.clamp(total, 1L, 254L);
        return fault.map(r -> TrackStatus.faulted(priority, r)).orElseGet(() -> TrackStatus.ok(priority))
                .awaiting(!awaiting(spec, group, values).isEmpty());
    }

    /** Every object the instance depends on, own interface first, then by kind in configuration order. */
    public static List<TrackedRef> tracked(VrrpInstance spec, Trackers group) {
        return List.copyOf(entries(spec, group).keySet());
    }

    /**
     * The unweighted vrrp_scripts that have not reported yet (keepalived's {@code num_script_init}; the other kinds
     * have a value from the start).
     */
    public static List<TrackedRef> awaiting(VrrpInstance spec, Trackers group, Map<TrackedRef, TrackedValue> values) {
        List<TrackedRef> out = new ArrayList<>();
        entries(spec, group).forEach((ref, t) -> {
            if (t.weight() == 0 && ref.kind() == TrackedKind.SCRIPT && !values.containsKey(ref)) {
                out.add(ref);
            }
        });
        return out;
    }

    private record Contribution(long priority, Optional<String> fault) {
    }

    private static Contribution contribution(TrackedRef ref, Tracked t, TrackedValue v) {
        int w = t.weight();
        int m = t.reverse() ? -1 : 1;
        if (ref.kind() == TrackedKind.FILE) {
            if (!(v instanceof TrackedValue.FileValue(long raw))) {
                throw new IllegalArgumentException("track_file " + ref.name() + " needs a file value, not " + v);
            }
            long value = Math.clamp(raw, -254L, 254L);
            if (w == 0) {
                return (value != 0) == (m == 1) ? fault(fileReason(ref, FILE_FAULT)) : none();
            }
            long status = value * w * m;
            return status <= FILE_FAULT ? fault(fileReason(ref, status)) : new Contribution(Math.min(status, 253),
                    Optional.empty());
        }
        boolean up = switch (v) {
            case TrackedValue.Up _ -> true;
            case TrackedValue.Down _ -> false;
            case TrackedValue.FileValue _ ->
                    throw new IllegalArgumentException(ref.kind() + " " + ref.name() + " is up or down, not a number");
        };
        if (w == 0) {
            return up != (m == 1) ? fault(reason(ref)) : none();
        }
        if (up) {
            return new Contribution(w > 0 ? (long) w * m : 0, Optional.empty());
        }
        return new Contribution(w < 0 ? (long) w * m : 0, Optional.empty());
    }

    private static Contribution none() {
        return new Contribution(0, Optional.empty());
    }

    private static Contribution fault(String reason) {
        return new Contribution(0, Optional.of(reason));
    }

    /** keepalived's wording after "entering FAULT state" (vrrp_track.c); BFD has none there, so ours. */
    private static String reason(TrackedRef ref) {
        return switch (ref.kind()) {
            case INTERFACE -> "(interface " + ref.name() + " down)";
            case SCRIPT -> "due to script " + ref.name();
            case FILE -> fileReason(ref, FILE_FAULT);
            case PROCESS -> "(tracked process " + ref.name() + " quorum not achieved)";
            case BFD -> "(tracked bfd " + ref.name() + " down)";
            case SOURCE_ADDRESS -> "(src address not configured)";
        };
    }

    private static String fileReason(TrackedRef ref, long status) {
        return "(tracked file " + ref.name() + " has status " + status + ")";
    }

    /** The tracked objects in order, an object tracked by both the instance and its group counted once. */
    private static Map<TrackedRef, Tracked> entries(VrrpInstance spec, Trackers group) {
        Map<TrackedRef, Tracked> out = new LinkedHashMap<>();
        if (!spec.dontTrackPrimary()) {
            spec.interfaceName().ifPresent(i -> out.put(TrackedRef.iface(i), new Tracked(i, 0, false)));
        }
        if (spec.trackSrcIp()) {
            spec.sourceIp().ifPresent(ip -> out.put(TrackedRef.sourceAddress(ip.toString()),
                    new Tracked(ip.toString(), 0, false)));
        }
        Trackers own = spec.trackers();
        for (TrackedKind k : TrackedKind.values()) {
            for (Trackers t : List.of(own, group)) {
                for (Tracked x : of(t, k)) {
                    out.putIfAbsent(new TrackedRef(k, x.name()), x);
                }
            }
        }
        return out;
    }

    private static List<Tracked> of(Trackers t, TrackedKind k) {
        return switch (k) {
            case INTERFACE -> t.interfaces();
            case SCRIPT -> t.scripts();
            case FILE -> t.files();
            case PROCESS -> t.processes();
            case BFD -> t.bfds();
            case SOURCE_ADDRESS -> List.of();
        };
    }
}
