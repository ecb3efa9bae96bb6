package io.fulcrum.vrrp;

import io.fulcrum.config.model.VrrpInstance;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The protocol timer of one instance and what it depends on: the Master_Down timer of a BACKUP or the advert
 * timer of a MASTER (one deadline, as keepalived's {@code sands}), the master's advertisement interval a VRRPv3
 * backup learns, and the preempt delay. Methods that keepalived logs with {@code -D} return that line.
 */
final class ProtocolClock {

    static final long NEVER = Long.MAX_VALUE;

    private final String label;
    private final int version;
    private final int downTimerAdverts;
    private final long adverIntMicros;
    private final long preemptDelayMicros;

    private long masterAdverIntMicros;
    private long msDownMicros;
    private long deadline = NEVER;
    private boolean preemptRunning;
    private long preemptUntil;

    ProtocolClock(VrrpInstance spec) {
        label = "(" + spec.name() + ")";
        version = spec.version();
        downTimerAdverts = spec.adverts().downTimerAdverts();
        adverIntMicros = TimerMath.micros(spec.advertInterval());
        preemptDelayMicros = TimerMath.micros(spec.preemptDelay());
        masterAdverIntMicros = adverIntMicros;
        msDownMicros = fullDown(spec.priority());
    }

    long deadline() {
        return deadline;
    }

    boolean due(long now) {
        return deadline <= now;
    }

    void disarm() {
        deadline = NEVER;
    }

    /** The interval in force: the master's for a VRRPv3 backup that learnt it, else the configured one. */
    Duration interval() {
        return Duration.ofNanos(masterAdverIntMicros * 1000L);
    }

    /** Master_Down_Interval from now. */
    void armMasterDown(long now, int priority) {
        msDownMicros = fullDown(priority);
        deadline = TimerMath.after(now, msDownMicros);
    }

    /** Skew_Time from now: the master resigned. */
    void armSkew(long now, int priority) {
        msDownMicros = TimerMath.skewMicros(version, priority, masterAdverIntMicros);
        deadline = TimerMath.after(now, msDownMicros);
    }

    /** The next advert of a MASTER, one configured interval from now. */
    void armAdvert(long now) {
        deadline = TimerMath.after(now, adverIntMicros);
    }

    /** keepalived moves a running down timer by the change of Skew_Time when the effective priority changes. */
    void priorityChanged(int priority, boolean backup) {
        long old = msDownMicros;
        msDownMicros = fullDown(priority);
        if (backup && deadline != NEVER) {
            deadline += (msDownMicros - old) * 1000L;
        }
    }

    /** RFC 5798 6.4.2: a VRRPv3 backup adopts the interval of the master's advert (a zero interval is ignored). */
    Optional<String> learn(Duration advertised) {
        long learnt = TimerMath.micros(advertised);
        if (version != 3 || learnt <= 0 || learnt == masterAdverIntMicros) {
            return Optional.empty();
        }
        String line = label + " advertisement interval updated from " + masterAdverIntMicros / 1000 + "ms to "
                + learnt / 1000 + "ms by master";
        masterAdverIntMicros = learnt;
        return Optional.of(line);
    }

    /** Back to the configured interval on becoming MASTER. */
    Optional<String> revertOnMaster() {
        if (masterAdverIntMicros == adverIntMicros) {
            return Optional.empty();
        }
        String line = label + " changing advert interval from " + masterAdverIntMicros / 1000
                + "ms to locally configured " + adverIntMicros / 1000 + "ms";
        masterAdverIntMicros = adverIntMicros;
        return Optional.of(line);
    }

    /** Back to the configured interval on leaving FAULT, without a log line. */
    void resetInterval() {
        masterAdverIntMicros = adverIntMicros;
    }

    /** keepalived accepts lower-priority adverts while a preempt delay has not started or not run out. */
    boolean preemptDelaying(long now) {
        return preemptDelayMicros > 0 && (!preemptRunning || preemptUntil > now);
    }

    /** An advert was accepted: a lower one starts the preempt delay, a higher or equal one stops it. */
    Optional<String> accepted(boolean lower, long now) {
        if (preemptDelayMicros == 0) {
            return Optional.empty();
        }
        if (!lower) {
            if (!preemptRunning) {
                return Optional.empty();
            }
            preemptRunning = false;
            return Optional.of(label + " stop preempt delay");
        }
        if (preemptRunning) {
            return Optional.empty();
        }
        preemptUntil = TimerMath.after(now, preemptDelayMicros);
        preemptRunning = true;
        return Optional.of(String.format(Locale.ROOT, "%s start preempt delay (%d.%06d)", label,
                preemptDelayMicros / TimerMath.MICROS_PER_SECOND, preemptDelayMicros % TimerMath.MICROS_PER_SECOND));
    }

    /** Entering BACKUP from MASTER or FAULT forgets a running preempt delay. */
    void clearPreempt() {
        preemptRunning = false;
    }

    private long fullDown(int priority) {
        return TimerMath.masterDownMicros(version, downTimerAdverts, priority, masterAdverIntMicros);
    }
}
