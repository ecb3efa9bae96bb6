package io.fulcrum.ipvs.conn;

/**
 * What to do with a packet whose entry a lookup found ({@link ConnectionTable#admit}), as ip_vs_in decides before
 * forwarding.
 */
public enum Verdict {
    /** Forward it, then report it ({@code onTcpPacket} / {@code onUdpPacket}). */
    FORWARD,
    /**
     * Drop it silently and do not report it: the destination was removed and expire_nodest_conn is off. The entry
     * stays (its timer is not restarted) until it times out.
     */
    DROP,
    /**
     * The entry was removed now (or had expired since the lookup found it): handle the packet as if there were
     * none. One that opens a connection (a TCP SYN) is scheduled afresh; any other is not the table's (the kernel
     * leaves it to the local stack; drop it).
     */
    RESCHEDULE
}
