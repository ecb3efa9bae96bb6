package io.fulcrum.daemon;

import io.fulcrum.check.HealthAction;
import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.Forwarding;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.SorryServer;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.TableResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What health checking does to the table: a real server or sorry server of one virtual_server block is put in,
 * taken out or re-weighted in every service that block loaded (a group's services too), as keepalived's
 * ipwrapper.c does with IPVS commands. A refused command is logged in keepalived's shape and the others go on.
 * Only the control loop's thread calls it.
 */
final class HealthTable {

    private final ServiceTable table;
    private final KeepalivedConfig config;
    private final List<List<ServiceTarget>> targets;
    private final Consumer<String> log;
    private int refused;

    HealthTable(ServiceTable table, KeepalivedConfig config, List<List<ServiceTarget>> targets, Consumer<String> log) {
        this.table = table;
        this.config = config;
        this.targets = List.copyOf(targets);
        this.log = log;
    }

    /**
     * Performs {@code a} when it is a table action; returns false for the others (log lines, scripts, alerts,
     * FIFO lines), which are the caller's. A {@link HealthAction.Log} is logged here.
     */
    boolean apply(HealthAction a) {
        switch (a) {
            case HealthAction.AddRealServer r -> putServer(r.vsIndex(), r.rsIndex(), r.weight(), false);
            case HealthAction.SetRealServerWeight r -> putServer(r.vsIndex(), r.rsIndex(), r.weight(), true);
            case HealthAction.RemoveRealServer r -> removeServer(r.vsIndex(), r.rsIndex());
            case HealthAction.AddSorryServer s -> putSorry(s.vsIndex(), s.weight(), false);
            case HealthAction.SetSorryServerWeight s -> putSorry(s.vsIndex(), s.weight(), true);
            case HealthAction.RemoveSorryServer s -> removeSorry(s.vsIndex());
            case HealthAction.Log l -> log.accept(l.line());
            case HealthAction.RunScript r -> {
                return false;
            }
            case HealthAction.SendAlert s -> {
                return false;
            }
            case HealthAction.WriteFifo f -> {
                return false;
            }
        }
        return true;
    }

    /** How many table commands were refused so far. */
    int refused() {
        return refused;
    }

    /**
     * Adds real server {@code rs} of virtual server {@code vs} with {@code weight}, or with {@code edit} changes
     * the one in the table. As with keepalived's IPVS commands, adding one that another virtual server sharing
     * the service already put in is refused (and logged), and so is editing one that is missing.
     */
    void putServer(int vs, int rs, long weight, boolean edit) {
        RealServer r = realServer(vs, rs);
        put(vs, r.address(), r.port(), r.forwarding(), weight, r.uthreshold(), r.lthreshold(),
                "real_server #" + (rs + 1) + " of virtual_server #" + (vs + 1), edit);
    }

    /** Takes real server {@code rs} of virtual server {@code vs} out of its services. */
    void removeServer(int vs, int rs) {
        RealServer r = realServer(vs, rs);
        remove(vs, r.address(), r.port(), r.forwarding(), "real_server #" + (rs + 1) + " of virtual_server #"
                + (vs + 1));
    }

    /** Adds the sorry server of {@code vs} with {@code weight}, or with {@code edit} changes its weight. */
    void putSorry(int vs, long weight, boolean edit) {
        SorryServer s = sorry(vs);
        put(vs, s.address(), s.port(), s.forwarding(), weight, 0, 0, "sorry_server of virtual_server #" + (vs + 1),
                edit);
    }

    void removeSorry(int vs) {
        SorryServer s = sorry(vs);
        remove(vs, s.address(), s.port(), s.forwarding(), "sorry_server of virtual_server #" + (vs + 1));
    }

    private void put(int vs, IpAddress address, int configuredPort, Forwarding f, long weight, long upper,
            long lower, String origin, boolean edit) {
        List<String> notes = new ArrayList<>();
        DestinationSettings ds = VirtualServerMapping.destination(f, weight, upper, lower, origin, notes);
        notes.forEach(log);
        for (ServiceTarget t : targets.get(vs)) {
            int port = VirtualServerMapping.destinationPort(f, configuredPort, t.port());
            TableResult r = edit ? table.editDestination(t.key(), address, port, ds)
                    : table.addDestination(t.key(), address, port, ds);
            if (r instanceof TableResult.Refused no) {
                refused++;
                log.accept("IPVS cmd " + (edit ? "IP_VS_SO_SET_EDITDEST(1161)" : "IP_VS_SO_SET_ADDDEST(1159)")
                        + " error: " + no.error().message() + " ("
                        + VirtualServerNames.destinationRule(t.key(), address, port) + ") - " + origin
                        + ": left out of " + VirtualServerNames.service(t.key()));
            }
        }
    }

    private void remove(int vs, IpAddress address, int configuredPort, Forwarding f, String origin) {
        for (ServiceTarget t : targets.get(vs)) {
            int port = VirtualServerMapping.destinationPort(f, configuredPort, t.port());
            if (table.deleteDestination(t.key(), address, port) instanceof TableResult.Refused no) {
                refused++;
                log.accept("IPVS cmd IP_VS_SO_SET_DELDEST(1160) error: " + no.error().message() + " ("
                        + VirtualServerNames.destinationRule(t.key(), address, port) + ") - " + origin);
            }
        }
    }

    private RealServer realServer(int vs, int rs) {
        return virtualServer(vs).realServers().get(rs);
    }

    private SorryServer sorry(int vs) {
        return virtualServer(vs).sorryServer().orElseThrow(() -> new IllegalArgumentException(
                "virtual_server #" + (vs + 1) + " has no sorry server"));
    }

    private VirtualServer virtualServer(int vs) {
        return config.virtualServers().get(vs);
    }
}
