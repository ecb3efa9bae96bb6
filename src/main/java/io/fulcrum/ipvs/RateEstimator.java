package io.fulcrum.ipvs;

/**
 * The kernel's rate estimator (ip_vs_est.c): every 2 seconds the counter deltas become rates scaled by 2^10
 * (conns, packets) or 2^5 (bytes) and enter an exponentially weighted average with weight 1/4; readers round
 * the scaled averages to whole units. Fixed point arithmetic is kept exactly so --rate matches the kernel.
 * Driven by the owner's tick; not thread-safe for estimation (one owner), reads are of a volatile snapshot.
 */
public final class RateEstimator {

    /** The kernel's estimation interval. */
    public static final long INTERVAL_NANOS = 2_000_000_000L;

    private long lastConns;
    private long lastInPkts;
    private long lastOutPkts;
    private long lastInBytes;
    private long lastOutBytes;
    private long cps;
    private long inPps;
    private long outPps;
    private long inBps;
    private long outBps;
    private volatile RateSnapshot published = RateSnapshot.ZERO;

    /** One estimation step over a 2-second interval given the current totals. */
    public synchronized void estimate(StatsSnapshot t) {
        cps += ((t.conns() - lastConns) << 9) - cps >> 2;
        lastConns = t.conns();
        inPps += ((t.inPkts() - lastInPkts) << 9) - inPps >> 2;
        lastInPkts = t.inPkts();
        outPps += ((t.outPkts() - lastOutPkts) << 9) - outPps >> 2;
        lastOutPkts = t.outPkts();
        inBps += ((t.inBytes() - lastInBytes) << 4) - inBps >> 2;
        lastInBytes = t.inBytes();
        outBps += ((t.outBytes() - lastOutBytes) << 4) - outBps >> 2;
        lastOutBytes = t.outBytes();
        published = new RateSnapshot((cps + 0x1FF) >> 10, (inPps + 0x1FF) >> 10, (outPps + 0x1FF) >> 10,
                (inBps + 0xF) >> 5, (outBps + 0xF) >> 5);
    }

    /** The rates as ip_vs_read_estimator reports them. */
    public RateSnapshot read() {
        return published;
    }

    /** ip_vs_zero_estimator: forget the averages, restart differencing from the current totals. */
    public synchronized void zero(StatsSnapshot t) {
        lastConns = t.conns();
        lastInPkts = t.inPkts();
        lastOutPkts = t.outPkts();
        lastInBytes = t.inBytes();
        lastOutBytes = t.outBytes();
        cps = inPps = outPps = inBps = outBps = 0;
        published = RateSnapshot.ZERO;
    }
}
