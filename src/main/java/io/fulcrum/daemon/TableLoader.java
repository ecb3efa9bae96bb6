package io.fulcrum.daemon;

import io.fulcrum.check.HealthAction;
import io.fulcrum.check.HealthState;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.config.model.VirtualServerAddress;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.TableSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the virtual server table from keepalived.conf's virtual servers, as keepalived's checker process does
 * when it starts (ipwrapper.c {@code init_services}), and says what it did in log lines.
 *
 * <p>Mapping (see {@link VirtualServerTargets}, {@link VirtualServerMapping}):
 * <ul>
 *   <li>{@code virtual_server IP PORT} with its protocol is one service (port 0 only when persistent);
 *       {@code virtual_server fwmark N} is a fwmark service of its family (ip_family, else derived from its
 *       servers, else IPv4); {@code virtual_server group NAME} is one service per address of each range entry
 *       and one per fwmark entry (the entry's family, else the virtual server's, else IPv4), all with the virtual
 *       server's settings;</li>
 *   <li>lvs_sched → scheduler, flag-1..3 / sh-* / mh-* → flags, ops → one-packet scheduling, persistence_timeout
 *       → persistent, persistence_granularity → netmask prefix (IPv4 mask or IPv6 length), persistence_engine →
 *       pe;</li>
 *   <li>each real server with its own lvs_method: NAT → Masq, DR → Route, TUN → Tunnel, FNAT → FullNat; weight;
 *       uthreshold → upper threshold, lthreshold → lower threshold. NAT-like methods keep the real server's port,
 *       the others take the service's (0 for fwmarks);</li>
 *   <li>what the table cannot hold is brought to the nearest value it can, with a line: a weight above 65535
 *       becomes 65535 (keepalived would pass up to INT_MAX to the kernel), a threshold above INT_MAX becomes
 *       INT_MAX, an inexpressible persistence_granularity becomes one client address, a gue/gre tunnel a plain
 *       Tunnel destination; a group entry of more than {@value VirtualServerTargets#MAX_RANGE} addresses is
 *       skipped.</li>
 * </ul>
 *
 * <p>keepalived's start-up semantics ({@link VirtualServerLoad} for the services, {@link HealthState} for the
 * servers): a service that already exists is shared by the later virtual server; duplicate real servers are
 * dropped; real servers go in unless an alpha checker holds them down (then they stay out, or go in at weight 0
 * with inhibit_on_failure) until their checkers say otherwise; quorum and sorry server are decided as keepalived
 * decides them before any check has run. A refused operation is logged with the virtual_server / real_server
 * block it comes from (counted from 1 in the configuration) and the table's reason; loading goes on. Only
 * tunnelled and full-NAT destinations may differ in family from their service.
 */
public final class TableLoader {

    private TableLoader() {
    }

    /**
     * Adds every virtual server (groups expanded) and its real servers to {@code table}, which the caller gives
     * empty. Returns log lines in keepalived's spirit for what was added, refused or left out, in config order.
     */
    public static List<String> apply(KeepalivedConfig config, ServiceTable table) {
        return load(config, table).log();
    }

    /**
     * What loading did: its log lines, and for each virtual_server block (in configuration order) the services
     * its real servers went into.
     */
    record Loaded(List<String> log, List<List<ServiceTarget>> targets, List<HealthAction> effects) {
        Loaded {
            log = List.copyOf(log);
            targets = targets.stream().map(List::copyOf).toList();
            effects = List.copyOf(effects);
        }
    }

    /** As {@link #apply}, with a health state of its own. */
    static Loaded load(KeepalivedConfig config, ServiceTable table) {
        return load(config, table, new HealthState(config.virtualServers(), config.globalDefs(), "localhost"));
    }

    /**
     * Adds every virtual server's services, then performs {@code health}'s start ({@link HealthState#startActions}):
     * the real servers and sorry servers go in as keepalived starts them. Returns the log, each virtual server's
     * services, and the start's other effects (scripts, alerts, FIFO lines) for the caller to perform.
     */
    static Loaded load(KeepalivedConfig config, ServiceTable table, HealthState health) {
        List<String> log = new ArrayList<>();
        List<List<ServiceTarget>> targets = new ArrayList<>();
        Map<String, Integer> groupMembers = new HashMap<>();
        int refused = 0;
        for (int i = 0; i < config.virtualServers().size(); i++) {
            VirtualServer vs = config.virtualServers().get(i);
            int member = vs.address() instanceof VirtualServerAddress.Group g
                    ? groupMembers.merge(g.name(), 1, Integer::sum) - 1 : 0;
            VirtualServerLoad load = new VirtualServerLoad(table, log, i + 1);
            targets.add(load.load(vs, member, config.virtualServerGroups()));
            refused += load.refused();
        }
        HealthTable healthTable = new HealthTable(table, config, targets, log::add);
        List<HealthAction> effects = new ArrayList<>();
        for (HealthAction a : health.startActions()) {
            if (!healthTable.apply(a)) {
                effects.add(a);
            }
        }
        refused += healthTable.refused();
        if (!config.virtualServers().isEmpty()) {
            TableSnapshot s = table.snapshot();
            int destinations = s.services().stream().mapToInt(v -> v.destinations().size()).sum();
            log.add("IPVS table built from " + config.virtualServers().size() + " virtual_server blocks: "
                    + s.services().size() + " services, " + destinations + " destinations, " + refused
                    + " refused operations");
        }
        return new Loaded(log, targets, effects);
    }
}
