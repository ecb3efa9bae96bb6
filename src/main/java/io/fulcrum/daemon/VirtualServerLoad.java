package io.fulcrum.daemon;

import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.config.model.VirtualServerGroup;
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
 * Puts the services of one virtual server into the table, as keepalived's ipwrapper.c {@code init_service_vs}
 * starts; its real servers and sorry server follow from the health state's start ({@link TableLoader}).
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
     * Adds the services of {@code vs}; returns them (where its real servers and sorry server go, which health
     * checking decides), empty when it has none.
     */
    List<ServiceTarget> load(VirtualServer vs, int groupMember, List<VirtualServerGroup> groups) {
        String name = VirtualServerNames.virtualServer(vs, groupMember);
        List<ServiceTarget> targets = services(vs, name, VirtualServerTargets.of(vs, groups, name, log));
        if (targets.isEmpty()) {
            log.add("VS " + name + " (" + where + ") has no service in the table - its real servers are left out");
        }
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

    private void refuse(String line) {
        log.add(line);
        refused++;
    }

    private static String error(String command, TableResult.Refused r, String rule) {
        return "IPVS cmd " + command + " error: " + r.error().message() + " (" + rule + ")";
    }
}
