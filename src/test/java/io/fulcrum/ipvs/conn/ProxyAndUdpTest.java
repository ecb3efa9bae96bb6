package io.fulcrum.ipvs.conn;

import static io.fulcrum.ipvs.conn.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.SchedFlags;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSettings;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Proxy socket events mapped onto IPVS states; UDP entries and one-packet scheduling. */
class ProxyAndUdpTest {

    private static final ServiceKey.Inet WEB = (ServiceKey.Inet) Fixture.tcp("192.168.10.100", 80);
    private static final ServiceKey.Inet DNS = (ServiceKey.Inet) Fixture.udp("192.168.10.100", 53);

    private final Fixture f = new Fixture().service(WEB);
    private final ConnectionTable table = f.table;

    private Connection proxied(Destination rs) {
        Connection c = f.open(WEB, "203.0.113.5", 40000, at(0));
        assertThat(c.destination()).isSameAs(rs);
        table.onProxyEvent(c, ProxyEvent.CLIENT_ACCEPTED, at(0));
        return c;
    }

    private static void is(Connection c, TcpState s, double expiresAt, boolean active) {
        assertThat(c.tcpState()).isEqualTo(s);
        assertThat(c.expiresNanos()).isEqualTo(at(expiresAt));
        assertThat(c.isInactive()).isEqualTo(!active);
    }

    @Test
    void clientClosesFirst() {
        Destination rs = f.dest(WEB, "10.0.0.1", 80, ForwardingMethod.FULLNAT, 1);
        Connection c = proxied(rs);
        is(c, TcpState.SYN_RECV, 60, true);
        assertThat(rs.activeConns()).isEqualTo(1);
        table.onProxyEvent(c, ProxyEvent.SERVER_CONNECTED, at(1));
        is(c, TcpState.ESTABLISHED, 901, true);
        table.onProxyEvent(c, ProxyEvent.DATA, at(300));
        is(c, TcpState.ESTABLISHED, 1200, true);
        table.onProxyEvent(c, ProxyEvent.CLIENT_FIN, at(400));
        is(c, TcpState.CLOSE_WAIT, 460, false);
        assertThat(rs.activeConns()).isZero();
        assertThat(rs.inactConns()).isEqualTo(1);
        table.onProxyEvent(c, ProxyEvent.DATA, at(401)); // the server still sends
        is(c, TcpState.CLOSE_WAIT, 461, false);
        table.onProxyEvent(c, ProxyEvent.SERVER_FIN, at(402));
        is(c, TcpState.TIME_WAIT, 522, false);
        table.onProxyEvent(c, ProxyEvent.CLOSED, at(403));
        is(c, TcpState.TIME_WAIT, 523, false);
        f.expireAll(at(523));
        assertThat(table.size()).isZero();
        assertThat(rs.inactConns()).isZero();
    }

    @Test
    void serverClosesFirst() {
        Connection c = proxied(f.dest(WEB, "10.0.0.1", 80, ForwardingMethod.FULLNAT, 1));
        table.onProxyEvent(c, ProxyEvent.SERVER_CONNECTED, at(0));
        table.onProxyEvent(c, ProxyEvent.SERVER_FIN, at(10));
        is(c, TcpState.FIN_WAIT, 130, false);
        table.onProxyEvent(c, ProxyEvent.CLIENT_FIN, at(11));
        is(c, TcpState.TIME_WAIT, 131, false);
    }

    @Test
    void refusedBackendAndAborts() {
        Destination rs = f.dest(WEB, "10.0.0.1", 80, ForwardingMethod.FULLNAT, 1);
        Connection refused = proxied(rs);
        table.onProxyEvent(refused, ProxyEvent.SERVER_RST, at(1));
        is(refused, TcpState.CLOSE, 11, false);
        table.onProxyEvent(refused, ProxyEvent.CLOSED, at(2));
        is(refused, TcpState.CLOSE, 11, false); // CLOSE is not re-armed

        Connection reset = f.open(WEB, "203.0.113.6", 40000, at(0));
        table.onProxyEvent(reset, ProxyEvent.CLIENT_ACCEPTED, at(0));
        table.onProxyEvent(reset, ProxyEvent.CLIENT_RST, at(1));
        is(reset, TcpState.SYN_RECV, 61, true); // the kernel's input table keeps SYN_RECV on RST
        table.onProxyEvent(reset, ProxyEvent.SERVER_CONNECTED, at(1));
        table.onProxyEvent(reset, ProxyEvent.CLIENT_RST, at(2));
        is(reset, TcpState.CLOSE, 12, false);

        Connection aborted = f.open(WEB, "203.0.113.7", 40000, at(0));
        table.onProxyEvent(aborted, ProxyEvent.CLIENT_ACCEPTED, at(0));
        table.onProxyEvent(aborted, ProxyEvent.SERVER_CONNECTED, at(0));
        table.onProxyEvent(aborted, ProxyEvent.CLOSED, at(5));
        is(aborted, TcpState.CLOSE, 15, false);
        assertThat(rs.activeConns()).isZero();
        assertThat(rs.inactConns()).isEqualTo(3);
    }

    @Test
    void udpEntriesAreRefreshedByEveryPacketAndStayInactive() {
        f.service(DNS);
        Destination rs = f.dest(DNS, "10.0.0.1", 53);
        Connection c = f.open(DNS, "203.0.113.5", 5353, at(0));
        table.onUdpPacket(c, at(0));
        assertThat(c.stateName()).isEqualTo("UDP");
        assertThat(c.expiresNanos()).isEqualTo(at(300));
        table.onUdpPacket(c, at(200));
        assertThat(c.expiresNanos()).isEqualTo(at(500));
        assertThat(rs.inactConns()).isEqualTo(1);
        assertThat(rs.activeConns()).isZero();
        table.setTimeouts(new Timeouts(0, 0, 30));
        assertThat(c.expiresNanos()).isEqualTo(at(500));
        table.onUdpPacket(c, at(201));
        assertThat(c.expiresNanos()).isEqualTo(at(231));
        assertThat(c.timeoutSeconds()).isEqualTo(30);
        f.lastEntryExpiresAt(231, 1);
        assertThat(rs.inactConns()).isZero();
        assertThat(table.list(at(0))).isEmpty();
    }

    @Test
    void udpListingAndMisuse() {
        f.service(DNS);
        f.dest(DNS, "10.0.0.1", 53);
        Connection c = f.open(DNS, "203.0.113.5", 5353, at(0));
        table.onUdpPacket(c, at(0));
        assertThat(table.list(at(0))).singleElement()
                .satisfies(v -> assertThat(v.protocol() + " " + v.state() + " " + v.expireSeconds())
                        .isEqualTo("UDP UDP 300"));
        f.dest(WEB, "10.0.0.1", 80);
        Connection t = f.open(WEB, "203.0.113.5", 1, at(0));
        assertThatThrownBy(() -> table.onUdpPacket(t, at(0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onePacketUdpEntriesAreNotKept() {
        ServiceSettings oneShot = new ServiceSettings("rr", SchedFlags.NONE, Optional.empty(), true,
                Optional.empty());
        f.service(DNS, oneShot);
        Destination rs = f.dest(DNS, "10.0.0.1", 53);
        Connection c = f.open(DNS, "203.0.113.5", 5353, at(0));
        assertThat(c.isOnePacket()).isTrue();
        assertThat(c.isExpired()).isTrue();
        assertThat(c.destination()).isSameAs(rs);
        c.inbound(100);
        table.onUdpPacket(c, at(0)); // ignored
        assertThat(table.size()).isZero();
        assertThat(rs.inactConns()).isZero();
        assertThat(rs.stats().snapshot().conns()).isEqualTo(1);
        assertThat(rs.stats().snapshot().inBytes()).isEqualTo(100);
        assertThat(table.findInbound(Protocol.UDP, c.clientAddress(), 5353, DNS.address(), 53))
                .isEmpty();

        // -o applies to UDP only: a TCP service with the flag keeps its entries
        ServiceKey.Inet tcp = (ServiceKey.Inet) Fixture.tcp("192.168.10.100", 443);
        f.service(tcp, oneShot);
        f.dest(tcp, "10.0.0.1", 443);
        assertThat(f.open(tcp, "203.0.113.5", 5353, at(0)).isOnePacket()).isFalse();
        assertThat(table.size()).isEqualTo(1);
    }
}
