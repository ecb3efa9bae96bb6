package io.fulcrum.dataplane.proxy;

import io.netty.channel.Channel;
import io.netty.channel.epoll.AbstractEpollStreamChannel;

/**
 * Kernel-side relaying: each side's bytes go socket → pipe → socket with splice(2) (Netty's
 * {@link AbstractEpollStreamChannel#spliceTo}), never through user space. Both channels are level-triggered and on
 * one event loop. Netty pauses a side while the pipe toward the other side is not drained, so backpressure holds.
 * What is lost: the relayed bytes are not seen, so the connection's packets and bytes are not counted, and the
 * entry's timer is not refreshed by traffic (an entry whose connection only moves spliced data times out after the
 * table's timeout as if idle).
 *
 * <p>Not used in service: with Netty 4.2.18 a half-close loses data (measured by {@code SpliceMeasurement}: the
 * bytes still queued in the socket when the peer's FIN is seen are never spliced, because Netty shuts the input
 * down at EPOLLRDHUP after one splice of at most its read guess, and a FIN arriving while the splice is paused is
 * not noticed at all), and the gain was small. {@link ProxyDataPlane} only splices when built for that measurement.
 */
final class Splice {

    private Splice() {
    }

    /** Starts splicing both directions; false when a channel is not a native epoll one (then relay in user space). */
    static boolean start(TcpSession session, Channel client, Channel server) {
        if (!(client instanceof AbstractEpollStreamChannel c) || !(server instanceof AbstractEpollStreamChannel s)) {
            return false;
        }
        c.spliceTo(s, Integer.MAX_VALUE).addListener(f -> {
            if (!f.isSuccess()) {
                session.abort(Side.CLIENT);
            }
        });
        s.spliceTo(c, Integer.MAX_VALUE).addListener(f -> {
            if (!f.isSuccess()) {
                session.abort(Side.SERVER);
            }
        });
        if (!c.isInputShutdown()) {
            c.config().setAutoRead(true);
        }
        s.config().setAutoRead(true);
        return true;
    }
}
