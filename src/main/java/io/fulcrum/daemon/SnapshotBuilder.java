package io.fulcrum.daemon;

import io.fulcrum.control.IpvsSnapshot;
import io.fulcrum.control.IpvsSnapshot.Counters;
import io.fulcrum.control.IpvsSnapshot.Endpoint;
import io.fulcrum.ipvs.DestinationSnapshot;
import io.fulcrum.ipvs.RateSnapshot;
import io.fulcrum.ipvs.ServiceSnapshot;
import io.fulcrum.ipvs.StatsSnapshot;
import io.fulcrum.ipvs.conn.ConnectionView;
import java.util.List;
import java.util.Optional;

/** The table's snapshot (and connection entries) as the listing records ipvsadm formats. */
final class SnapshotBuilder {

    private SnapshotBuilder() {
    }

    static IpvsSnapshot build(List<ServiceSnapshot> services, List<ConnectionView> connections,
                              TunnelSettings tunnels) {
        return new IpvsSnapshot(IpvsSnapshot.DEFAULT_CONN_TABLE_SIZE,
                services.stream().map(s -> service(s, tunnels)).toList(),
                connections.stream().map(SnapshotBuilder::connection).toList());
    }

    static IpvsSnapshot.Service service(ServiceSnapshot s, TunnelSettings tunnels) {
        IpvsSnapshot.ServiceKey key = TableMapping.key(s.key());
        var settings = s.settings();
        IpvsSnapshot.Persistence persistence = settings.persistence()
                .map(p -> new IpvsSnapshot.Persistence(p.timeoutSeconds(),
                        TableMapping.netmask(key.family(), p.netmaskPrefix()), settings.persistenceEngine().orElse("")))
                .orElseGet(() -> new IpvsSnapshot.Persistence(0, IpvsSnapshot.Persistence.none(key.family()).netmask(),
                        settings.persistenceEngine().orElse("")));
        List<IpvsSnapshot.Destination> dests = s.destinations().stream()
                .map(d -> destination(s, d, tunnels)).toList();
        return new IpvsSnapshot.Service(key, settings.scheduler(), TableMapping.flags(settings.flags()), persistence,
                settings.onePacket(), counters(s.stats()), rates(s.rate()), dests);
    }

    private static IpvsSnapshot.Destination destination(ServiceSnapshot s, DestinationSnapshot d,
                                                        TunnelSettings tunnels) {
        IpvsSnapshot.Forwarding fwd = TableMapping.forwarding(d.settings().forwarding());
        Optional<IpvsSnapshot.Tunnel> tunnel = fwd == IpvsSnapshot.Forwarding.TUNNEL
                ? Optional.of(tunnels.get(s.key(), d.address(), d.port())) : Optional.empty();
        var ds = d.settings();
        return new IpvsSnapshot.Destination(d.address(), d.port(), fwd, ds.weight(), ds.upperThreshold(),
                ds.lowerThreshold(), d.activeConns(), d.inactConns(), d.persistConns(), counters(d.stats()),
                rates(d.rate()), tunnel);
    }

    static Counters counters(StatsSnapshot s) {
        return new Counters(s.conns(), s.inPkts(), s.outPkts(), s.inBytes(), s.outBytes());
    }

    static Counters rates(RateSnapshot r) {
        return new Counters(r.cps(), r.inPps(), r.outPps(), r.inBps(), r.outBps());
    }

    static IpvsSnapshot.Connection connection(ConnectionView c) {
        return new IpvsSnapshot.Connection(c.protocol(), c.expireSeconds(), c.state(),
                new Endpoint(c.clientAddress(), c.clientPort()), new Endpoint(c.virtualAddress(), c.virtualPort()),
                new Endpoint(c.destAddress(), c.destPort()), "", "", c.template());
    }
}
