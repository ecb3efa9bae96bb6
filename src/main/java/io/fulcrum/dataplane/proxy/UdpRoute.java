package io.fulcrum.dataplane.proxy;

import io.fulcrum.ipvs.conn.Connection;
import java.net.InetSocketAddress;

/** Where one client datagram goes, as {@link UdpRouter} decided it. */
sealed interface UdpRoute {

    /** Through the flow of this table entry (the client's own, found or newly scheduled). */
    record Forward(Connection entry) implements UdpRoute {
    }

    /** Scheduled on its own (ipvsadm -o): the entry is not kept; a short-lived socket carries it. */
    record OnePacket(Connection entry) implements UdpRoute {
    }

    /** No destination is available: to the service's sorry server, outside the table. */
    record Sorry(InetSocketAddress server) implements UdpRoute {
    }

    /** Nowhere. */
    record Drop(UdpDrop reason) implements UdpRoute {
    }
}
