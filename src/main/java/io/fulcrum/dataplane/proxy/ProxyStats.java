package io.fulcrum.dataplane.proxy;

/**
 * Counters of the proxy data plane since it started, for the daemon's status and metrics. Per-service traffic is
 * counted in the IPVS table ({@code ipvsadm --stats}); these are what the table cannot show.
 *
 * @param accepted        client connections accepted (TCP)
 * @param connectFailures connect attempts to a real server that failed (refused, timed out or no descriptor);
 *                        each attempt counts, so one client may add up to {@link ProxyOptions#connectAttempts()}
 * @param connectTimeouts of those, the ones that timed out
 * @param sorryServed     client connections relayed to a sorry server (they have no connection-table entry)
 * @param refused         client connections reset at once: no destination and no sorry server, every attempt
 *                        failed, or no descriptor left for the real-server side
 * @param acceptErrors    failed accepts (for example "too many open files"); the listener pauses and retries
 * @param open            relayed client connections open now (connecting or relaying)
 */
public record ProxyStats(long accepted, long connectFailures, long connectTimeouts, long sorryServed, long refused,
                         long acceptErrors, long open) {
}
