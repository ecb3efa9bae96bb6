package io.fulcrum.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.SchedFlags;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSettings;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.conn.Connection;
import io.fulcrum.ipvs.conn.ConnectionOptions;
import io.fulcrum.ipvs.conn.ConnectionTable;
import io.fulcrum.ipvs.sched.SchedulerFactory;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The routing decision for one client datagram, on a real service table and connection table, no sockets. */
class UdpRouterTest {

    private static final long NOW = -3_000_000_000_000L;
    private static final IpAddress VIP = IpAddress.parse("192.0.2.10");
    private static final IpAddress CLIENT = IpAddress.parse("198.51.100.7");
    private static final IpAddress RS1 = IpAddress.parse("10.0.0.1");
    private static final IpAddress RS2 = IpAddress.parse("10.0.0.2");
    private static final ServiceKey.Inet KEY = new ServiceKey.Inet(Protocol.UDP, VIP, 53);
    private static final InetSocketAddress SORRY = new InetSocketAddress("10.0.0.99", 53);

    private final ServiceTable table = new ServiceTable(new SchedulerFactory(() -> NOW, () -> new Random(3)));

    private ProxiedService service(ServiceSettings settings, Optional<InetSocketAddress> sorry) {
        assertThat(table.addService(KEY, settings).ok()).isTrue();
        return new ProxiedService(KEY, table.service(KEY).orElseThrow(), sorry, Optional.empty());
    }

    private void destination(IpAddress rs, int weight) {
        assertThat(table.addDestination(KEY, rs, 53, DestinationSettings.of(ForwardingMethod.FULLNAT, weight))
                .ok()).isTrue();
    }

    private static InetSocketAddress from(int port) {
        return Addresses.socket(CLIENT, port);
    }

    private static Connection forwarded(UdpRoute r) {
        assertThat(r).isInstanceOf(UdpRoute.Forward.class);
        return ((UdpRoute.Forward) r).entry();
    }

    @Test
    void aNewClientIsScheduledAndItsEntryFoundAfterwards() {
        ConnectionTable conns = new ConnectionTable(ConnectionOptions.DEFAULT);
        UdpRouter router = new UdpRouter(conns);
        ProxiedService s = service(ServiceSettings.of("rr"), Optional.empty());
        destination(RS1, 1);

        Connection e = forwarded(router.route(s, from(5353), null, NOW));
        assertThat(e.destAddress()).isEqualTo(RS1);
        assertThat(e.protocolName()).isEqualTo("UDP");
        assertThat(forwarded(router.route(s, from(5353), null, NOW))).isSameAs(e); // findInbound
        assertThat(forwarded(router.route(s, from(5353), e, NOW))).isSameAs(e); // the flow's own
        assertThat(conns.size()).isEqualTo(1);
    }

    @Test
    void weightZeroKeepsTheEntryForItsClient() {
        ConnectionTable conns = new ConnectionTable(new ConnectionOptions(true, false));
        UdpRouter router = new UdpRouter(conns);
        ProxiedService s = service(ServiceSettings.of("rr"), Optional.empty());
        destination(RS1, 1);
        Connection e = forwarded(router.route(s, from(5353), null, NOW));
        assertThat(table.editDestination(KEY, RS1, 53, DestinationSettings.of(ForwardingMethod.FULLNAT, 0)).ok())
                .isTrue();

        assertThat(forwarded(router.route(s, from(5353), e, NOW))).isSameAs(e); // UDP never "opens"
        assertThat(router.route(s, from(5354), null, NOW)).isEqualTo(new UdpRoute.Drop(UdpDrop.NO_DESTINATION));
    }

    @Test
    void aRemovedDestinationKeepsItsFlowUnlessExpireNodestConnReschedules() {
        ConnectionTable keep = new ConnectionTable(ConnectionOptions.DEFAULT);
        ProxiedService s = service(ServiceSettings.of("rr"), Optional.empty());
        destination(RS1, 1);
        Connection e = forwarded(new UdpRouter(keep).route(s, from(5353), null, NOW));
        destination(RS2, 1);
        assertThat(table.deleteDestination(KEY, RS1, 53).ok()).isTrue();

        assertThat(new UdpRouter(keep).route(s, from(5353), e, NOW)).isEqualTo(new UdpRoute.Forward(e));
        assertThat(keep.size()).isEqualTo(1);
        assertThat(e.isExpired()).isFalse();

        ConnectionTable expire = new ConnectionTable(new ConnectionOptions(true, false));
        UdpRouter router = new UdpRouter(expire);
        destination(RS1, 1);
        Connection onRs1 = forwarded(router.route(s, from(6000), null, NOW));
        onRs1 = onRs1.destAddress().equals(RS1) ? onRs1 : forwarded(router.route(s, from(6001), null, NOW));
        assertThat(onRs1.destAddress()).isEqualTo(RS1);
        assertThat(table.deleteDestination(KEY, RS1, 53).ok()).isTrue();

        Connection again = forwarded(router.route(s, from(onRs1.clientPort()), onRs1, NOW));
        assertThat(again).isNotSameAs(onRs1);
        assertThat(again.destAddress()).isEqualTo(RS2);
        assertThat(onRs1.isExpired()).isTrue();
    }

    @Test
    void noDestinationGoesToTheSorryServerOrIsDropped() {
        ConnectionTable conns = new ConnectionTable(ConnectionOptions.DEFAULT);
        UdpRouter router = new UdpRouter(conns);
        ProxiedService withSorry = service(ServiceSettings.of("wlc"), Optional.of(SORRY));

        assertThat(router.route(withSorry, from(5353), null, NOW)).isEqualTo(new UdpRoute.Sorry(SORRY));
        ProxiedService without = new ProxiedService(KEY, withSorry.service(), Optional.empty(), Optional.empty());
        assertThat(router.route(without, from(5353), null, NOW))
                .isEqualTo(new UdpRoute.Drop(UdpDrop.NO_DESTINATION));
        assertThat(conns.size()).isZero();
    }

    @Test
    void onePacketEntriesAreNotKept() {
        ConnectionTable conns = new ConnectionTable(ConnectionOptions.DEFAULT);
        UdpRouter router = new UdpRouter(conns);
        ProxiedService s = service(new ServiceSettings("rr", SchedFlags.NONE, Optional.empty(), true,
                Optional.empty()), Optional.empty());
        destination(RS1, 1);
        destination(RS2, 1);

        UdpRoute first = router.route(s, from(5353), null, NOW);
        UdpRoute second = router.route(s, from(5353), null, NOW);

        assertThat(first).isInstanceOf(UdpRoute.OnePacket.class);
        Connection a = ((UdpRoute.OnePacket) first).entry();
        Connection b = ((UdpRoute.OnePacket) second).entry();
        assertThat(a.isExpired()).isTrue();
        assertThat(a.destAddress()).isNotEqualTo(b.destAddress());
        assertThat(conns.size()).isZero();
    }
}
