package io.fulcrum.web;

/**
 * The counters and rates of a virtual or real server, as IPVS keeps them.
 *
 * @param connections    connections scheduled since the counters were last zeroed
 * @param packetsIn      packets from clients
 * @param packetsOut     packets to clients
 * @param bytesIn        bytes from clients
 * @param bytesOut       bytes to clients
 * @param cps            connections per second (2-second estimate)
 * @param bytesInPerSec  bytes per second from clients
 * @param bytesOutPerSec bytes per second to clients
 */
public record TrafficView(long connections, long packetsIn, long packetsOut, long bytesIn, long bytesOut,
                          long cps, long bytesInPerSec, long bytesOutPerSec) {

    public static final TrafficView ZERO = new TrafficView(0, 0, 0, 0, 0, 0, 0, 0);
}
