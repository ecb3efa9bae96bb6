package io.fulcrum.vrrp;

import io.fulcrum.config.model.GarpTiming;
import java.util.ArrayDeque;
import java.util.List;

/**
 * When a MASTER sends its gratuitous ARPs / unsolicited neighbour adverts (keepalived's {@code garp_*} options):
 * a burst on becoming MASTER and a second one {@code garp_master_delay} later, a refresh every
 * {@code garp_master_refresh}, and after each lower-priority advert a burst now and one {@code garp_lower_prio_delay}
 * later. Times are monotonic nanoseconds; {@link #cancel()} forgets everything pending when the instance leaves
 * MASTER, as keepalived's {@code vrrp_remove_delayed_arp} does.
 */
final class GarpSchedule {

    static final String MASTER = "master";
    static final String DELAYED = "delayed";
    static final String REFRESH = "refresh";
    static final String LOWER_PRIORITY = "lower priority";

    private static final long NEVER = Long.MAX_VALUE;

    private final int masterRepeat;
    private final long masterDelayMicros;
    private final int lowerPrioRepeat;
    private final long lowerPrioDelayMicros;
    private final long refreshMicros;
    private final int refreshRepeat;

    private long delayedAt = NEVER;
    private long refreshAt = NEVER;
    private final ArrayDeque<Long> lowerPrioAt = new ArrayDeque<>();

    GarpSchedule(GarpTiming timing) {
        masterRepeat = timing.masterRepeat();
        masterDelayMicros = TimerMath.micros(timing.masterDelay());
        lowerPrioRepeat = timing.lowerPrioRepeat();
        lowerPrioDelayMicros = TimerMath.micros(timing.lowerPrioDelay());
        refreshMicros = TimerMath.micros(timing.masterRefresh());
        refreshRepeat = timing.masterRefreshRepeat();
    }

    /** The burst sent on becoming MASTER; schedules the second burst and the refresh. */
    void becameMaster(long now, List<VrrpAction> out) {
        cancel();
        burst(masterRepeat, MASTER, out);
        if (refreshMicros > 0) {
            refreshAt = TimerMath.after(now, refreshMicros);
        }
    }

    /** Schedules the second burst; keepalived registers it after the notifies, so it is a separate step. */
    void scheduleSecondBurst(long now) {
        if (masterDelayMicros > 0 && masterRepeat > 0) {
            delayedAt = TimerMath.after(now, masterDelayMicros);
        }
    }

    /** The MASTER received a lower-priority advert: a burst now and, with a delay set, another later. */
    void lowerPriorityAdvert(long now, List<VrrpAction> out) {
        if (lowerPrioRepeat > 0) {
            burst(lowerPrioRepeat, LOWER_PRIORITY, out);
            if (lowerPrioDelayMicros > 0) {
                lowerPrioAt.addLast(TimerMath.after(now, lowerPrioDelayMicros));
            }
        }
    }

    /** Sends whatever is due at {@code now}. */
    void fire(long now, List<VrrpAction> out) {
        if (delayedAt <= now) {
            delayedAt = NEVER;
            burst(masterRepeat, DELAYED, out);
        }
        if (refreshAt <= now) {
            refreshAt = TimerMath.after(now, refreshMicros);
            burst(refreshRepeat, REFRESH, out);
        }
        while (!lowerPrioAt.isEmpty() && lowerPrioAt.peekFirst() <= now) {
            lowerPrioAt.removeFirst();
            burst(lowerPrioRepeat, LOWER_PRIORITY, out);
        }
    }

    void cancel() {
        delayedAt = NEVER;
        refreshAt = NEVER;
        lowerPrioAt.clear();
    }

    long nextDeadline() {
        long next = Math.min(delayedAt, refreshAt);
        return lowerPrioAt.isEmpty() ? next : Math.min(next, lowerPrioAt.peekFirst());
    }

    private static void burst(int repeat, String reason, List<VrrpAction> out) {
        if (repeat > 0) {
            out.add(new VrrpAction.SendGratuitous(repeat, reason));
        }
    }
}
