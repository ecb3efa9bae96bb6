package io.fulcrum.daemon;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.Forwarding;
import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.SorryServer;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.config.model.VirtualServerGroup;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.IpvsError;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSettings;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.TableResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts one virtual server into the table in keepalived's order (ipwrapper.c {@code init_service_vs}): its
 * services, then each real server into every one of them, then the quorum decision and the sorry server.
 *
 * <p>A refused operation is logged as keepalived logs a failed IPVS command ({@code IPVS cmd NAME(NUMBER) error:
 * MESSAGE (SERVICE[ -> SERVER])}, with the table's message in place of the kernel's), followed by where it comes
 * from in the configuration, and loading goes on. One refusal is not an error: a service that already exists
 * (the same address, port and protocol, or the same mark and family, as an earlier virtual server or group
 * entry) is shared, as the kernel's EEXIST is ignored by keepalived: this virtual server's settings are left
 * aside, its real servers join the existing service.
 */
final class VirtualServerLoad {

    private static final String ADD = "IP_VS_SO_SET_ADD(1154)";
    private static final String ADD_DEST = "IP_VS_SO_SET_ADDDEST(1159)";

    private final ServiceTable table;
    private final List<String> log;
    private final String where;
    private int refused;

    /**
     * @param position 1-based place of the virtual_server block among all of them, which names it in refusals
     */
    VirtualServerLoad(ServiceTable table, List<String> log, int position) {
        this.table = table;
        this.log = log;
        this.where = "virtual_server #" + position;
    }

    /** How many table operations were refused so far. */
    int refused() {
        return refused;
    }

    /**
     * Loads {@code vs}; returns the services it put its real servers in (where health checking later adds and
     * removes them), empty when it has none.
     */
    List<ServiceTarget> load(VirtualServer vs, int groupMember, List<VirtualServerGroup> groups) {
        String name = VirtualServerNames.virtualServer(vs, groupMember);
        VirtualServerStartup start = VirtualServerStartup.of(vs, name);
        log.addAll(start.notes());
        List<ServiceTarget> targets = services(vs, name, VirtualServerTargets.of(vs, groups, name, log));
        if (targets.isEmpty()) {
            log.add("VS " + name + " (" + where + ") has no service in the table - its real servers are left out");
            return targets;
        }
        for (VirtualServerStartup.Member m : start.members()) {
            realServer(vs, name, m, targets);
        }
        log.addAll(start.quorum());
        vs.sorryServer().ifPresent(s -> sorryServer(vs, name, s, start.sorry(), targets));
        return targets;
    }

    private List<ServiceTarget> services(VirtualServer vs, String name, List<VirtualServerTargets.Entry> entries) {
        Map<Boolean, ServiceSettings> byFamily = new HashMap<>();
        List<ServiceTarget> targets = new ArrayList<>();
        for (VirtualServerTargets.Entry e : entries) {
            int added = 0;
            for (ServiceKey key : e.keys()) {
                ServiceSettings s = byFamily.computeIfAbsent(key.isV6(),
                        v6 -> VirtualServerMapping.service(vs, v6, name, log));
                switch (table.addService(key, s)) {
                    case TableResult.Ok ok -> {
                        targets.add(new ServiceTarget(key, e.port()));
                        added++;
                    }
                    case TableResult.Refused r when r.error() == IpvsError.SERVICE_EXISTS -> {
                        log.add(error(ADD, r, VirtualServerNames.serviceRule(key)) + " - " + where + " VS " + name
                                + " shares it: its own settings are ignored, its real servers join it");
                        targets.add(new ServiceTarget(key, e.port()));
                    }
                    case TableResult.Refused r -> refuse(error(ADD, r, VirtualServerNames.serviceRule(key)) + " - "
                            + where + " VS " + name + ": service left out");
                }
            }
            if (added > 0) {
                boolean v6 = e.keys().getFirst().isV6();
                log.add(e.added() + " (" + VirtualServerNames.settings(byFamily.get(v6), v6) + ")");
            }
        }
        return targets;
    }

    private void realServer(VirtualServer vs, String name, VirtualServerStartup.Member m, List<ServiceTarget> targets) {
        if (m.role() == VirtualServerStartup.Role.OUT) {
            return;
        }
        RealServer rs = m.server();
        String rsName = VirtualServerNames.trio(rs.address(), vs.protocol(), rs.port());
        boolean inhibited = m.role() == VirtualServerStartup.Role.INHIBITED;
        DestinationSettings ds = VirtualServerMapping.destination(rs.forwarding(), inhibited ? 0 : rs.weight(),
                rs.uthreshold(), rs.lthreshold(), "Real server " + rsName + " of VS " + name, log);
        String origin = "real_server #" + m.position() + " of " + where;
        if (destinations(targets, rs.address(), rs.port(), rs.forwarding(), ds, origin) > 0) {
            log.add("Adding service " + rsName + " to VS " + name + (inhibited ? " with weight 0 (inhibit_on_failure)"
                    : ""));
        }
    }

    private void sorryServer(VirtualServer vs, String name, SorryServer s, VirtualServerStartup.SorryRole role,
            List<ServiceTarget> targets) {
        String sName = VirtualServerNames.trio(s.address(), vs.protocol(), s.port());
        switch (role) {
            case NONE -> {
            }
            case STANDBY -> log.add("VS " + name + ": sorry server " + sName + " is configured; it is put in the"
                    + " table only when the virtual server loses quorum");
            case INHIBITED -> addSorry(s, 0, targets, "Adding sorry server " + sName + " to VS " + name
                    + " with weight 0 (sorry_server_inhibit)");
            case ACTIVE -> {
                addSorry(s, 1, targets, (s.inhibit() ? "Enabling" : "Adding") + " sorry server " + sName + " to VS "
                        + name);
                log.add("Removing alive servers from the pool for VS " + name);
            }
        }
    }

    private void addSorry(SorryServer s, int weight, List<ServiceTarget> targets, String added) {
        DestinationSettings ds = VirtualServerMapping.destination(s.forwarding(), weight, 0, 0, "Sorry server of "
                + where, log);
        if (destinations(targets, s.address(), s.port(), s.forwarding(), ds, "sorry_server of " + where) > 0) {
            log.add(added);
        }
    }

    /** Adds one server to every target; returns to how many it was added. */
    private int destinations(List<ServiceTarget> targets, IpAddress address, int configuredPort, Forwarding f,
            DestinationSettings ds, String origin) {
        int added = 0;
        for (ServiceTarget t : targets) {
            int port = VirtualServerMapping.destinationPort(f, configuredPort, t.port());
            switch (table.addDestination(t.key(), address, port, ds)) {
                case TableResult.Ok ok -> added++;
                case TableResult.Refused r -> refuse(error(ADD_DEST, r,
                        VirtualServerNames.destinationRule(t.key(), address, port)) + " - " + origin
                        + ": left out of " + VirtualServerNames.service(t.key()));
            }
        }
        return added;
    }

    private void refuse(String line) {
        log.add(line);
        refused++;
    }

    private static String error(String command, TableResult.Refused r, String rule) {
        return "IPVS cmd " + command + " error: " + r.error().message() + " (" + rule + ")";
    }
}
