package io.fulcrum.ipvs;

import java.util.concurrent.atomic.LongAdder;

/**
 * Traffic counters of a service or destination, updated by the data planes concurrently (striped adders) and
 * read by listings. Zeroing keeps a baseline instead of resetting, as the kernel does, so concurrent updates are
 * never lost. Owns the {@link RateEstimator} of the same counters.
 */
public final class Stats {

    private final LongAdder conns = new LongAdder();
    private final LongAdder inPkts = new LongAdder();
    private final LongAdder outPkts = new LongAdder();
    private final LongAdder inBytes = new LongAdder();
    private final LongAdder outBytes = new LongAdder();
    private final RateEstimator estimator = new RateEstimator();
    private volatile StatsSnapshot baseline = StatsSnapshot.ZERO;

    public void connection() {
        conns.increment();
    }

    public void inbound(long bytes) {
        inPkts.increment();
        inBytes.add(bytes);
    }

    public void outbound(long bytes) {
        outPkts.increment();
        outBytes.add(bytes);
    }

    /** The raw totals since creation (what the estimator differentiates). */
    StatsSnapshot totals() {
        return new StatsSnapshot(conns.sum(), inPkts.sum(), outPkts.sum(), inBytes.sum(), outBytes.sum());
    }

    /** Counters since creation or the last {@link #zero()}. */
    public StatsSnapshot snapshot() {
        return totals().minus(baseline);
    }

    public RateSnapshot rate() {
        return estimator.read();
    }

    /** One 2-second estimation step (called by the table's tick). */
    void estimate() {
        estimator.estimate(totals());
    }

    /** ipvsadm -Z: counters and rates restart from zero. */
    public void zero() {
        StatsSnapshot now = totals();
        baseline = now;
        estimator.zero(now);
    }
}
