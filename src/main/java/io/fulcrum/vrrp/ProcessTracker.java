package io.fulcrum.vrrp;

import io.fulcrum.config.model.VrrpTrackProcess;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The quorum state of one {@code vrrp_track_process} from successive looks at the process table, with
 * keepalived's rules (track_process.c): up while {@code quorum <= matching processes <= quorum_max}. A change
 * caused by a tracked process forking waits {@code fork_delay}, one caused by a tracked process exiting waits
 * {@code terminate_delay}; a change caused by a new program (exec) or a process changing its name counts at once,
 * and a delay is abandoned if the count comes back before it ends. The first look sets the state without a log
 * line, as keepalived's start-up scan does. Returns keepalived's log lines.
 *
 * <p>Time is the caller's monotonic nanoseconds. Not thread-safe: one owner feeds it the looks in order.
 */
public final class ProcessTracker {

    private static final long NONE = Long.MAX_VALUE;

    /**
     * What one look changed.
     *
     * @param changed whether the quorum state changed (or was set by the first look)
     * @param value   the state after the look
     * @param lines   keepalived's log lines, in order
     */
    public record Update(boolean changed, TrackedValue value, List<String> lines) {
        public Update {
            Objects.requireNonNull(value, "value");
            lines = List.copyOf(lines);
        }
    }

    private final VrrpTrackProcess spec;
    private Set<Long> counted;
    private boolean up;
    private long pendingAt = NONE;

    public ProcessTracker(VrrpTrackProcess spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    public String name() {
        return spec.name();
    }

    /** The quorum state, or empty before the first look. */
    public Optional<TrackedValue> value() {
        return counted == null ? Optional.empty() : Optional.of(TrackedValue.of(up));
    }

    /** When a fork or terminate delay ends (the next look should be no later), if one is running. */
    public OptionalLong deadline() {
        return pendingAt == NONE ? OptionalLong.empty() : OptionalLong.of(pendingAt);
    }

    /** Counts the matching processes of {@code table}, seen at {@code nowNanos}. */
    public Update observe(List<RunningProcess> table, long nowNanos) {
        Set<Long> alive = new HashSet<>();
        Set<Long> matched = new HashSet<>();
        Set<Long> forked = new HashSet<>();
        for (RunningProcess p : table) {
            alive.add(p.pid());
            if (ProcessMatch.matches(spec, p)) {
                matched.add(p.pid());
                if (counted != null && !counted.contains(p.pid()) && counted.contains(p.ppid())) {
                    forked.add(p.pid());
                }
            }
        }
        boolean ok = inQuorum(matched.size());
        if (counted == null) {
            counted = matched;
            up = ok;
            return new Update(true, TrackedValue.of(up), List.of());
        }
        boolean exited = counted.stream().anyMatch(pid -> !alive.contains(pid));
        boolean grew = matched.size() > counted.size();
        counted = matched;
        if (ok == up) {
            pendingAt = NONE;
            return unchanged();
        }
        if (pendingAt == NONE) {
            long delay = grew ? (forked.isEmpty() ? 0 : spec.forkDelay().toNanos())
                    : (exited ? spec.terminateDelay().toNanos() : 0);
            if (delay > 0) {
                pendingAt = nowNanos + delay;
                return unchanged();
            }
        } else if (nowNanos - pendingAt < 0) {
            return unchanged();
        }
        pendingAt = NONE;
        up = ok;
        return new Update(true, TrackedValue.of(up),
                List.of("Quorum " + (up ? "gained" : "lost") + " for tracked process " + spec.name()));
    }

    private Update unchanged() {
        return new Update(false, TrackedValue.of(up), List.of());
    }

    private boolean inQuorum(int n) {
        return n >= spec.quorum() && (spec.quorumMax().isEmpty() || n <= spec.quorumMax().getAsInt());
    }
}
