package io.fulcrum.ipvs.conn;

import static io.fulcrum.ipvs.conn.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ServiceKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Primitive and convenience lookups, growth of the buckets, bounded expiry and the expiry listener. */
class LookupAndExpiryTest {

    private static final ServiceKey.Inet WEB = (ServiceKey.Inet) Fixture.tcp("192.168.10.100", 80);
    private static final int VIP = 0xc0a80a64; // 192.168.10.100

    private final Fixture f = new Fixture().service(WEB);
    private final ConnectionTable table = f.table;

    private static int v4(String a) {
        byte[] b = IpAddress.parse(a).bytes();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    @Test
    void ipv4InboundAndOutbound() {
        f.dest(WEB, "10.0.0.1", 8080);
        Connection c = f.open(WEB, "203.0.113.5", 40000, at(0));
        assertThat(table.findInbound(Protocol.TCP, v4("203.0.113.5"), 40000, VIP, 80)).isSameAs(c);
        assertThat(table.findOutbound(Protocol.TCP, v4("10.0.0.1"), 8080, v4("203.0.113.5"), 40000)).isSameAs(c);
        assertThat(table.findOutbound(Protocol.TCP, IpAddress.parse("10.0.0.1"), 8080,
                IpAddress.parse("203.0.113.5"), 40000)).containsSame(c);
        assertThat(table.findInbound(Protocol.TCP, v4("203.0.113.5"), 40001, VIP, 80)).isNull();
        assertThat(table.findInbound(Protocol.TCP, v4("203.0.113.6"), 40000, VIP, 80)).isNull();
        assertThat(table.findInbound(Protocol.TCP, v4("203.0.113.5"), 40000, VIP + 1, 80)).isNull();
        assertThat(table.findInbound(Protocol.TCP, v4("203.0.113.5"), 40000, VIP, 81)).isNull();
        assertThat(table.findInbound(Protocol.UDP, v4("203.0.113.5"), 40000, VIP, 80)).isNull();
        assertThat(table.findOutbound(Protocol.TCP, v4("10.0.0.1"), 80, v4("203.0.113.5"), 40000)).isNull();
        assertThat(c.destAddressLow()).isEqualTo(v4("10.0.0.1") & 0xffffffffL);
        assertThat(c.clientAddressLow()).isEqualTo(v4("203.0.113.5") & 0xffffffffL);
        assertThat(c.virtualAddressLow()).isEqualTo(VIP & 0xffffffffL);
        assertThat(c.clientAddressHigh() | c.virtualAddressHigh() | c.destAddressHigh()).isZero();
    }

    @Test
    void ipv6InboundAndOutbound() {
        ServiceKey.Inet web6 = (ServiceKey.Inet) Fixture.tcp("2001:db8::100", 443);
        f.service(web6);
        f.dest(web6, "2001:db8:ffff::1", 443);
        Connection c = f.open(web6, "2001:db8:1:2:3:4:5:6", 50000, at(0));
        assertThat(c.isV6()).isTrue();
        long ch = 0x20010db800010002L;
        long cl = 0x0003000400050006L;
        assertThat(table.findInbound(Protocol.TCP, ch, cl, 50000, 0x20010db800000000L, 0x100L, 443)).isSameAs(c);
        assertThat(table.findOutbound(Protocol.TCP, 0x20010db8ffff0000L, 1L, 443, ch, cl, 50000)).isSameAs(c);
        assertThat(table.findInbound(Protocol.TCP, ch, cl + 1, 50000, 0x20010db800000000L, 0x100L, 443)).isNull();
        assertThat(table.findInbound(Protocol.TCP, IpAddress.parse("2001:db8:1:2:3:4:5:6"), 50000,
                IpAddress.parse("2001:db8::100"), 443)).containsSame(c);
        assertThat(c.clientAddress()).isEqualTo(IpAddress.parse("2001:db8:1:2:3:4:5:6"));
        assertThat(c.destAddress()).isEqualTo(IpAddress.parse("2001:db8:ffff::1"));
        // an IPv4 lookup with the same low bits does not see it
        assertThat(table.findInbound(Protocol.TCP, (int) cl, 50000, 0x100, 443)).isNull();
    }

    @Test
    void anIpv6ServiceMayTunnelToAnIpv4Destination() {
        ServiceKey.Inet web6 = (ServiceKey.Inet) Fixture.tcp("2001:db8::100", 443);
        f.service(web6);
        f.dest(web6, "10.0.0.9", 443, ForwardingMethod.TUNNEL, 1);
        Connection c = f.open(web6, "2001:db8:1::5", 50000, at(0));
        assertThat(c.isV6()).isTrue();
        assertThat(c.isDestinationV6()).isFalse();
        assertThat(c.destAddress()).isEqualTo(IpAddress.parse("10.0.0.9"));
        assertThat(table.list(at(0)).getFirst().destAddress()).isEqualTo(IpAddress.parse("10.0.0.9"));
    }

    @Test
    void templatesAreNotFoundAsConnections() {
        f.service(Fixture.tcp("192.168.10.7", 0), Fixture.persistent(60, 32));
        f.dest(Fixture.tcp("192.168.10.7", 0), "10.0.0.1", 0);
        Connection c = f.open(Fixture.tcp("192.168.10.7", 0), Protocol.TCP, "203.0.113.5", 1, "192.168.10.7", 9,
                at(0));
        Connection t = c.controller().orElseThrow();
        assertThat(table.findInbound(Protocol.TCP, t.clientAddress(), 0, t.virtualAddress(), 0)).isEmpty();
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void everyEntryStaysFindableWhileTheBucketsGrow() {
        f.dest(WEB, "10.0.0.1", 80);
        List<Connection> all = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            String client = "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255);
            all.add(f.open(WEB, client, 1024 + (i % 5000), at(0)));
        }
        assertThat(table.size()).isEqualTo(50_000);
        for (Connection c : all) {
            assertThat(table.findInbound(Protocol.TCP, (int) c.clientAddressLow(), c.clientPort(), VIP, 80))
                    .isSameAs(c);
        }
        assertThat(table.list(at(0))).hasSize(50_000);
        f.expireAll(at(3));
        assertThat(table.size()).isZero();
        assertThat(all).allMatch(Connection::isExpired);
        assertThat(table.findInbound(Protocol.TCP, v4("10.0.0.1"), 1025, VIP, 80)).isNull();
    }

    @Test
    void expiryIsBoundedPerCallAndResumes() {
        Destination rs = f.dest(WEB, "10.0.0.1", 80);
        for (int i = 0; i < 5000; i++) {
            f.open(WEB, "203.0.113.5", 1024 + i, at(i / 1000.0));
        }
        assertThat(table.expire(at(10), 700)).isFalse();
        assertThat(table.size()).isBetween(4300, 4999);
        int calls = 1;
        while (!table.expire(at(10), 700)) {
            calls++;
        }
        assertThat(calls).isGreaterThanOrEqualTo(7);
        assertThat(table.size()).isZero();
        assertThat(rs.inactConns()).isZero();
        table.expire(at(11));
        assertThat(table.expire(at(12), 1)).isTrue();
    }

    @Test
    void theTimerHoldsOneReferencePerLiveEntryAndNoneForGoneOnes() {
        f.dest(WEB, "10.0.0.1", 80);
        List<Connection> all = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Connection c = f.open(WEB, "203.0.113." + (i % 200), 1024 + i, at(i / 100.0));
            table.onTcpPacket(c, Direction.INPUT, TcpFlags.SYN, at(i / 100.0));
            table.onTcpPacket(c, Direction.INPUT, TcpFlags.ACK, at(i / 100.0));
            all.add(c);
            if (i % 100 == 0) {
                table.expire(at(i / 100.0));
            }
        }
        assertThat(table.timerReferences()).isEqualTo(table.size());
        for (int i = 0; i < all.size(); i++) {
            Connection c = all.get(i);
            switch (i % 4) {
                case 0 -> table.onTcpPacket(c, Direction.INPUT, TcpFlags.FIN | TcpFlags.ACK, at(40)); // pulled in
                case 1 -> table.onTcpPacket(c, Direction.INPUT, TcpFlags.RST, at(40));
                case 2 -> {
                    table.onTcpPacket(c, Direction.INPUT, TcpFlags.RST, at(40));
                    assertThat(table.admit(c, true, at(40))).isEqualTo(Verdict.RESCHEDULE); // removed at once
                }
                default -> table.onTcpPacket(c, Direction.INPUT, TcpFlags.ACK, at(40));
            }
            assertThat(table.timerReferences()).isEqualTo(table.size());
        }
        for (int s = 40; s <= 200; s += 3) {
            f.expireAll(at(s));
            assertThat(table.timerReferences()).isEqualTo(table.size());
        }
        assertThat(table.size()).isEqualTo(750); // the ESTABLISHED quarter
        f.expireAll(at(940));
        assertThat(table.size()).isZero();
        assertThat(table.timerReferences()).isZero();
    }

    @Test
    void theListenerHearsOfEveryExpiredEntryAfterItsCountersWereReleased() {
        f.service(Fixture.tcp("192.168.10.7", 80), Fixture.persistent(60, 32));
        Destination p = f.dest(Fixture.tcp("192.168.10.7", 80), "10.0.0.2", 80);
        Destination rs = f.dest(WEB, "10.0.0.1", 80);
        List<String> heard = new ArrayList<>();
        table.addExpiryListener(c -> heard.add((c.isTemplate() ? "template " : "conn ") + c.clientPort()
                + " counters " + (c.destination().inactConns() + c.destination().persistConns())));
        f.open(WEB, "203.0.113.5", 1000, at(0));
        f.open((ServiceKey.Inet) Fixture.tcp("192.168.10.7", 80), "203.0.113.5", 2000, at(0));
        f.expireAll(at(3));
        assertThat(heard).containsExactlyInAnyOrder("conn 1000 counters 0", "conn 2000 counters 1");
        f.expireAll(at(60));
        assertThat(heard).hasSize(3).contains("template 0 counters 0");
        assertThat(rs.inactConns() + p.persistConns()).isZero();
    }

    @Test
    void aFailingListenerDoesNotStopExpiry() {
        Destination rs = f.dest(WEB, "10.0.0.1", 80);
        List<Connection> heard = new ArrayList<>();
        table.addExpiryListener(c -> {
            throw new IllegalStateException("listener broke");
        });
        table.addExpiryListener(heard::add);
        f.open(WEB, "203.0.113.5", 1000, at(0));
        f.open(WEB, "203.0.113.5", 1001, at(0));
        assertThatThrownBy(() -> table.expire(at(3))).hasMessage("listener broke");
        assertThat(table.size()).isZero();
        assertThat(heard).hasSize(2);
        assertThat(rs.inactConns()).isZero();
    }
}
