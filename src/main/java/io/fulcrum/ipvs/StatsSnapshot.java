package io.fulcrum.ipvs;

/** Counters of a service or destination at one moment (ipvsadm --stats). */
public record StatsSnapshot(long conns, long inPkts, long outPkts, long inBytes, long outBytes) {
    public static final StatsSnapshot ZERO = new StatsSnapshot(0, 0, 0, 0, 0);

    StatsSnapshot minus(StatsSnapshot o) {
        return new StatsSnapshot(conns - o.conns, inPkts - o.inPkts, outPkts - o.outPkts, inBytes - o.inBytes,
                outBytes - o.outBytes);
    }
}
