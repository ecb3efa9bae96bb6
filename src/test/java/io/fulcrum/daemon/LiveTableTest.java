package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.control.ControlClient;
import io.fulcrum.control.ControlRequest;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.control.Errno;
import io.fulcrum.control.IpvsSnapshot;
import io.fulcrum.control.IpvsSnapshot.AddressKey;
import io.fulcrum.control.IpvsSnapshot.Family;
import io.fulcrum.control.IpvsSnapshot.Forwarding;
import io.fulcrum.control.IpvsSnapshot.FwmarkKey;
import io.fulcrum.control.IpvsSnapshot.Persistence;
import io.fulcrum.control.IpvsSnapshot.Protocol;
import io.fulcrum.control.IpvsSnapshot.SchedFlags;
import io.fulcrum.control.IpvsSnapshot.Tunnel;
import io.fulcrum.control.IpvsSnapshot.TunnelChecksum;
import io.fulcrum.control.IpvsSnapshot.TunnelType;
import io.fulcrum.control.ServerSpec;
import io.fulcrum.control.ServiceSpec;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.conn.ConnectionView;
import io.fulcrum.ipvs.conn.Timeouts;
import io.fulcrum.ipvs.sched.SchedulerFactory;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LiveTableTest {

    static final AddressKey WEB = new AddressKey(Protocol.TCP, IpAddress.parse("192.168.10.100"), 80);
    static final FwmarkKey MARK = new FwmarkKey(5, Family.INET);

    private final FakeConnections conns = new FakeConnections();
    private final LiveTable live = new LiveTable(new ServiceTable(new SchedulerFactory(() -> 0L,
            () -> new SplittableRandom(1))), conns, "1.2.3", 77);

    static ServiceSpec service(IpvsSnapshot.ServiceKey key, String sched) {
        return new ServiceSpec(key, sched, SchedFlags.NONE, Persistence.none(key.family()), false);
    }

    static ServerSpec server(String address, int port, Forwarding fwd, int weight) {
        return new ServerSpec(IpAddress.parse(address), port, fwd, weight, 0, 0,
                fwd == Forwarding.TUNNEL ? Optional.of(Tunnel.IPIP) : Optional.empty());
    }

    private ControlResponse apply(ControlRequest r) {
        return live.apply(r, 1_000L);
    }

    private IpvsSnapshot table() {
        ControlResponse r = apply(new ControlRequest.GetTable(Optional.empty(), false));
        return ((ControlResponse.Table) ((ControlResponse.Ok) r).payload()).snapshot();
    }

    private static ControlResponse error(Errno errno, String message) {
        return ControlResponse.error(errno, message);
    }

    @Test
    void helloIsWelcomedOnlyInTheSameProtocolVersion() {
        assertThat(apply(new ControlRequest.Hello(ControlClient.PROTOCOL_VERSION, "t")))
                .isEqualTo(new ControlResponse.Ok(new ControlResponse.Welcome(ControlClient.PROTOCOL_VERSION,
                        "1.2.3", 77)));
        ControlResponse other = apply(new ControlRequest.Hello(99, "old ipvsadm"));
        assertThat(other).isInstanceOfSatisfying(ControlResponse.Error.class, e -> {
            assertThat(e.errno()).isEqualTo(Errno.EPROTO);
            assertThat(e.message()).contains("version 1").contains("old ipvsadm").contains("version 99");
        });
    }

    @Test
    void servicesAndServersAreAddedEditedListedAndDeleted() {
        assertThat(apply(new ControlRequest.AddService(service(WEB, "rr")))).isEqualTo(ControlResponse.done());
        assertThat(apply(new ControlRequest.AddServer(WEB, server("10.0.0.12", 80, Forwarding.MASQ, 2))))
                .isEqualTo(ControlResponse.done());
        assertThat(apply(new ControlRequest.AddServer(WEB, server("10.0.0.11", 80, Forwarding.ROUTE, 1))))
                .isEqualTo(ControlResponse.done());
        assertThat(apply(new ControlRequest.EditServer(WEB, server("10.0.0.11", 80, Forwarding.FULLNAT, 7))))
                .isEqualTo(ControlResponse.done());
        assertThat(apply(new ControlRequest.EditService(new ServiceSpec(WEB, "sh", new SchedFlags(3),
                new Persistence(300, 0xFFFF_FF00L, "sip"), false)))).isEqualTo(ControlResponse.done());

        IpvsSnapshot.Service s = table().services().getFirst();
        assertThat(s.key()).isEqualTo(WEB);
        assertThat(s.scheduler()).isEqualTo("sh");
        assertThat(s.schedFlags()).isEqualTo(new SchedFlags(3));
        assertThat(s.persistence()).isEqualTo(new Persistence(300, 0xFFFF_FF00L, "sip"));
        assertThat(s.destinations()).extracting(d -> d.address().toString(), IpvsSnapshot.Destination::forwarding,
                IpvsSnapshot.Destination::weight).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("10.0.0.11", Forwarding.FULLNAT, 7),
                        org.assertj.core.groups.Tuple.tuple("10.0.0.12", Forwarding.MASQ, 2));

        assertThat(apply(new ControlRequest.DeleteServer(WEB, IpAddress.parse("10.0.0.12"), 80)))
                .isEqualTo(ControlResponse.done());
        assertThat(table().services().getFirst().destinations()).hasSize(1);
        assertThat(apply(new ControlRequest.DeleteService(WEB))).isEqualTo(ControlResponse.done());
        assertThat(table().services()).isEmpty();
    }

    @Test
    void refusalsCarryTheKernelsErrno() {
        apply(new ControlRequest.AddService(service(WEB, "rr")));
        assertThat(apply(new ControlRequest.AddService(service(WEB, "rr"))))
                .isEqualTo(error(Errno.EEXIST, "Service already exists"));
        assertThat(apply(new ControlRequest.EditService(service(MARK, "rr"))))
                .isEqualTo(error(Errno.ESRCH, "No such service"));
        assertThat(apply(new ControlRequest.DeleteService(MARK))).isEqualTo(error(Errno.ESRCH, "No such service"));
        assertThat(apply(new ControlRequest.AddService(service(MARK, "nosuch"))))
                .isEqualTo(error(Errno.ENOENT, "Scheduler not found"));
        assertThat(apply(new ControlRequest.AddServer(MARK, server("10.0.0.1", 0, Forwarding.ROUTE, 1))))
                .isEqualTo(error(Errno.ESRCH, "No such service"));
        apply(new ControlRequest.AddServer(WEB, server("10.0.0.1", 80, Forwarding.ROUTE, 1)));
        assertThat(apply(new ControlRequest.AddServer(WEB, server("10.0.0.1", 80, Forwarding.ROUTE, 1))))
                .isEqualTo(error(Errno.EEXIST, "Destination already exists"));
        assertThat(apply(new ControlRequest.EditServer(WEB, server("10.0.0.9", 80, Forwarding.ROUTE, 1))))
                .isEqualTo(error(Errno.ENOENT, "No such destination"));
        assertThat(apply(new ControlRequest.DeleteServer(WEB, IpAddress.parse("10.0.0.9"), 80)))
                .isEqualTo(error(Errno.ENOENT, "No such destination"));
        assertThat(apply(new ControlRequest.AddServer(WEB, server("10.0.0.2", 80, Forwarding.ROUTE, 65536))))
                .isEqualTo(error(Errno.ERANGE, "Weight out of range 0..65535"));
        assertThat(apply(new ControlRequest.AddServer(WEB, new ServerSpec(IpAddress.parse("10.0.0.2"), 80,
                Forwarding.ROUTE, 1, 10, 20, Optional.empty()))))
                .isEqualTo(error(Errno.ERANGE, "Upper threshold is lower than lower threshold"));
        assertThat(apply(new ControlRequest.AddServer(WEB, server("2001:db8::1", 80, Forwarding.MASQ, 1))))
                .extracting(r -> ((ControlResponse.Error) r).errno()).isEqualTo(Errno.EINVAL);
        assertThat(apply(new ControlRequest.Zero(Optional.of(MARK)))).isEqualTo(error(Errno.ESRCH,
                "No such service"));
    }

    @Test
    void valuesTheTableCannotHoldAreRefusedAsTheKernelWould() {
        ControlResponse holes = apply(new ControlRequest.AddService(new ServiceSpec(WEB, "rr", SchedFlags.NONE,
                new Persistence(60, 0xFF00_FF00L, ""), false)));
        assertThat(holes).isInstanceOfSatisfying(ControlResponse.Error.class, e -> {
            assertThat(e.errno()).isEqualTo(Errno.EINVAL);
            assertThat(e.message()).contains("255.0.255.0").contains("not a contiguous");
        });
        ControlResponse pe = apply(new ControlRequest.AddService(new ServiceSpec(WEB, "rr", SchedFlags.NONE,
                new Persistence(60, 0xFFFF_FFFFL, "nope"), false)));
        assertThat(pe).isEqualTo(error(Errno.ENOENT, "persistence engine 'nope' not found (known: sip)"));
        assertThat(apply(new ControlRequest.SetTimeouts(Timeouts.MAX_SECONDS + 1, 0, 0)))
                .extracting(r -> ((ControlResponse.Error) r).errno()).isEqualTo(Errno.EINVAL);
        assertThat(table().services()).isEmpty();
    }

    @Test
    void tunnelSettingsAreKeptForListingsAndForgottenWithTheirServer() {
        apply(new ControlRequest.AddService(service(MARK, "wrr")));
        Tunnel gue = new Tunnel(TunnelType.GUE, 6080, TunnelChecksum.REMCSUM);
        apply(new ControlRequest.AddServer(MARK, new ServerSpec(IpAddress.parse("10.0.0.31"), 0, Forwarding.TUNNEL,
                1, 0, 0, Optional.of(gue))));
        assertThat(table().services().getFirst().destinations().getFirst().tunnel()).contains(gue);

        apply(new ControlRequest.EditServer(MARK, server("10.0.0.31", 0, Forwarding.MASQ, 1)));
        assertThat(table().services().getFirst().destinations().getFirst().tunnel()).isEmpty();
        apply(new ControlRequest.EditServer(MARK, server("10.0.0.31", 0, Forwarding.TUNNEL, 1)));
        assertThat(table().services().getFirst().destinations().getFirst().tunnel()).contains(Tunnel.IPIP);
    }

    @Test
    void listingOneServiceOrAMissingOne() {
        apply(new ControlRequest.AddService(service(WEB, "rr")));
        apply(new ControlRequest.AddService(service(MARK, "rr")));
        ControlResponse one = apply(new ControlRequest.GetTable(Optional.of(MARK), false));
        assertThat(((ControlResponse.Table) ((ControlResponse.Ok) one).payload()).snapshot().services())
                .extracting(IpvsSnapshot.Service::key).containsExactly(MARK);
        ControlResponse missing = apply(new ControlRequest.GetTable(Optional.of(new FwmarkKey(6, Family.INET)),
                false));
        assertThat(missing).isEqualTo(error(Errno.ESRCH, "No such service: FWM  6"));
        apply(new ControlRequest.Clear());
        assertThat(table().services()).isEmpty();
    }

    @Test
    void connectionsAreListedOnlyWhenAskedCountedFromNow() {
        conns.entries.add(new ConnectionView("TCP", 871, "ESTABLISHED", IpAddress.parse("203.0.113.7"), 51544,
                IpAddress.parse("192.168.10.100"), 80, IpAddress.parse("10.0.0.11"), 80, false));
        assertThat(table().connections()).isEmpty();
        assertThat(conns.listedAt).isEmpty();
        ControlResponse r = live.apply(new ControlRequest.GetTable(Optional.empty(), true), 5_000L);
        IpvsSnapshot s = ((ControlResponse.Table) ((ControlResponse.Ok) r).payload()).snapshot();
        assertThat(s.connections()).containsExactly(new IpvsSnapshot.Connection("TCP", 871, "ESTABLISHED",
                new IpvsSnapshot.Endpoint(IpAddress.parse("203.0.113.7"), 51544),
                new IpvsSnapshot.Endpoint(IpAddress.parse("192.168.10.100"), 80),
                new IpvsSnapshot.Endpoint(IpAddress.parse("10.0.0.11"), 80), "", "", false));
        assertThat(conns.listedAt).containsExactly(5_000L);
    }

    @Test
    void timeoutsAreSetZeroKeepingTheCurrentValue() {
        assertThat(apply(new ControlRequest.SetTimeouts(0, 60, 0))).isEqualTo(ControlResponse.done());
        assertThat(apply(new ControlRequest.GetTimeouts()))
                .isEqualTo(new ControlResponse.Ok(new ControlResponse.Timeouts(900, 60, 300)));
    }

    @Test
    void zeroingAllOrOneService() {
        apply(new ControlRequest.AddService(service(WEB, "rr")));
        assertThat(apply(new ControlRequest.Zero(Optional.empty()))).isEqualTo(ControlResponse.done());
        assertThat(apply(new ControlRequest.Zero(Optional.of(WEB)))).isEqualTo(ControlResponse.done());
    }

    @Test
    void theTickRunsRateEstimationAndExpiry() {
        live.tick(10L);
        live.tick(20L);
        assertThat(conns.expiredAt).containsExactly(10L, 20L);
    }

    @Test
    void ipv6AndFwmarkKeysMapBothWays() {
        for (IpvsSnapshot.ServiceKey k : List.of(WEB, MARK, new FwmarkKey(0xFFFF_FFFFL, Family.INET6),
                new AddressKey(Protocol.SCTP, IpAddress.parse("2001:db8::1"), 0))) {
            assertThat(TableMapping.key(TableMapping.key(k))).isEqualTo(k);
        }
    }
}
