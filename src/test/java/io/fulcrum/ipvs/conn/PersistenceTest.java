package io.fulcrum.ipvs.conn;

import static io.fulcrum.ipvs.conn.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.Family;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Persistence;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.SchedFlags;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Persistence templates (ip_vs_sched_persist, ip_vs_check_template) and the two sysctl options. */
class PersistenceTest {

    private static final ServiceKey.Inet WEB = (ServiceKey.Inet) Fixture.tcp("192.168.10.100", 80);

    private static Connection template(Connection c) {
        return c.controller().orElseThrow();
    }

    private static List<ConnectionView> templates(ConnectionTable t, long now) {
        return t.list(now).stream().filter(ConnectionView::template).toList();
    }

    @Test
    void aTemplatePerMaskedClientOverridesTheScheduler() {
        Fixture f = new Fixture().service(WEB, Fixture.persistent(300, 24));
        Destination a = f.dest(WEB, "10.0.0.1", 80);
        Destination b = f.dest(WEB, "10.0.0.2", 8080);
        Connection c1 = f.open(WEB, "172.16.2.3", 1000, at(0));
        Connection c2 = f.open(WEB, "172.16.2.99", 2000, at(1));
        Connection c3 = f.open(WEB, "172.16.3.1", 3000, at(2));
        assertThat(c2.destination()).isSameAs(c1.destination()); // round robin alone would alternate
        assertThat(c3.destination()).isNotSameAs(c1.destination());
        assertThat(template(c1)).isSameAs(template(c2));
        assertThat(template(c1).controlled()).isEqualTo(2);
        assertThat(f.table.size()).isEqualTo(5);
        assertThat(a.persistConns() + b.persistConns()).isEqualTo(2);
        assertThat(c1.destination().persistConns()).isEqualTo(1);

        ConnectionView t = templates(f.table, at(1)).stream()
                .filter(v -> v.clientAddress().equals(IpAddress.parse("172.16.2.0"))).findFirst().orElseThrow();
        assertThat(t.protocol()).isEqualTo("TCP");
        assertThat(t.state()).isEqualTo("NONE");
        assertThat(t.clientPort()).isZero();
        assertThat(t.virtualAddress()).isEqualTo(WEB.address());
        assertThat(t.virtualPort()).isEqualTo(80);
        assertThat(t.destAddress()).isEqualTo(c1.destination().address());
        assertThat(t.destPort()).isEqualTo(c1.destination().port());
        assertThat(t.expireSeconds()).isEqualTo(300); // re-armed when c2 used it at 1 s
        assertThat(c1.destPort()).isEqualTo(c1.destination().port());
    }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
        "192.168.10.100, 32, 172.16.2.3, 172.16.2.3, 172.16.2.4, 172.16.2.3",
        "192.168.10.100, 20, 172.16.17.3, 172.16.31.250, 172.16.32.1, 172.16.16.0",
        "2001:db8::100, 60, 2001:db8:1:10::1, 2001:db8:1:1f:ffff::2, 2001:db8:1:20::1, 2001:db8:1:10::",
        "2001:db8::100, 64, 2001:db8:1:2:3::1, 2001:db8:1:2:ffff::9, 2001:db8:1:3::1, 2001:db8:1:2::",
        "2001:db8::100, 65, 2001:db8:1:2:7fff::1, 2001:db8:1:2:0:1::, 2001:db8:1:2:8000::, 2001:db8:1:2::",
        "2001:db8::100, 128, 2001:db8:1::5, 2001:db8:1::5, 2001:db8:1::6, 2001:db8:1::5",
    })
    void clientsAreMaskedByTheServiceNetmask(String vip, int prefix, String client, String sameNet, String otherNet,
                                            String masked) {
        ServiceKey.Inet key = (ServiceKey.Inet) Fixture.tcp(vip, 80);
        Fixture f = Fixture.twoDestinations(ConnectionOptions.DEFAULT, key, Fixture.persistent(300, prefix), 80);
        Connection c1 = f.open(key, client, 1000, at(0));
        Connection c2 = f.open(key, sameNet, 1001, at(0));
        Connection c3 = f.open(key, otherNet, 1002, at(0));
        assertThat(template(c2)).isSameAs(template(c1));
        assertThat(c2.destination()).isSameAs(c1.destination());
        assertThat(template(c3)).isNotSameAs(template(c1));
        assertThat(c3.destination()).isNotSameAs(c1.destination());
        assertThat(template(c1).clientAddress()).isEqualTo(IpAddress.parse(masked));
        assertThat(f.table.findInbound(Protocol.TCP, c2.clientAddress(), 1001, key.address(), 80)).containsSame(c2);
    }

    @Test
    void portZeroServicesKeyTemplatesOnPortZero() {
        ServiceKey.Inet any = (ServiceKey.Inet) Fixture.tcp("192.168.10.100", 0);
        Fixture f = Fixture.twoDestinations(ConnectionOptions.DEFAULT, any, Fixture.persistent(300, 32), 0);
        Connection https = f.open(any, Protocol.TCP, "172.16.2.3", 1000, "192.168.10.100", 443, at(0));
        Connection ssh = f.open(any, Protocol.TCP, "172.16.2.3", 1001, "192.168.10.100", 22, at(0));
        assertThat(ssh.destination()).isSameAs(https.destination());
        assertThat(template(https)).isSameAs(template(ssh));
        assertThat(template(https).virtualPort()).isZero();
        assertThat(template(https).destPort()).isZero();
        assertThat(https.virtualPort()).isEqualTo(443);
        assertThat(https.destPort()).isEqualTo(443);
    }

    @Test
    void fwmarkServicesShareOneTemplateAcrossProtocols() {
        ServiceKey mark = new ServiceKey.Fwmark(7, Family.INET);
        Fixture f = Fixture.twoDestinations(ConnectionOptions.DEFAULT, mark, Fixture.persistent(300, 32), 0);
        Connection web = f.open(mark, Protocol.TCP, "172.16.2.3", 1000, "192.168.10.100", 80, at(0));
        Connection dns = f.open(mark, Protocol.UDP, "172.16.2.3", 1001, "192.168.10.101", 53, at(0));
        assertThat(dns.destination()).isSameAs(web.destination());
        Connection t = template(web);
        assertThat(template(dns)).isSameAs(t);
        assertThat(t.protocolName()).isEqualTo("IP");
        assertThat(t.virtualAddress()).isEqualTo(IpAddress.parse("0.0.0.7"));
        assertThat(t.virtualPort()).isZero();
        assertThat(web.virtualAddress()).isEqualTo(IpAddress.parse("192.168.10.100"));
        assertThat(dns.destPort()).isEqualTo(53);
        assertThat(templates(f.table, at(0))).singleElement()
                .satisfies(v -> assertThat(v.protocol() + " " + v.state()).isEqualTo("IP NONE"));

        ServiceKey mark6 = new ServiceKey.Fwmark(7, Family.INET6);
        f.service(mark6, Fixture.persistent(300, 128));
        f.dest(mark6, "2001:db8::1", 0);
        Connection v6 = f.open(mark6, Protocol.TCP, "2001:db8:1::3", 1000, "2001:db8::100", 80, at(0));
        assertThat(template(v6).virtualAddress()).isEqualTo(IpAddress.parse("0:7::"));
    }

    @Test
    void ftpTemplatesCoverEveryPort() {
        ServiceKey.Inet ftp = (ServiceKey.Inet) Fixture.tcp("192.168.10.100", 21);
        Fixture f = new Fixture().service(ftp, Fixture.persistent(300, 32));
        f.dest(ftp, "10.0.0.1", 21);
        Connection c = f.open(ftp, "172.16.2.3", 1000, at(0));
        assertThat(template(c).virtualPort()).isZero();
        assertThat(template(c).destPort()).isZero();
        assertThat(c.destPort()).isEqualTo(21);
    }

    @Test
    void aTemplateIsRenewedByUseAndKeptWhileItControlsConnections() {
        Fixture f = Fixture.twoDestinations(ConnectionOptions.DEFAULT, WEB, Fixture.persistent(300, 32), 80);
        ConnectionTable table = f.table;
        Connection longLived = f.open(WEB, "172.16.2.3", 1000, at(0));
        table.onTcpPacket(longLived, Direction.INPUT, TcpFlags.SYN, at(0));
        table.onTcpPacket(longLived, Direction.INPUT, TcpFlags.ACK, at(0));
        Connection t = template(longLived);
        assertThat(t.expiresNanos()).isEqualTo(at(300));

        Connection shortLived = f.open(WEB, "172.16.2.3", 1001, at(100));
        assertThat(t.expiresNanos()).isEqualTo(at(400)); // renewed by use
        table.onTcpPacket(shortLived, Direction.INPUT, TcpFlags.RST, at(100));
        f.expireAll(at(399));
        assertThat(shortLived.isExpired()).isTrue();
        assertThat(t.controlled()).isEqualTo(1);

        f.expireAll(at(400)); // due, but it still controls the long-lived connection
        assertThat(t.isExpired()).isFalse();
        assertThat(t.expiresNanos()).isEqualTo(at(460));
        assertThat(t.timeoutSeconds()).isEqualTo(60);
        f.expireAll(at(460));
        assertThat(t.expiresNanos()).isEqualTo(at(520));

        table.onTcpPacket(longLived, Direction.INPUT, TcpFlags.FIN | TcpFlags.ACK, at(500));
        table.onTcpPacket(longLived, Direction.OUTPUT, TcpFlags.FIN | TcpFlags.ACK, at(500));
        for (int s = 500; s <= 639; s++) {
            f.expireAll(at(s));
        }
        assertThat(longLived.isExpired()).isTrue(); // TIME_WAIT ended at 620
        assertThat(t.isExpired()).isFalse();
        assertThat(f.view(WEB).destinations().stream().mapToInt(Destination::persistConns).sum()).isEqualTo(1);
        f.expireAll(at(640));
        assertThat(t.isExpired()).isTrue();
        assertThat(table.size()).isZero();
        assertThat(f.view(WEB).destinations()).allSatisfy(d -> {
            assertThat(d.persistConns()).isZero();
            assertThat(d.activeConns() + d.inactConns()).isZero();
        });
    }

    @Test
    void anUnusedTemplateLivesItsTimeoutAfterTheLastConnectionWentAway() {
        Fixture f = new Fixture().service(WEB, Fixture.persistent(300, 32));
        Destination a = f.dest(WEB, "10.0.0.1", 80);
        Connection c = f.open(WEB, "172.16.2.3", 1000, at(0));
        f.expireAll(at(3)); // never reported: gone after the kernel's first 3 s
        assertThat(c.isExpired()).isTrue();
        assertThat(f.table.size()).isEqualTo(1);
        assertThat(a.persistConns()).isEqualTo(1);
        f.lastEntryExpiresAt(300, 1);
        assertThat(a.persistConns()).isZero();
    }

    @Test
    void aQuiescedDestinationKeepsItsClientsUnlessExpireQuiescentTemplate() {
        for (boolean expireQuiescent : new boolean[] {false, true}) {
            Fixture f = Fixture.twoDestinations(new ConnectionOptions(false, expireQuiescent), WEB,
                    Fixture.persistent(300, 32), 80);
            Connection first = f.open(WEB, "172.16.2.3", 1000, at(0));
            Destination home = first.destination();
            assertThat(f.services.editDestination(WEB, home.address(), 80,
                    DestinationSettings.of(ForwardingMethod.MASQ, 0)).ok()).isTrue();
            Connection second = f.open(WEB, "172.16.2.3", 1001, at(10));
            if (!expireQuiescent) {
                assertThat(second.destination()).isSameAs(home);
                assertThat(template(second)).isSameAs(template(first));
            } else {
                assertThat(second.destination()).isNotSameAs(home);
                assertThat(template(second)).isNotSameAs(template(first));
                List<ConnectionView> ts = templates(f.table, at(10));
                assertThat(ts).hasSize(2);
                assertThat(ts).anySatisfy(v -> assertThat(List.of(v.clientPort(), v.virtualPort(), v.destPort()))
                        .containsExactly(0, 0xffff, 0xffff)); // invalidated, as the kernel re-keys it
                assertThat(home.persistConns()).isEqualTo(1); // until it times out
                f.expireAll(at(5)); // the connections it controlled, never reported, are gone
                f.expireAll(at(300));
                assertThat(home.persistConns()).isZero();
                assertThat(template(second).isExpired()).isFalse();
            }
        }
    }

    @Test
    void aRemovedDestinationsTemplateNoLongerBinds() {
        Fixture f = Fixture.twoDestinations(ConnectionOptions.DEFAULT, WEB, Fixture.persistent(300, 32), 80);
        Connection first = f.open(WEB, "172.16.2.3", 1000, at(0));
        Destination home = first.destination();
        assertThat(f.services.deleteDestination(WEB, home.address(), 80).ok()).isTrue();
        Connection second = f.open(WEB, "172.16.2.3", 1001, at(10));
        assertThat(second.destination()).isNotSameAs(home);
        assertThat(f.table.admit(first, false, at(10))).isEqualTo(Verdict.DROP);
    }

    @Test
    void expireNodestConnRemovesTheEntryOfARemovedDestination() {
        List<Connection> gone = new ArrayList<>();
        Fixture f = new Fixture(new ConnectionOptions(true, false)).service(WEB);
        f.table.addExpiryListener(gone::add);
        Destination a = f.dest(WEB, "10.0.0.1", 80);
        Connection c = f.open(WEB, "172.16.2.3", 1000, at(0));
        f.table.onTcpPacket(c, Direction.INPUT, TcpFlags.SYN, at(0));
        assertThat(f.table.admit(c, false, at(1))).isEqualTo(Verdict.FORWARD);
        assertThat(f.services.deleteDestination(WEB, a.address(), 80).ok()).isTrue();
        assertThat(f.table.admit(c, false, at(1))).isEqualTo(Verdict.RESCHEDULE);
        assertThat(c.isExpired()).isTrue();
        assertThat(f.table.size()).isZero();
        assertThat(a.activeConns()).isZero();
        assertThat(gone).containsExactly(c);
        assertThat(f.table.findInbound(Protocol.TCP, c.clientAddress(), 1000, WEB.address(), 80)).isEmpty();
    }

    @Test
    void withoutExpireNodestConnTheEntryStaysAndItsPacketsAreDropped() {
        Fixture f = new Fixture().service(WEB);
        Destination a = f.dest(WEB, "10.0.0.1", 80);
        Connection c = f.open(WEB, "172.16.2.3", 1000, at(0));
        f.table.onTcpPacket(c, Direction.INPUT, TcpFlags.SYN, at(0));
        f.services.deleteDestination(WEB, a.address(), 80);
        assertThat(f.table.admit(c, false, at(1))).isEqualTo(Verdict.DROP);
        assertThat(f.table.size()).isEqualTo(1);
        f.expireAll(at(60));
        assertThat(f.table.size()).isZero();
        assertThat(a.activeConns()).isZero();
    }

    @Test
    void expireNodestConnAlsoRestartsASynToAQuiescedDestination() {
        for (boolean option : new boolean[] {false, true}) {
            Fixture f = new Fixture(new ConnectionOptions(option, false)).service(WEB);
            Destination a = f.dest(WEB, "10.0.0.1", 80);
            Connection c = f.open(WEB, "172.16.2.3", 1000, at(0));
            f.table.onTcpPacket(c, Direction.INPUT, TcpFlags.SYN, at(0));
            f.services.editDestination(WEB, a.address(), 80, DestinationSettings.of(ForwardingMethod.MASQ, 0));
            assertThat(f.table.admit(c, false, at(1))).isEqualTo(Verdict.FORWARD);
            assertThat(f.table.admit(c, true, at(1))).isEqualTo(option ? Verdict.RESCHEDULE : Verdict.FORWARD);
        }
    }

    @Test
    void onePacketPersistentServicesKeepTheTemplateOnly() {
        ServiceKey.Inet dns = (ServiceKey.Inet) Fixture.udp("192.168.10.100", 53);
        ServiceSettings s = new ServiceSettings("rr", SchedFlags.NONE, Optional.of(new Persistence(300, 32)), true,
                Optional.empty());
        Fixture f = Fixture.twoDestinations(ConnectionOptions.DEFAULT, dns, s, 53);
        Connection q1 = f.open(dns, "172.16.2.3", 5000, at(0));
        Connection q2 = f.open(dns, "172.16.2.3", 5001, at(1));
        assertThat(q1.isExpired()).isTrue();
        assertThat(q2.destination()).isSameAs(q1.destination());
        assertThat(f.table.size()).isEqualTo(1);
        assertThat(template(q1).controlled()).isZero();
        assertThat(template(q1).expiresNanos()).isEqualTo(at(301));
        assertThat(q1.destination().inactConns()).isZero();
    }

    @Test
    void noDestinationAndForeignPorts() {
        Fixture f = new Fixture().service(WEB);
        assertThat(f.schedule(WEB, Protocol.TCP, "172.16.2.3", 1, "192.168.10.100", 80, at(0)))
                .isSameAs(ScheduleResult.NO_DESTINATION);
        f.dest(WEB, "10.0.0.1", 80);
        assertThat(f.schedule(WEB, Protocol.TCP, "172.16.2.3", 1, "192.168.10.100", 81, at(0)))
                .isInstanceOf(ScheduleResult.NoDestination.class);
        ServiceKey persistent = Fixture.tcp("192.168.10.2", 0);
        f.service(persistent, Fixture.persistent(60, 32));
        assertThat(f.schedule(persistent, Protocol.TCP, "172.16.2.3", 1, "192.168.10.2", 81, at(0)))
                .isSameAs(ScheduleResult.NO_DESTINATION);
        assertThat(f.table.size()).isZero();
    }
}
