package io.fulcrum.daemon;

import io.fulcrum.common.IpAddress;
import io.fulcrum.control.ControlClient;
import io.fulcrum.control.ControlRequest;
import io.fulcrum.control.ControlRequest.AddServer;
import io.fulcrum.control.ControlRequest.AddService;
import io.fulcrum.control.ControlRequest.Clear;
import io.fulcrum.control.ControlRequest.DeleteServer;
import io.fulcrum.control.ControlRequest.DeleteService;
import io.fulcrum.control.ControlRequest.EditServer;
import io.fulcrum.control.ControlRequest.EditService;
import io.fulcrum.control.ControlRequest.GetTable;
import io.fulcrum.control.ControlRequest.GetTimeouts;
import io.fulcrum.control.ControlRequest.GetVrrpStatus;
import io.fulcrum.control.DataplaneStatus;
import io.fulcrum.control.DumpKind;
import io.fulcrum.control.ControlRequest.Hello;
import io.fulcrum.control.ControlRequest.SetTimeouts;
import io.fulcrum.control.ControlRequest.Zero;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.control.Errno;
import io.fulcrum.control.IpvsSnapshot;
import io.fulcrum.control.ServerSpec;
import io.fulcrum.control.VrrpStatus;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.IpvsError;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSnapshot;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.TableResult;
import io.fulcrum.ipvs.conn.ConnectionView;
import io.fulcrum.ipvs.conn.Timeouts;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The running virtual server table with its connection table: applies control requests and the periodic work,
 * and after each change of the services or destinations runs {@code changed} (which keeps the data plane in
 * step). Not thread-safe: only the control loop's thread calls it, which makes it the one writer of the table.
 */
final class LiveTable {

    private final ServiceTable table;
    private final ConnectionPort connections;
    private final TunnelSettings tunnels = new TunnelSettings();
    private final ControlResponse.Welcome welcome;
    private final Runnable changed;
    private final Supplier<VrrpStatus> vrrp;
    private final Supplier<DataplaneStatus> dataplane;
    private final Function<DumpKind, ControlResponse> dumps;
    private Supplier<ControlResponse> reload = () -> ControlResponse.error(Errno.EINVAL,
            "this daemon cannot reload: it was not started from a configuration file");

    LiveTable(ServiceTable table, ConnectionPort connections, String daemonVersion, long pid) {
        this(table, connections, daemonVersion, pid, () -> { });
    }

    LiveTable(ServiceTable table, ConnectionPort connections, String daemonVersion, long pid, Runnable changed) {
        this(table, connections, daemonVersion, pid, changed, () -> new VrrpStatus(false, List.of()));
    }

    /** With {@code vrrp} answering {@code fulcrum status} (a snapshot, readable from the loop's thread). */
    LiveTable(ServiceTable table, ConnectionPort connections, String daemonVersion, long pid, Runnable changed,
              Supplier<VrrpStatus> vrrp) {
        this(table, connections, daemonVersion, pid, changed, vrrp, () -> DataplaneStatus.NOT_RUNNING);
    }

    /** With {@code dataplane} answering the packet engine's part of {@code fulcrum status}. */
    LiveTable(ServiceTable table, ConnectionPort connections, String daemonVersion, long pid, Runnable changed,
              Supplier<VrrpStatus> vrrp, Supplier<DataplaneStatus> dataplane) {
        this(table, connections, daemonVersion, pid, changed, vrrp, dataplane, kind -> ControlResponse.error(
                Errno.EOPNOTSUPP, "this daemon writes no dumps"));
    }

    /** With {@code dumps} answering {@code fulcrum dump} (called on the loop's thread). */
    LiveTable(ServiceTable table, ConnectionPort connections, String daemonVersion, long pid, Runnable changed,
              Supplier<VrrpStatus> vrrp, Supplier<DataplaneStatus> dataplane,
              Function<DumpKind, ControlResponse> dumps) {
        this.dumps = dumps;
        this.dataplane = dataplane;
        this.vrrp = vrrp;
        this.table = table;
        this.connections = connections;
        this.welcome = new ControlResponse.Welcome(ControlClient.PROTOCOL_VERSION, daemonVersion, pid);
        this.changed = changed;
    }

    /** What answers {@code fulcrum reload} (on the loop's thread): the daemon's reloader. */
    void onReload(Supplier<ControlResponse> reloader) {
        this.reload = reloader;
    }

    ServiceTable table() {
        return table;
    }

    /** Applies one request at {@code nowNanos} (monotonic; connection expiry is counted from it). */
    ControlResponse apply(ControlRequest request, long nowNanos) {
        ControlResponse r = answer(request, nowNanos);
        if (r instanceof ControlResponse.Ok && changesServices(request)) {
            changed.run();
        }
        return r;
    }

    private static boolean changesServices(ControlRequest request) {
        return switch (request) {
            case AddService a -> true;
            case EditService e -> true;
            case DeleteService d -> true;
            case Clear c -> true;
            case AddServer a -> true;
            case EditServer e -> true;
            case DeleteServer d -> true;
            case Hello h -> false;
            case Zero z -> false;
            case SetTimeouts s -> false;
            case GetTable g -> false;
            case GetTimeouts g -> false;
            case GetVrrpStatus g -> false;
            case ControlRequest.GetDataplaneStatus g -> false;
            case ControlRequest.Dump d -> false;
            case ControlRequest.Reload r -> false; // the reloader keeps the data plane in step itself
        };
    }

    private ControlResponse answer(ControlRequest request, long nowNanos) {
        try {
            return switch (request) {
                case Hello h -> hello(h);
                case AddService a -> result(table.addService(TableMapping.key(a.service().key()),
                        TableMapping.settings(a.service())));
                case EditService e -> result(table.editService(TableMapping.key(e.service().key()),
                        TableMapping.settings(e.service())));
                case DeleteService d -> deleteService(TableMapping.key(d.service()));
                case Clear c -> {
                    table.clear();
                    tunnels.clear();
                    yield ControlResponse.done();
                }
                case AddServer a -> changeServer(table::addDestination, a.service(), a.server());
                case EditServer e -> changeServer(table::editDestination, e.service(), e.server());
                case DeleteServer d -> deleteServer(d);
                case Zero z -> zero(z);
                case SetTimeouts s -> setTimeouts(s);
                case GetTable g -> new ControlResponse.Ok(new ControlResponse.Table(snapshot(g, nowNanos)));
                case GetTimeouts g -> {
                    Timeouts t = connections.timeouts();
                    yield new ControlResponse.Ok(new ControlResponse.Timeouts(t.tcp(), t.tcpFin(), t.udp()));
                }
                case GetVrrpStatus g -> new ControlResponse.Ok(new ControlResponse.Vrrp(vrrp.get()));
                case ControlRequest.GetDataplaneStatus g ->
                        new ControlResponse.Ok(new ControlResponse.Dataplane(dataplane.get()));
                case ControlRequest.Dump d -> dumps.apply(d.kind());
                case ControlRequest.Reload r -> reload.get();
            };
        } catch (Refusal r) {
            return ControlResponse.error(r.errno(), r.getMessage());
        }
    }

    /** The periodic work: the 2-second rate estimation and connection expiry, both due at {@code nowNanos}. */
    void tick(long nowNanos) {
        table.tick(nowNanos);
        connections.expire(nowNanos);
    }

    private ControlResponse hello(Hello h) {
        if (h.protocolVersion() != welcome.protocolVersion()) {
            return ControlResponse.error(Errno.EPROTO, "this daemon speaks control protocol version "
                    + welcome.protocolVersion() + ", the client (" + h.client() + ") speaks version "
                    + h.protocolVersion() + ": use the same Fulcrum version for both");
        }
        return new ControlResponse.Ok(welcome);
    }

    private ControlResponse deleteService(ServiceKey key) {
        TableResult r = table.deleteService(key);
        if (r.ok()) {
            tunnels.removeService(key);
        }
        return result(r);
    }

    /** The table's -a or -e. */
    private interface ServerChange {
        TableResult apply(ServiceKey key, IpAddress address, int port, DestinationSettings settings);
    }

    private ControlResponse changeServer(ServerChange change, IpvsSnapshot.ServiceKey service, ServerSpec s)
            throws Refusal {
        ServiceKey key = TableMapping.key(service);
        TableResult r = change.apply(key, s.address(), s.port(), TableMapping.settings(s));
        rememberTunnel(r, key, s);
        return result(r);
    }

    private void rememberTunnel(TableResult r, ServiceKey key, ServerSpec s) {
        if (!r.ok()) {
            return;
        }
        if (s.forwarding() == IpvsSnapshot.Forwarding.TUNNEL) {
            tunnels.set(key, s.address(), s.port(), s.tunnel().orElse(IpvsSnapshot.Tunnel.IPIP));
        } else {
            tunnels.remove(key, s.address(), s.port());
        }
    }

    private ControlResponse deleteServer(DeleteServer d) {
        ServiceKey key = TableMapping.key(d.service());
        TableResult r = table.deleteDestination(key, d.address(), d.port());
        if (r.ok()) {
            tunnels.remove(key, d.address(), d.port());
        }
        return result(r);
    }

    private ControlResponse zero(Zero z) {
        if (z.service().isEmpty()) {
            table.zero();
            return ControlResponse.done();
        }
        return result(table.zero(TableMapping.key(z.service().get())));
    }

    private ControlResponse setTimeouts(SetTimeouts s) throws Refusal {
        for (int t : new int[] {s.tcp(), s.tcpFin(), s.udp()}) {
            if (t > Timeouts.MAX_SECONDS) {
                throw new Refusal(Errno.EINVAL, "timeout " + t + " is over " + Timeouts.MAX_SECONDS + " seconds");
            }
        }
        connections.setTimeouts(new Timeouts(s.tcp(), s.tcpFin(), s.udp()));
        return ControlResponse.done();
    }

    private IpvsSnapshot snapshot(GetTable g, long nowNanos) throws Refusal {
        List<ServiceSnapshot> services = table.snapshot().services();
        if (g.service().isPresent()) {
            ServiceKey key = TableMapping.key(g.service().get());
            services = services.stream().filter(s -> s.key().equals(key)).toList();
            if (services.isEmpty()) {
                throw new Refusal(Errno.ESRCH, IpvsError.NO_SUCH_SERVICE.message() + ": " + key);
            }
        }
        List<ConnectionView> conns = g.connections() ? connections.list(nowNanos) : List.of();
        return SnapshotBuilder.build(services, conns, tunnels);
    }

    private static ControlResponse result(TableResult r) {
        return switch (r) {
            case TableResult.Ok ok -> ControlResponse.done();
            case TableResult.Refused refused -> ControlResponse.error(Errno.valueOf(refused.error().errno()),
                    refused.error().message());
        };
    }
}
