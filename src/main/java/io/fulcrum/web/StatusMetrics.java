package io.fulcrum.web;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Fulcrum's own metrics (prefix {@code fulcrum_}), made at each scrape from the state the web server holds.
 * Their names and labels are listed in the user guide ("Status page and metrics"); keep both in step.
 */
final class StatusMetrics implements MultiCollector {

    private final Supplier<StatusHub> hub;

    StatusMetrics(Supplier<StatusHub> hub) {
        this.hub = hub;
    }

    @Override
    public MetricSnapshots collect() {
        StatusHub h = hub.get();
        StatusView v = h.latest();
        MetricFamilies m = declare();
        for (VrrpView i : v.vrrp()) {
            for (String s : VrrpView.STATES) {
                m.add("fulcrum_vrrp_state", s.equals(i.state()) ? 1 : 0, "instance", i.name(), "state", s);
            }
            m.add("fulcrum_vrrp_transitions", h.transitions(i.name()), "instance", i.name());
            m.add("fulcrum_vrrp_priority", i.priority(), "instance", i.name());
            m.add("fulcrum_vrrp_effective_priority", i.effectivePriority(), "instance", i.name());
        }
        for (VirtualServerView vs : v.virtualServers()) {
            String[] l = {"virtual_server", vs.name()};
            m.add("fulcrum_virtual_server_quorum_up", vs.quorumUp() ? 1 : 0, l);
            m.add("fulcrum_virtual_server_sorry_server_active", vs.sorryActive() ? 1 : 0, l);
            traffic(m, "fulcrum_virtual_server_", vs.traffic(), l);
            for (RealServerView rs : vs.realServers()) {
                String[] r = {"virtual_server", vs.name(), "real_server", rs.name()};
                m.add("fulcrum_real_server_up", rs.up() ? 1 : 0, r);
                m.add("fulcrum_real_server_weight", rs.weight(), r);
                m.add("fulcrum_real_server_active_connections", rs.activeConnections(), r);
                m.add("fulcrum_real_server_inactive_connections", rs.inactiveConnections(), r);
                traffic(m, "fulcrum_real_server_", rs.traffic(), r);
                for (CheckView c : rs.checks()) {
                    String[] k = {"virtual_server", vs.name(), "real_server", rs.name(), "checker", c.checker()};
                    c.lastMillis().ifPresent(ms -> m.add("fulcrum_check_duration_seconds", ms / 1000.0, k));
                    m.add("fulcrum_check_probes", c.probes(), k);
                    m.add("fulcrum_check_failures", c.failures(), k);
                }
            }
        }
        DataplaneView d = v.dataplane();
        m.add("fulcrum_packet_engine_running", d.packetEngine() ? 1 : 0);
        m.add("fulcrum_packet_engine_received_frames", d.received());
        m.add("fulcrum_packet_engine_forwarded_frames", d.forwarded());
        for (Map.Entry<String, Long> e : d.drops().entrySet()) {
            m.add("fulcrum_packet_engine_drops", e.getValue(), "reason", e.getKey());
        }
        for (Map.Entry<String, Long> e : d.frameErrors().entrySet()) {
            m.add("fulcrum_packet_engine_frame_errors", e.getValue(), "kind", e.getKey());
        }
        for (Map.Entry<String, Long> e : d.proxyErrors().entrySet()) {
            m.add("fulcrum_proxy_errors", e.getValue(), "kind", e.getKey());
        }
        return new MetricSnapshots(m.build());
    }

    private static void traffic(MetricFamilies m, String prefix, TrafficView t, String[] labels) {
        m.add(prefix + "connections", t.connections(), labels);
        m.add(prefix + "packets", t.packetsIn(), with(labels, "direction", "in"));
        m.add(prefix + "packets", t.packetsOut(), with(labels, "direction", "out"));
        m.add(prefix + "bytes", t.bytesIn(), with(labels, "direction", "in"));
        m.add(prefix + "bytes", t.bytesOut(), with(labels, "direction", "out"));
    }

    private static String[] with(String[] labels, String name, String value) {
        String[] out = Arrays.copyOf(labels, labels.length + 2);
        out[labels.length] = name;
        out[labels.length + 1] = value;
        return out;
    }

    private static MetricFamilies declare() {
        MetricFamilies m = new MetricFamilies()
            .gauge("fulcrum_vrrp_state", "1 for the state the VRRP instance is in, 0 for the others")
            .counter("fulcrum_vrrp_transitions", "VRRP state changes of the instance seen since the daemon started")
            .gauge("fulcrum_vrrp_priority", "Configured priority of the VRRP instance")
            .gauge("fulcrum_vrrp_effective_priority", "Priority the VRRP instance advertises, after its trackers")
            .gauge("fulcrum_virtual_server_quorum_up", "1 when the virtual server has quorum")
            .gauge("fulcrum_virtual_server_sorry_server_active", "1 when the sorry server has taken over");
        for (String who : new String[] {"virtual_server", "real_server"}) {
            String what = who.replace('_', ' ');
            m.counter("fulcrum_" + who + "_connections", "Connections scheduled to the " + what)
                .counter("fulcrum_" + who + "_packets", "Packets of the " + what + " by direction (in: from clients)")
                .counter("fulcrum_" + who + "_bytes", "Bytes of the " + what + " by direction (in: from clients)");
        }
        return m
            .gauge("fulcrum_real_server_up", "1 when the real server is healthy (every checker passes)")
            .gauge("fulcrum_real_server_weight", "Weight of the real server in the table")
            .gauge("fulcrum_real_server_active_connections", "Active connections of the real server")
            .gauge("fulcrum_real_server_inactive_connections", "Inactive connections of the real server")
            .gauge("fulcrum_check_duration_seconds", "Duration of the checker's last probe")
            .counter("fulcrum_check_probes", "Probes the checker ran")
            .counter("fulcrum_check_failures", "Probes of the checker that failed")
            .gauge("fulcrum_packet_engine_running", "1 when the packet engine (DR/NAT/TUN) runs")
            .counter("fulcrum_packet_engine_received_frames", "Frames the packet engine received")
            .counter("fulcrum_packet_engine_forwarded_frames", "Frames the packet engine forwarded")
            .counter("fulcrum_packet_engine_drops", "Frames the packet engine dropped, by reason")
            .counter("fulcrum_packet_engine_frame_errors", "Malformed or unsupported frames, by kind")
            .counter("fulcrum_proxy_errors", "Failures of the user-space proxy, by kind");
    }
}
