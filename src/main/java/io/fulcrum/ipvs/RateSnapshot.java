package io.fulcrum.ipvs;

/** Estimated rates as ipvsadm --rate shows them: connections, packets and bytes per second. */
public record RateSnapshot(long cps, long inPps, long outPps, long inBps, long outBps) {
    public static final RateSnapshot ZERO = new RateSnapshot(0, 0, 0, 0, 0);
}
