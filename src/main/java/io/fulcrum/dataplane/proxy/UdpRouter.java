package io.fulcrum.dataplane.proxy;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ScheduleInput;
import io.fulcrum.ipvs.conn.Connection;
import io.fulcrum.ipvs.conn.ConnectionTable;
import io.fulcrum.ipvs.conn.ScheduleResult;
import java.net.InetSocketAddress;

/**
 * The decision for one client datagram, taken on the connection table as ip_vs_in takes it for a UDP packet:
 * the client's entry ({@link ConnectionTable#findInbound}, or the one its flow holds) is admitted
 * ({@link ConnectionTable#admit}, never as "opening": UDP has no SYN, so weight 0 only stops new flows); a missing,
 * expired or expire_nodest_conn-removed entry is scheduled afresh, as the kernel's udp_conn_schedule schedules any
 * UDP packet; no destination leads to the sorry server, or to a drop.
 */
final class UdpRouter {

    private final ConnectionTable conns;

    UdpRouter(ConnectionTable conns) {
        this.conns = conns;
    }

    /**
     * @param client the datagram's source
     * @param known  the entry of the client's current flow, or null to look it up in the table
     */
    UdpRoute route(ProxiedService s, InetSocketAddress client, Connection known, long now) {
        IpAddress vip = s.key().address();
        int vport = s.key().port();
        Connection entry = known != null ? known : conns.findInbound(Protocol.UDP,
                Addresses.client(client.getAddress(), vip.isV6()), client.getPort(), vip, vport).orElse(null);
        if (entry != null) {
            switch (conns.admit(entry, false, now)) {
                case FORWARD -> {
                    return new UdpRoute.Forward(entry);
                }
                case DROP -> {
                    // a removed destination keeps its established flows (the kernel would drop their packets
                    // until the entry times out; Fulcrum's proxy keeps them working, as its TCP side does)
                    return new UdpRoute.Forward(entry);
                }
                case RESCHEDULE -> {
                    // gone: schedule afresh below
                }
            }
        }
        ScheduleInput in = new ScheduleInput(Addresses.client(client.getAddress(), vip.isV6()), client.getPort(),
                vip, vport, Protocol.UDP);
        return switch (conns.schedule(s.service().view(), in, now)) {
            case ScheduleResult.Scheduled(Connection c) when c.isOnePacket() -> new UdpRoute.OnePacket(c);
            case ScheduleResult.Scheduled(Connection c) -> new UdpRoute.Forward(c);
            case ScheduleResult.NoDestination n -> s.sorryServer().<UdpRoute>map(UdpRoute.Sorry::new)
                    .orElse(new UdpRoute.Drop(UdpDrop.NO_DESTINATION));
        };
    }
}
