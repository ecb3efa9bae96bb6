package io.fulcrum.daemon;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.config.model.VirtualServerAddress;
import io.fulcrum.config.model.VirtualServerGroup;
import io.fulcrum.config.model.VirtualServerGroupEntry;
import io.fulcrum.ipvs.ServiceKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The table services a virtual server stands for: its address and port, its firewall mark (with the family
 * given by ip_family or derived from its servers, else IPv4), or every entry of its virtual_server_group, each
 * address of a range being a service of its own (ipvswrapper.c {@code ipvs_group_cmd},
 * {@code ipvs_group_range_cmd}). Entries that cannot become services are reported and left out: a group that
 * does not exist, fwmark 0, a range of more than {@link #MAX_RANGE} addresses (keepalived would add every one; a
 * /64 would never end), an address entry of a group virtual server without a protocol.
 */
final class VirtualServerTargets {

    /** The most addresses one group entry may expand to: an IPv4 /16, or a full last IPv6 group. */
    static final int MAX_RANGE = 65_536;

    /**
     * One line of the configuration and the services it gives.
     *
     * @param added what is logged once its services are in the table, e.g. "VS [FWM 7] added into group WEB"
     * @param port  the services' port; 0 for firewall marks
     */
    record Entry(String added, List<ServiceKey> keys, int port) {
        Entry {
            keys = List.copyOf(keys);
        }
    }

    private VirtualServerTargets() {
    }

    /** The entries of {@code vs}; what cannot be made is reported in {@code log}. */
    static List<Entry> of(VirtualServer vs, List<VirtualServerGroup> groups, String vsName, List<String> log) {
        return switch (vs.address()) {
            case VirtualServerAddress.IpPort ip -> List.of(new Entry("VS " + vsName + " added",
                    List.of(new ServiceKey.Inet(VirtualServerMapping.protocol(vs.protocol().orElseThrow()),
                            ip.address(), ip.port())), ip.port()));
            case VirtualServerAddress.Fwmark f -> List.of(new Entry("VS " + vsName + " added",
                    List.of(fwmark(f.mark(), vs.family())), 0));
            case VirtualServerAddress.Group g -> {
                Optional<VirtualServerGroup> group = groups.stream().filter(x -> x.name().equals(g.name()))
                        .findFirst();
                if (group.isEmpty()) {
                    log.add("Virtual server group " + g.name() + " specified but not configured - ignoring virtual"
                            + " server " + vsName);
                    yield List.of();
                }
                List<Entry> out = new ArrayList<>();
                for (VirtualServerGroupEntry e : group.get().entries()) {
                    groupEntry(vs, g.name(), e, log).ifPresent(out::add);
                }
                yield List.copyOf(out);
            }
        };
    }

    private static Optional<Entry> groupEntry(VirtualServer vs, String group, VirtualServerGroupEntry e,
            List<String> log) {
        return switch (e) {
            case VirtualServerGroupEntry.Fwmark f when f.mark() == 0 -> {
                log.add("VS [FWM 0] of group " + group + ": fwmark 0 marks no packets - skipping");
                yield Optional.empty();
            }
            case VirtualServerGroupEntry.Fwmark f -> Optional.of(new Entry("VS [FWM " + f.mark()
                    + "] added into group " + group, List.of(fwmark(f.mark(), f.family().or(vs::family))), 0));
            case VirtualServerGroupEntry.AddressRange r -> range(vs, group, r, log);
        };
    }

    private static Optional<Entry> range(VirtualServer vs, String group, VirtualServerGroupEntry.AddressRange r,
            List<String> log) {
        String first = VirtualServerNames.trio(r.first(), vs.protocol(), r.port());
        String label = r.first().equals(r.last()) ? first : first + "-" + r.last();
        if (vs.protocol().isEmpty()) {
            log.add("VS [" + label + "] of group " + group + ": no protocol set for an address entry - skipping");
            return Optional.empty();
        }
        BigInteger count = number(r.last()).subtract(number(r.first())).add(BigInteger.ONE);
        if (count.compareTo(BigInteger.valueOf(MAX_RANGE)) > 0) {
            log.add("VS [" + label + "] of group " + group + ": " + count + " addresses, more than the " + MAX_RANGE
                    + " services Fulcrum makes of one group entry - skipping");
            return Optional.empty();
        }
        io.fulcrum.ipvs.Protocol protocol = VirtualServerMapping.protocol(vs.protocol().get());
        List<ServiceKey> keys = new ArrayList<>(count.intValue());
        IpAddress a = r.first();
        for (int i = 0; i < count.intValue(); i++) {
            keys.add(new ServiceKey.Inet(protocol, a, r.port()));
            a = a.plus(1);
        }
        return Optional.of(new Entry("VS [" + label + "] added into group " + group, keys, r.port()));
    }

    private static ServiceKey fwmark(long mark, Optional<IpFamily> family) {
        return new ServiceKey.Fwmark((int) mark, VirtualServerMapping.family(family.orElse(IpFamily.INET)));
    }

    private static BigInteger number(IpAddress a) {
        return new BigInteger(1, a.bytes());
    }
}
