package io.fulcrum.control;

import io.fulcrum.common.IpAddress;
import io.fulcrum.control.IpvsSnapshot.AddressKey;
import io.fulcrum.control.IpvsSnapshot.Connection;
import io.fulcrum.control.IpvsSnapshot.Counters;
import io.fulcrum.control.IpvsSnapshot.Destination;
import io.fulcrum.control.IpvsSnapshot.Endpoint;
import io.fulcrum.control.IpvsSnapshot.Family;
import io.fulcrum.control.IpvsSnapshot.Forwarding;
import io.fulcrum.control.IpvsSnapshot.FwmarkKey;
import io.fulcrum.control.IpvsSnapshot.Persistence;
import io.fulcrum.control.IpvsSnapshot.Protocol;
import io.fulcrum.control.IpvsSnapshot.SchedFlags;
import io.fulcrum.control.IpvsSnapshot.Service;
import io.fulcrum.control.IpvsSnapshot.Tunnel;
import io.fulcrum.control.IpvsSnapshot.TunnelChecksum;
import io.fulcrum.control.IpvsSnapshot.TunnelType;
import java.util.List;
import java.util.Optional;

/** One value of every control request and response, with every variant of the nested sealed types. */
final class ControlSamples {

    static final AddressKey TCP = new AddressKey(Protocol.TCP, IpAddress.parse("192.168.10.100"), 80);
    static final AddressKey UDP6 = new AddressKey(Protocol.UDP, IpAddress.parse("2001:db8::1"), 53);
    static final FwmarkKey MARK = new FwmarkKey(0xFFFF_FFFFL, Family.INET6);

    static final ServiceSpec SERVICE = new ServiceSpec(TCP, "sh", new SchedFlags(3),
            new Persistence(360, 0xFFFF_FF00L, "sip"), true);
    static final ServerSpec SERVER = new ServerSpec(IpAddress.parse("10.0.0.11"), 8080, Forwarding.TUNNEL, 65535,
            1000, 750, Optional.of(new Tunnel(TunnelType.GUE, 6080, TunnelChecksum.REMCSUM)));
    static final ServerSpec PLAIN_SERVER = new ServerSpec(IpAddress.parse("2001:db8::a0"), 80, Forwarding.FULLNAT,
            0, 0, 0, Optional.empty());

    static List<ControlRequest> requests() {
        return List.of(
                new ControlRequest.Hello(ControlClient.PROTOCOL_VERSION, "test \"client\" ✓"),
                new ControlRequest.AddService(SERVICE),
                new ControlRequest.EditService(new ServiceSpec(MARK, "wlc", SchedFlags.NONE,
                        Persistence.none(Family.INET6), false)),
                new ControlRequest.DeleteService(UDP6),
                new ControlRequest.Clear(),
                new ControlRequest.AddServer(TCP, SERVER),
                new ControlRequest.EditServer(UDP6, PLAIN_SERVER),
                new ControlRequest.DeleteServer(MARK, IpAddress.parse("10.0.0.31"), 0),
                new ControlRequest.Zero(Optional.empty()),
                new ControlRequest.Zero(Optional.of(TCP)),
                new ControlRequest.SetTimeouts(900, 0, 2_678_400),
                new ControlRequest.GetTable(Optional.empty(), true),
                new ControlRequest.GetTable(Optional.of(MARK), false),
                new ControlRequest.GetTimeouts(),
                new ControlRequest.GetVrrpStatus(),
                new ControlRequest.GetDataplaneStatus(),
                new ControlRequest.Dump(DumpKind.DATA),
                new ControlRequest.Dump(DumpKind.JSON),
                new ControlRequest.Reload());
    }

    static VrrpStatus vrrpStatus() {
        return new VrrpStatus(true, List.of(new VrrpStatus.Instance("VI_1", 51, "eth0", "MASTER", 100, 90, 1000,
                Optional.of("10.0.0.1"), 90, List.of("10.0.0.100/24"), List.of(new VrrpStatus.Transition(
                        "2026-11-21T10:00:00Z", "BACKUP", "MASTER", "advertisement timeout"))),
                new VrrpStatus.Instance("VI_2", 52, "eth1", "BACKUP", 100, 100, 1000, Optional.empty(), 0,
                        List.of(), List.of())));
    }

    static IpvsSnapshot snapshot() {
        Counters big = new Counters(-1L, Long.MAX_VALUE, 0, 123_456_789_012L, 1);
        Destination d1 = new Destination(IpAddress.parse("10.0.0.11"), 80, Forwarding.TUNNEL, 3, 10, 5, 7, 8, 9,
                big, Counters.ZERO, Optional.of(Tunnel.IPIP));
        Destination d2 = new Destination(IpAddress.parse("10.0.0.12"), 80, Forwarding.LOCAL, 0, 0, 0, 0, 0, 0,
                Counters.ZERO, big, Optional.empty());
        Service s1 = new Service(TCP, "wlc", SchedFlags.NONE, Persistence.none(Family.INET), false, big,
                Counters.ZERO, List.of(d1, d2));
        Service s2 = new Service(MARK, "mh", new SchedFlags(1), new Persistence(60, 64, ""), false, Counters.ZERO,
                Counters.ZERO, List.of());
        Connection c = new Connection("TCP", 871, "ESTABLISHED", new Endpoint(IpAddress.parse("203.0.113.7"), 51544),
                new Endpoint(IpAddress.parse("192.168.10.100"), 80), new Endpoint(IpAddress.parse("10.0.0.11"), 80),
                "sip", "abc", true);
        return new IpvsSnapshot(4096, List.of(s1, s2), List.of(c));
    }

    static List<ControlResponse> responses() {
        return List.of(
                ControlResponse.done(),
                new ControlResponse.Ok(new ControlResponse.Welcome(1, "0.1.0", 4242)),
                new ControlResponse.Ok(new ControlResponse.Table(snapshot())),
                new ControlResponse.Ok(new ControlResponse.Table(new IpvsSnapshot(4096, List.of(), List.of()))),
                new ControlResponse.Ok(new ControlResponse.Timeouts(900, 120, 300)),
                new ControlResponse.Ok(new ControlResponse.Vrrp(vrrpStatus())),
                new ControlResponse.Ok(new ControlResponse.Vrrp(new VrrpStatus(false, List.of()))),
                new ControlResponse.Ok(new ControlResponse.Dataplane(new DataplaneStatus(true, List.of("eth0"), 2,
                        List.of("TCP 10.0.0.100:80"), 3045, 42, java.util.Map.of("NO_CONNECTION", 3001L),
                        java.util.Map.of("FRAGMENT", 1L)))),
                new ControlResponse.Ok(new ControlResponse.Dataplane(DataplaneStatus.NOT_RUNNING)),
                ControlResponse.error(Errno.EEXIST, "Service already exists"),
                ControlResponse.error(Errno.EPROTO, "malformed request: line\nbreak"),
                new ControlResponse.Ok(new ControlResponse.Dumped(DumpKind.STATS, "/tmp/keepalived.stats",
                        "VRRP Instance: VI_1\n  Advertisements:\n")),
                new ControlResponse.Ok(new ControlResponse.Reloaded(true, List.of("VS [10.0.0.1]:tcp:80 added"),
                        List.of(), 12)),
                new ControlResponse.Ok(new ControlResponse.Reloaded(false, List.of(),
                        List.of("/etc/k.conf:3:5: error: unknown keyword 'foo'"), 3)));
    }

    private ControlSamples() {
    }
}
