package io.fulcrum.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServiceTableTest {

    /** A provider with just wlc and rr semantics-free stand-ins (the real ones live in ipvs.sched). */
    private static final SchedulerProvider PROVIDER = (name, flags, dests) -> switch (name) {
        case "wlc", "rr", "sh" -> Optional.of(new DestinationScheduler() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<Destination> pick(List<Destination> ds, ScheduleInput in) {
                return ds.stream().filter(Destination::schedulable).findFirst();
            }
        });
        default -> Optional.empty();
    };

    private static final ServiceKey WEB = new ServiceKey.Inet(Protocol.TCP, IpAddress.parse("192.168.10.100"), 80);
    private static final IpAddress RS1 = IpAddress.parse("10.0.0.11");
    private static final IpAddress RS2 = IpAddress.parse("10.0.0.12");

    private static ServiceTable table() {
        ServiceTable t = new ServiceTable(PROVIDER);
        assertThat(t.addService(WEB, ServiceSettings.of("wlc")).ok()).isTrue();
        return t;
    }

    private static IpvsError err(TableResult r) {
        return ((TableResult.Refused) r).error();
    }

    @Test
    void everyTypedError() {
        ServiceTable t = table();
        DestinationSettings route = DestinationSettings.of(ForwardingMethod.ROUTE, 1);
        assertThat(err(t.addService(WEB, ServiceSettings.of("rr")))).isEqualTo(IpvsError.SERVICE_EXISTS);
        ServiceKey other = new ServiceKey.Inet(Protocol.UDP, IpAddress.parse("192.168.10.100"), 53);
        assertThat(err(t.editService(other, ServiceSettings.of("rr")))).isEqualTo(IpvsError.NO_SUCH_SERVICE);
        assertThat(err(t.deleteService(other))).isEqualTo(IpvsError.NO_SUCH_SERVICE);
        assertThat(err(t.addService(other, ServiceSettings.of("nope")))).isEqualTo(IpvsError.INVALID_SCHEDULER);
        assertThat(err(t.editService(WEB, ServiceSettings.of("nope")))).isEqualTo(IpvsError.INVALID_SCHEDULER);
        assertThat(err(t.addDestination(other, RS1, 80, route))).isEqualTo(IpvsError.NO_SUCH_SERVICE);
        assertThat(t.addDestination(WEB, RS1, 80, route).ok()).isTrue();
        assertThat(err(t.addDestination(WEB, RS1, 80, route))).isEqualTo(IpvsError.DESTINATION_EXISTS);
        assertThat(err(t.editDestination(WEB, RS2, 80, route))).isEqualTo(IpvsError.NO_SUCH_DESTINATION);
        assertThat(err(t.deleteDestination(WEB, RS2, 80))).isEqualTo(IpvsError.NO_SUCH_DESTINATION);
        assertThat(err(t.addDestination(WEB, RS2, 80, DestinationSettings.of(ForwardingMethod.ROUTE, 65536))))
                .isEqualTo(IpvsError.INVALID_WEIGHT);
        assertThat(err(t.addDestination(WEB, RS2, 80, new DestinationSettings(ForwardingMethod.ROUTE, 1, 10, 20))))
                .isEqualTo(IpvsError.INVALID_THRESHOLDS);
        // as in the kernel, a lower threshold above an unset (0) upper one is refused too
        assertThat(err(t.addDestination(WEB, RS2, 80, new DestinationSettings(ForwardingMethod.ROUTE, 1, 0, 5))))
                .isEqualTo(IpvsError.INVALID_THRESHOLDS);
        assertThat(err(t.addDestination(WEB, IpAddress.parse("2001:db8::1"), 80, route)))
                .isEqualTo(IpvsError.FAMILY_MISMATCH);
        assertThat(t.addDestination(WEB, IpAddress.parse("2001:db8::1"), 80,
                DestinationSettings.of(ForwardingMethod.TUNNEL, 1)).ok()).isTrue();
        assertThat(t.addDestination(WEB, IpAddress.parse("2001:db8::2"), 8080,
                DestinationSettings.of(ForwardingMethod.FULLNAT, 1)).ok()).isTrue();
        assertThat(IpvsError.ZERO_PORT_NOT_PERSISTENT.message())
                .isEqualTo("Zero port specified for non-persistent service");
    }

    @Test
    void zeroPortOnlyWhenPersistent() {
        ServiceTable t = new ServiceTable(PROVIDER);
        ServiceKey any = new ServiceKey.Inet(Protocol.TCP, IpAddress.parse("192.168.10.100"), 0);
        assertThat(err(t.addService(any, ServiceSettings.of("wlc")))).isEqualTo(IpvsError.ZERO_PORT_NOT_PERSISTENT);
        ServiceSettings persistent = ServiceSettings.of("wlc").withPersistence(new Persistence(360, 24));
        assertThat(t.addService(any, persistent).ok()).isTrue();
        assertThat(err(t.editService(any, ServiceSettings.of("wlc")))).isEqualTo(IpvsError.ZERO_PORT_NOT_PERSISTENT);
        assertThat(err(t.addService(new ServiceKey.Inet(Protocol.TCP, IpAddress.parse("192.168.10.1"), 80),
                ServiceSettings.of("wlc").withPersistence(new Persistence(360, 64))))).isEqualTo(IpvsError.INVALID_NETMASK);
    }

    @Test
    void snapshotSortsAsIpvsadm() {
        ServiceTable t = new ServiceTable(PROVIDER);
        ServiceKey udp = new ServiceKey.Inet(Protocol.UDP, IpAddress.parse("192.168.10.101"), 53);
        ServiceKey tcp443 = new ServiceKey.Inet(Protocol.TCP, IpAddress.parse("192.168.10.100"), 443);
        ServiceKey tcp80 = new ServiceKey.Inet(Protocol.TCP, IpAddress.parse("192.168.10.100"), 80);
        ServiceKey tcpLow = new ServiceKey.Inet(Protocol.TCP, IpAddress.parse("10.1.1.1"), 8080);
        ServiceKey fw5 = new ServiceKey.Fwmark(5, Family.INET);
        ServiceKey fw2 = new ServiceKey.Fwmark(2, Family.INET);
        for (ServiceKey k : List.of(fw5, udp, tcp443, fw2, tcp80, tcpLow)) {
            assertThat(t.addService(k, ServiceSettings.of("rr")).ok()).isTrue();
        }
        for (String a : List.of("10.0.0.12", "10.0.0.9", "10.0.0.11")) {
            t.addDestination(tcp80, IpAddress.parse(a), 80, DestinationSettings.of(ForwardingMethod.ROUTE, 1));
        }
        t.addDestination(tcp80, IpAddress.parse("10.0.0.11"), 79, DestinationSettings.of(ForwardingMethod.MASQ, 2));
        TableSnapshot s = t.snapshot();
        assertThat(s.services()).extracting(ServiceSnapshot::key).containsExactly(tcpLow, tcp80, tcp443, udp, fw2, fw5);
        assertThat(s.services().get(1).destinations()).extracting(d -> d.address() + ":" + d.port())
                .containsExactly("10.0.0.9:80", "10.0.0.11:79", "10.0.0.11:80", "10.0.0.12:80");
        // the scheduling view keeps the kernel's order: newest first
        assertThat(t.service(tcp80).orElseThrow().view().destinations()).extracting(Destination::toString)
                .containsExactly("10.0.0.11:79", "10.0.0.11:80", "10.0.0.9:80", "10.0.0.12:80");
    }

    @Test
    void viewsArePublishedOnEveryChange() {
        ServiceTable t = table();
        VirtualService vs = t.service(WEB).orElseThrow();
        SchedulingView v0 = vs.view();
        assertThat(v0.pick(new ScheduleInput(RS1, 1, RS2, 80, Protocol.TCP))).isEmpty();
        t.addDestination(WEB, RS1, 80, DestinationSettings.of(ForwardingMethod.ROUTE, 1));
        SchedulingView v1 = vs.view();
        assertThat(v1).isNotSameAs(v0);
        assertThat(v0.destinations()).isEmpty();
        assertThat(v1.pick(new ScheduleInput(RS2, 1, RS1, 80, Protocol.TCP))).isPresent();
        Destination d = v1.destinations().getFirst();
        t.editDestination(WEB, RS1, 80, DestinationSettings.of(ForwardingMethod.ROUTE, 0));
        assertThat(vs.view().pick(new ScheduleInput(RS2, 1, RS1, 80, Protocol.TCP))).isEmpty();
        assertThat(d.lastWeight()).isEqualTo(1);
        t.deleteDestination(WEB, RS1, 80);
        assertThat(d.available()).isFalse();
        assertThat(t.editService(WEB, ServiceSettings.of("rr")).ok()).isTrue();
        assertThat(vs.view().scheduler().name()).isEqualTo("rr");
        assertThat(t.deleteService(WEB).ok()).isTrue();
        assertThat(t.service(WEB)).isEmpty();
    }

    @Test
    void countersAndOverloadFollowTheKernel() {
        ServiceTable t = table();
        t.addDestination(WEB, RS1, 80, new DestinationSettings(ForwardingMethod.ROUTE, 1, 4, 0));
        Destination d = t.service(WEB).orElseThrow().view().destinations().getFirst();
        d.bindConnection(false);
        d.bindConnection(false);
        d.connectionActivated();
        d.bindTemplate();
        assertThat(List.of(d.activeConns(), d.inactConns(), d.persistConns())).containsExactly(1, 1, 1);
        assertThat(d.overhead()).isEqualTo(257);
        d.bindConnection(false);
        assertThat(d.overloaded()).isFalse(); // 3 < 4 (templates do not count)
        d.bindConnection(true);
        assertThat(d.overloaded()).isTrue();  // 4 >= 4
        d.unbindConnection(true);
        assertThat(d.overloaded()).isTrue();  // 3*4 = 12 not < 4*3 = 12
        d.unbindConnection(false);
        assertThat(d.overloaded()).isFalse(); // 2*4 < 12
        // explicit lower threshold
        t.editDestination(WEB, RS1, 80, new DestinationSettings(ForwardingMethod.ROUTE, 1, 3, 1));
        d.bindConnection(false);
        assertThat(d.overloaded()).isTrue();
        d.unbindConnection(false);
        assertThat(d.overloaded()).isTrue();  // 2 not < 1
        // raising the upper threshold clears the flag (__ip_vs_update_dest)
        t.editDestination(WEB, RS1, 80, new DestinationSettings(ForwardingMethod.ROUTE, 1, 10, 1));
        assertThat(d.overloaded()).isFalse();
        var snap = t.snapshot().services().getFirst().destinations().getFirst();
        assertThat(List.of(snap.activeConns(), snap.inactConns(), snap.persistConns())).containsExactly(1, 1, 1);
    }

    @Test
    void statsZeroAndRatesByTick() {
        ServiceTable t = table();
        VirtualService vs = t.service(WEB).orElseThrow();
        AtomicLong now = new AtomicLong(1_000_000_000L);
        t.tick(now.get());
        long[] expCps = {1, 2, 3, 2};
        long[] expPps = {12, 22, 29, 22}; // (12800 + 0x1FF) >> 10 = 12
        long[] expBps = {125, 219, 289, 217};
        for (int i = 0; i < 4; i++) {
            if (i < 3) {
                for (int c = 0; c < 10; c++) {
                    vs.stats().connection();
                }
                for (int p = 0; p < 100; p++) {
                    vs.stats().inbound(10);
                }
            }
            now.addAndGet(RateEstimator.INTERVAL_NANOS);
            t.tick(now.get());
            RateSnapshot r = t.snapshot().services().getFirst().rate();
            assertThat(r.cps()).as("cps tick %d", i + 1).isEqualTo(expCps[i]);
            assertThat(r.inPps()).as("pps tick %d", i + 1).isEqualTo(expPps[i]);
            assertThat(r.inBps()).as("bps tick %d", i + 1).isEqualTo(expBps[i]);
        }
        assertThat(t.snapshot().services().getFirst().stats())
                .isEqualTo(new StatsSnapshot(30, 300, 0, 3000, 0));
        t.zero();
        assertThat(t.snapshot().services().getFirst().stats()).isEqualTo(StatsSnapshot.ZERO);
        assertThat(t.snapshot().services().getFirst().rate()).isEqualTo(RateSnapshot.ZERO);
        vs.stats().connection();
        assertThat(t.snapshot().services().getFirst().stats().conns()).isEqualTo(1);
        assertThat(err(t.zero(new ServiceKey.Fwmark(9, Family.INET)))).isEqualTo(IpvsError.NO_SUCH_SERVICE);
    }

    @Test
    void estimatorMatchesKernelFixedPoint() {
        RateEstimator e = new RateEstimator();
        e.estimate(new StatsSnapshot(10, 100, 0, 1000, 0));
        assertThat(e.read()).isEqualTo(new RateSnapshot(1, 12, 0, 125, 0));
        e.estimate(new StatsSnapshot(20, 200, 0, 2000, 0));
        assertThat(e.read()).isEqualTo(new RateSnapshot(2, 22, 0, 219, 0));
    }

    @Test
    void flagNamesAndKeys() {
        assertThat(SchedFlags.parse("sh-fallback,sh-port").orElseThrow().names("sh")).isEqualTo("sh-fallback,sh-port");
        assertThat(SchedFlags.parse("flag-2,flag-3").orElseThrow().names("mh")).isEqualTo("mh-port,flag-3");
        assertThat(SchedFlags.parse("flag-1").orElseThrow().names("wlc")).isEqualTo("flag-1");
        assertThat(SchedFlags.parse("bogus")).isEmpty();
        assertThat(ForwardingMethod.FULLNAT.ipvsadmName()).isEqualTo("FullNat");
        assertThat(WEB.toString()).isEqualTo("TCP 192.168.10.100:80");
        assertThat(new ServiceKey.Fwmark(5, Family.INET6).toString()).isEqualTo("FWM  5 IPv6");
    }
}
