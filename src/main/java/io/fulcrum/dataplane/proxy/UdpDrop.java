package io.fulcrum.dataplane.proxy;

/** Why the UDP proxy dropped a client datagram (each reason is counted, see {@link UdpCounters}). */
enum UdpDrop {
    /** No destination is available and the service has no sorry server (IPVS answers port unreachable). */
    NO_DESTINATION,
    /**
     * The client's entry belongs to a destination removed from the table while expire_nodest_conn is off: the
     * kernel drops such packets without restarting the entry's timer, and so do we.
     */
    DESTINATION_UNAVAILABLE,
    /** The listener already holds {@link UdpLimits#maxFlows()} flows. */
    FLOW_LIMIT,
    /** The flow's socket (or the listener's, for a reply) cannot take more now. */
    BACKLOG,
    /** The listener is closing: it serves its remaining flows only. */
    CLOSING
}
