package io.fulcrum.daemon;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.DestinationSnapshot;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSnapshot;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.TableResult;
import io.fulcrum.ipvs.TableSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reload's change of the running table: the difference between the table the old configuration asks for and
 * the one the new configuration asks for (both with the checkers' current verdicts), applied to the running
 * table in place. Services and real servers only in the old one are deleted, those only in the new one added,
 * those in both with other settings edited; everything else is left as it is, so a service's listener,
 * connections and counters live on, and a manual ipvsadm change is kept unless the configuration changed the
 * same entry (as keepalived, which never restores manual changes).
 */
final class TableDiff {

    /** One destination of a service, by address and port. */
    private record Dest(IpAddress address, int port) {
    }

    private final List<String> lines = new ArrayList<>();
    private int refused;

    private TableDiff() {
    }

    /** What {@link #apply} did: one line per change in keepalived's words, and how many the table refused. */
    record Outcome(List<String> lines, int refused) {
        Outcome {
            lines = List.copyOf(lines);
        }

        boolean isEmpty() {
            return lines.isEmpty();
        }
    }

    /** Applies the change from {@code before} to {@code after} to {@code live}. */
    static Outcome apply(TableSnapshot before, TableSnapshot after, ServiceTable live) {
        TableDiff d = new TableDiff();
        Map<ServiceKey, ServiceSnapshot> old = byKey(before);
        Map<ServiceKey, ServiceSnapshot> next = byKey(after);
        for (ServiceSnapshot s : old.values()) {
            if (!next.containsKey(s.key())) {
                d.removeService(s, live);
            }
        }
        for (ServiceSnapshot s : next.values()) {
            ServiceSnapshot was = old.get(s.key());
            if (was == null) {
                d.addService(s, live);
            } else {
                d.changeService(was, s, live);
            }
        }
        return new Outcome(d.lines, d.refused);
    }

    private static Map<ServiceKey, ServiceSnapshot> byKey(TableSnapshot t) {
        Map<ServiceKey, ServiceSnapshot> m = new LinkedHashMap<>();
        t.services().forEach(s -> m.put(s.key(), s));
        return m;
    }

    private static Map<Dest, DestinationSettings> destinations(ServiceSnapshot s) {
        Map<Dest, DestinationSettings> m = new LinkedHashMap<>();
        for (DestinationSnapshot d : s.destinations()) {
            m.put(new Dest(d.address(), d.port()), d.settings());
        }
        return m;
    }

    private void removeService(ServiceSnapshot s, ServiceTable live) {
        String name = VirtualServerNames.service(s.key());
        if (check(live.deleteService(s.key()), "IP_VS_SO_SET_DEL(1156)", VirtualServerNames.serviceRule(s.key()))) {
            lines.add("Removing Virtual Server " + name + " (no longer configured; established connections drain)");
        }
    }

    private void addService(ServiceSnapshot s, ServiceTable live) {
        ServiceKey key = s.key();
        if (!check(live.addService(key, s.settings()), "IP_VS_SO_SET_ADD(1154)", VirtualServerNames.serviceRule(key))) {
            return;
        }
        lines.add("Adding Virtual Server " + VirtualServerNames.service(key) + " ("
                + VirtualServerNames.settings(s.settings(), key.isV6()) + ")");
        destinations(s).forEach((d, ds) -> addDestination(key, d, ds, live));
    }

    private void changeService(ServiceSnapshot was, ServiceSnapshot now, ServiceTable live) {
        ServiceKey key = now.key();
        String name = VirtualServerNames.service(key);
        if (!was.settings().equals(now.settings()) && check(live.editService(key, now.settings()),
                "IP_VS_SO_SET_EDIT(1155)", VirtualServerNames.serviceRule(key))) {
            lines.add("Changing Virtual Server " + name + " from " + VirtualServerNames.settings(was.settings(),
                    key.isV6()) + " to " + VirtualServerNames.settings(now.settings(), key.isV6()));
        }
        Map<Dest, DestinationSettings> old = destinations(was);
        Map<Dest, DestinationSettings> next = destinations(now);
        old.forEach((d, ds) -> {
            if (!next.containsKey(d) && check(live.deleteDestination(key, d.address(), d.port()),
                    "IP_VS_SO_SET_DELDEST(1160)", VirtualServerNames.destinationRule(key, d.address(), d.port()))) {
                lines.add("Removing service " + server(key, d) + " from VS " + name);
            }
        });
        next.forEach((d, ds) -> {
            DestinationSettings before = old.get(d);
            if (before == null) {
                addDestination(key, d, ds, live);
            } else if (!before.equals(ds) && check(live.editDestination(key, d.address(), d.port(), ds),
                    "IP_VS_SO_SET_EDITDEST(1161)", VirtualServerNames.destinationRule(key, d.address(), d.port()))) {
                lines.add(before.weight() != ds.weight() && before.forwarding() == ds.forwarding()
                        ? "Changing weight from " + before.weight() + " to " + ds.weight() + " for active service "
                                + server(key, d) + " of VS " + name
                        : "Changing service " + server(key, d) + " of VS " + name + " from " + describe(before)
                                + " to " + describe(ds));
            }
        });
    }

    private void addDestination(ServiceKey key, Dest d, DestinationSettings ds, ServiceTable live) {
        if (check(live.addDestination(key, d.address(), d.port(), ds), "IP_VS_SO_SET_ADDDEST(1159)",
                VirtualServerNames.destinationRule(key, d.address(), d.port()))) {
            lines.add("Adding service " + server(key, d) + " to VS " + VirtualServerNames.service(key)
                    + (ds.weight() == 0 ? " with weight 0" : ""));
        }
    }

    private static String server(ServiceKey key, Dest d) {
        String protocol = key instanceof ServiceKey.Inet i
                ? i.protocol().label().toLowerCase(java.util.Locale.ROOT) : "none";
        return "[" + d.address() + "]:" + protocol + ":" + d.port();
    }

    private static String describe(DestinationSettings s) {
        return s.forwarding() + " weight " + s.weight() + (s.upperThreshold() == 0 && s.lowerThreshold() == 0 ? ""
                : " thresholds " + s.lowerThreshold() + ".." + s.upperThreshold());
    }

    /** True when the table did it; a refusal is a line in keepalived's shape and counted. */
    private boolean check(TableResult r, String command, String rule) {
        if (r instanceof TableResult.Refused no) {
            refused++;
            lines.add("IPVS cmd " + command + " error: " + no.error().message() + " (" + rule + ")");
            return false;
        }
        return true;
    }
}
