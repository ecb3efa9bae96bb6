package io.fulcrum.ipvs.conn;

import static io.fulcrum.ipvs.conn.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ServiceKey;
import org.junit.jupiter.api.Test;

/** TCP entries driven by observed packets: states, timeouts, --set, and the destination's counters. */
class TcpConnectionTest {

    private static final ServiceKey.Inet WEB = (ServiceKey.Inet) Fixture.tcp("192.168.10.100", 80);
    private static final int SYN = TcpFlags.SYN;
    private static final int SYN_ACK = TcpFlags.SYN | TcpFlags.ACK;
    private static final int ACK = TcpFlags.ACK;
    private static final int FIN = TcpFlags.FIN | TcpFlags.ACK;
    private static final int RST = TcpFlags.RST;

    private final Fixture f = new Fixture().service(WEB);
    private final ConnectionTable table = f.table;

    private static void counts(Destination d, int active, int inactive) {
        assertThat(d.activeConns()).as("active").isEqualTo(active);
        assertThat(d.inactConns()).as("inactive").isEqualTo(inactive);
    }

    private static void state(Connection c, TcpState s, long expires) {
        assertThat(c.tcpState()).isEqualTo(s);
        assertThat(c.expiresNanos()).as("expiry in %s", s).isEqualTo(expires);
    }

    @Test
    void aNewConnectionIsInactiveInNoneForThreeSeconds() {
        Destination rs = f.dest(WEB, "10.0.0.1", 8080);
        Connection c = f.open(WEB, "203.0.113.5", 40000, at(0));
        state(c, TcpState.NONE, at(3));
        assertThat(c.timeoutSeconds()).isEqualTo(3);
        assertThat(c.isInactive()).isTrue();
        assertThat(c.isNoOutput()).isFalse();
        assertThat(c.destPort()).isEqualTo(8080);
        counts(rs, 0, 1);
        assertThat(rs.stats().snapshot().conns()).isEqualTo(1);
        assertThat(f.view(WEB).stats().snapshot().conns()).isEqualTo(1);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void natConnectionThroughItsWholeLife() {
        Destination rs = f.dest(WEB, "10.0.0.1", 80);
        Connection c = f.open(WEB, "203.0.113.5", 40000, at(0));
        table.onTcpPacket(c, Direction.INPUT, SYN, at(0));
        state(c, TcpState.SYN_RECV, at(60));
        counts(rs, 1, 0); // SYN_RECV is active since Linux 4.9
        table.onTcpPacket(c, Direction.OUTPUT, SYN_ACK, at(0.1));
        state(c, TcpState.SYN_RECV, at(60.1));
        table.onTcpPacket(c, Direction.INPUT, ACK, at(0.2));
        state(c, TcpState.ESTABLISHED, at(900.2));
        counts(rs, 1, 0);
        table.onTcpPacket(c, Direction.INPUT, ACK, at(500));
        state(c, TcpState.ESTABLISHED, at(1400));
        table.onTcpPacket(c, Direction.INPUT, FIN, at(600));
        state(c, TcpState.CLOSE_WAIT, at(660));
        counts(rs, 0, 1);
        table.onTcpPacket(c, Direction.OUTPUT, FIN, at(601));
        state(c, TcpState.TIME_WAIT, at(721));
        table.onTcpPacket(c, Direction.INPUT, ACK, at(602));
        state(c, TcpState.TIME_WAIT, at(722));
        f.lastEntryExpiresAt(722, 1);
        assertThat(c.isExpired()).isTrue();
        counts(rs, 0, 0);
    }

    @Test
    void serverClosingFirstGoesThroughFinWait() {
        Destination rs = f.dest(WEB, "10.0.0.1", 80);
        Connection c = f.established(WEB, "203.0.113.5", 40000, 0);
        table.onTcpPacket(c, Direction.OUTPUT, FIN, at(1));
        state(c, TcpState.FIN_WAIT, at(121));
        counts(rs, 0, 1);
        table.onTcpPacket(c, Direction.INPUT, FIN, at(2));
        state(c, TcpState.TIME_WAIT, at(122));
    }

    @Test
    void directRoutingUsesTheInputOnlyTableUntilAReplyIsSeen() {
        Destination rs = f.dest(WEB, "10.0.0.1", 80, ForwardingMethod.ROUTE, 1);
        Connection c = f.open(WEB, "203.0.113.5", 40000, at(0));
        assertThat(c.isNoOutput()).isTrue();
        table.onTcpPacket(c, Direction.INPUT, SYN, at(0));
        table.onTcpPacket(c, Direction.INPUT, ACK, at(0));
        state(c, TcpState.ESTABLISHED, at(900));
        table.onTcpPacket(c, Direction.INPUT, FIN, at(10));
        state(c, TcpState.FIN_WAIT, at(130)); // input-only: the client's FIN means FIN_WAIT, not CLOSE_WAIT
        counts(rs, 0, 1);

        Connection d = f.open(WEB, "203.0.113.6", 40000, at(0));
        table.onTcpPacket(d, Direction.INPUT, SYN, at(0));
        table.onTcpPacket(d, Direction.OUTPUT, SYN_ACK, at(0));
        assertThat(d.isNoOutput()).isFalse();
        table.onTcpPacket(d, Direction.INPUT, ACK, at(0));
        table.onTcpPacket(d, Direction.INPUT, FIN, at(10));
        state(d, TcpState.CLOSE_WAIT, at(70)); // the input table from now on
    }

    @Test
    void tunnelAndLocalDestinationsAreInputOnlyMasqueradingIsNot() {
        ServiceKey.Inet other = (ServiceKey.Inet) Fixture.tcp("192.168.10.101", 80);
        f.service(other);
        f.dest(other, "10.0.0.2", 80, ForwardingMethod.TUNNEL, 1);
        assertThat(f.open(other, "203.0.113.5", 1, at(0)).isNoOutput()).isTrue();
        ServiceKey.Inet local = (ServiceKey.Inet) Fixture.tcp("192.168.10.102", 80);
        f.service(local);
        f.dest(local, "127.0.0.1", 80, ForwardingMethod.LOCAL, 1);
        assertThat(f.open(local, "203.0.113.5", 1, at(0)).isNoOutput()).isTrue();
    }

    @Test
    void aResetShortensTheTimerAndExpiryHonoursIt() {
        Destination rs = f.dest(WEB, "10.0.0.1", 80);
        Connection c = f.established(WEB, "203.0.113.5", 40000, 0);
        f.expireAll(at(5));
        table.onTcpPacket(c, Direction.INPUT, RST, at(100));
        state(c, TcpState.CLOSE, at(110));
        f.lastEntryExpiresAt(110, 1);
        counts(rs, 0, 0);
    }

    @Test
    void setTimeoutsReachesAnEntryAtItsNextPacket() {
        f.dest(WEB, "10.0.0.1", 80);
        Connection c = f.established(WEB, "203.0.113.5", 40000, 0);
        table.setTimeouts(new Timeouts(3600, 0, 0));
        assertThat(table.timeouts()).isEqualTo(new Timeouts(3600, 120, 300));
        state(c, TcpState.ESTABLISHED, at(900));
        table.onTcpPacket(c, Direction.INPUT, ACK, at(10));
        state(c, TcpState.ESTABLISHED, at(3610));
        assertThat(c.timeoutSeconds()).isEqualTo(3600);
        table.setTimeouts(new Timeouts(0, 30, 0));
        table.onTcpPacket(c, Direction.OUTPUT, FIN, at(20));
        state(c, TcpState.FIN_WAIT, at(50));
        f.lastEntryExpiresAt(50, 1);
    }

    @Test
    void timeoutsLongerThanTheWheelComeRound() {
        f.dest(WEB, "10.0.0.1", 80);
        table.setTimeouts(new Timeouts(5000, 0, 0));
        Connection c = f.open(WEB, "203.0.113.5", 40000, at(0));
        table.onTcpPacket(c, Direction.INPUT, ACK, at(0));
        for (int s = 0; s < 5000; s += 7) {
            f.expireAll(at(s));
        }
        assertThat(table.size()).isEqualTo(1);
        f.lastEntryExpiresAt(5000, 1);
    }

    @Test
    void aLateExpiryCallStillFindsEverythingDue() {
        f.dest(WEB, "10.0.0.1", 80);
        for (int i = 0; i < 100; i++) {
            Connection c = f.open(WEB, "203.0.113.5", 1000 + i, at(0));
            table.onTcpPacket(c, Direction.INPUT, i % 2 == 0 ? SYN : ACK, at(i));
        }
        f.expireAll(at(0));
        f.expireAll(at(100_000)); // the daemon slept through ~90 turns of the wheel
        assertThat(table.size()).isZero();
    }

    @Test
    void anExpiredEntryIgnoresLaterPackets() {
        Destination rs = f.dest(WEB, "10.0.0.1", 80);
        Connection c = f.open(WEB, "203.0.113.5", 40000, at(0));
        f.expireAll(at(3));
        assertThat(c.isExpired()).isTrue();
        counts(rs, 0, 0);
        table.onTcpPacket(c, Direction.INPUT, SYN, at(4));
        assertThat(c.tcpState()).isEqualTo(TcpState.NONE);
        counts(rs, 0, 0);
    }

    @Test
    void trafficIsCountedOnServiceAndDestination() {
        Destination rs = f.dest(WEB, "10.0.0.1", 80);
        Connection c = f.open(WEB, "203.0.113.5", 40000, at(0));
        c.inbound(60);
        c.inbound(1500);
        c.outbound(40);
        assertThat(rs.stats().snapshot().inPkts()).isEqualTo(2);
        assertThat(rs.stats().snapshot().inBytes()).isEqualTo(1560);
        assertThat(rs.stats().snapshot().outBytes()).isEqualTo(40);
        assertThat(f.view(WEB).stats().snapshot().outPkts()).isEqualTo(1);
    }

    @Test
    void aSynForAnUncontrolledClosedEntryStartsAfresh() {
        Destination rs = f.dest(WEB, "10.0.0.1", 80);
        Connection c = f.established(WEB, "203.0.113.5", 40000, 0);
        assertThat(table.admit(c, true, at(1))).isEqualTo(Verdict.FORWARD); // SYN in ESTABLISHED: kept
        table.onTcpPacket(c, Direction.INPUT, FIN, at(2));
        table.onTcpPacket(c, Direction.OUTPUT, FIN, at(2));
        assertThat(table.admit(c, false, at(3))).isEqualTo(Verdict.FORWARD);
        assertThat(table.admit(c, true, at(3))).isEqualTo(Verdict.RESCHEDULE); // conn_reuse_mode 1
        assertThat(c.isExpired()).isTrue();
        counts(rs, 0, 0);
        Connection again = f.open(WEB, "203.0.113.5", 40000, at(3));
        assertThat(table.findInbound(Protocol.TCP, again.clientAddress(), 40000, WEB.address(), 80))
                .containsSame(again);
        counts(rs, 0, 1);
    }

    @Test
    void theListingShowsWhatIpvsadmShows() {
        f.dest(WEB, "10.0.0.1", 8080);
        Connection c = f.open(WEB, "203.0.113.5", 40000, at(0));
        table.onTcpPacket(c, Direction.INPUT, SYN, at(0));
        assertThat(table.list(at(0.5))).singleElement().satisfies(v -> {
            assertThat(v.protocol()).isEqualTo("TCP");
            assertThat(v.state()).isEqualTo("SYN_RECV");
            assertThat(v.expireSeconds()).isEqualTo(59);
            assertThat(v.clientAddress()).hasToString("203.0.113.5");
            assertThat(v.clientPort()).isEqualTo(40000);
            assertThat(v.virtualAddress()).hasToString("192.168.10.100");
            assertThat(v.virtualPort()).isEqualTo(80);
            assertThat(v.destAddress()).hasToString("10.0.0.1");
            assertThat(v.destPort()).isEqualTo(8080);
            assertThat(v.template()).isFalse();
        });
        assertThat(table.list(at(61)).getFirst().expireSeconds()).isZero();
        assertThat(c.toString()).contains("SYN_RECV");
    }
}
