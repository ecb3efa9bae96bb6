package io.fulcrum.dataplane.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of one UDP listener, so that no client can make it hold unbounded state.
 *
 * @param maxFlows         flows (sockets toward real servers) open at once, one-packet ones included; a new client
 *                         beyond it is dropped, except that the oldest one-packet socket is closed to make room.
 *                         Each flow holds an ephemeral port, and Linux has about 28,000 of them per local address
 *                         for all UDP listeners together, so the default stays well below that.
 * @param pendingPerFlow   client datagrams a flow holds while its socket is still connecting; more are dropped
 * @param onePacketWindow  how long the socket of a one-packet datagram waits for its reply
 */
record UdpLimits(int maxFlows, int pendingPerFlow, Duration onePacketWindow) {

    static final UdpLimits DEFAULT = new UdpLimits(16_384, 16, Duration.ofSeconds(2));

    UdpLimits {
        Objects.requireNonNull(onePacketWindow, "onePacketWindow");
        if (maxFlows < 1 || pendingPerFlow < 1) {
            throw new IllegalArgumentException("UDP limits must be positive: " + maxFlows + ", " + pendingPerFlow);
        }
        if (onePacketWindow.isNegative() || onePacketWindow.isZero()) {
            throw new IllegalArgumentException("one-packet window must be positive: " + onePacketWindow);
        }
    }
}
