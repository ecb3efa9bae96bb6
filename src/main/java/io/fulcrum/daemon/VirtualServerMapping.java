package io.fulcrum.daemon;

import io.fulcrum.config.model.Forwarding;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.PersistenceGranularity;
import io.fulcrum.config.model.Protocol;
import io.fulcrum.config.model.SchedulerFlags;
import io.fulcrum.config.model.TunnelType;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.Family;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Persistence;
import io.fulcrum.ipvs.SchedFlags;
import io.fulcrum.ipvs.ServiceSettings;
import java.util.List;
import java.util.Optional;

/**
 * The keepalived.conf model in the table's terms: protocol, family, scheduler settings, persistence,
 * forwarding and destination settings. Where the table cannot hold a value as configured, the nearest value it
 * can hold is used and a line says so:
 * <ul>
 *   <li>a weight above 65535 becomes 65535 (keepalived passes up to INT_MAX to the kernel, which takes any
 *       non-negative int; Fulcrum's table keeps ipvsadm's 0..65535, which also keeps the schedulers'
 *       cross-multiplied loads within range);</li>
 *   <li>a threshold above 2147483647 becomes 2147483647 (connection counts are ints);</li>
 *   <li>a persistence_granularity the table's prefix length cannot express (a non-contiguous or all-zero IPv4
 *       mask, or a mask of the other family) gives the default granularity, one client address;</li>
 *   <li>a gue or gre tunnel forwards as the table's only tunnel kind (its type, port and checksum options have
 *       no place in the table).</li>
 * </ul>
 */
final class VirtualServerMapping {

    private VirtualServerMapping() {
    }

    static io.fulcrum.ipvs.Protocol protocol(Protocol p) {
        return switch (p) {
            case TCP -> io.fulcrum.ipvs.Protocol.TCP;
            case UDP -> io.fulcrum.ipvs.Protocol.UDP;
            case SCTP -> io.fulcrum.ipvs.Protocol.SCTP;
        };
    }

    static Family family(IpFamily f) {
        return switch (f) {
            case INET -> Family.INET;
            case INET6 -> Family.INET6;
        };
    }

    static SchedFlags flags(SchedulerFlags f) {
        return new SchedFlags(f.flag1(), f.flag2(), f.flag3());
    }

    /** NAT → Masq, DR → Route, TUN → Tunnel, FNAT → FullNat. */
    static ForwardingMethod forwarding(Forwarding f) {
        return switch (f) {
            case Forwarding.Nat n -> ForwardingMethod.MASQ;
            case Forwarding.DirectRouting d -> ForwardingMethod.ROUTE;
            case Forwarding.Tunnel t -> ForwardingMethod.TUNNEL;
            case Forwarding.FullNat n -> ForwardingMethod.FULLNAT;
        };
    }

    /**
     * The destination port in a service whose own port is {@code servicePort} (0 for fwmark services): NAT-like
     * methods keep the configured port (the service's when none is set), the others must use the service's
     * (ipvswrapper.c {@code ipvs_cmd}, {@code ipvs_group_cmd}).
     */
    static int destinationPort(Forwarding f, int configuredPort, int servicePort) {
        return f.mayChangePort() && configuredPort != 0 ? configuredPort : servicePort;
    }

    /** The settings of the services of {@code vs} of one family ({@code v6}); {@code log} takes the notes. */
    static ServiceSettings service(VirtualServer vs, boolean v6, String vsName, List<String> log) {
        Optional<Persistence> persistence = vs.persistence().map(p -> new Persistence(p.timeout(),
                prefix(p.granularity(), v6, vsName, log)));
        return new ServiceSettings(vs.scheduler().keyword(), flags(vs.flags()), persistence, vs.ops(),
                vs.persistence().flatMap(io.fulcrum.config.model.Persistence::engine));
    }

    private static int prefix(Optional<PersistenceGranularity> g, boolean v6, String vsName, List<String> log) {
        int whole = v6 ? 128 : 32;
        if (g.isEmpty()) {
            return whole;
        }
        int prefix = switch (g.get()) {
            case PersistenceGranularity.V4Mask m -> v6 ? -1 : m.mask().netmaskPrefix();
            case PersistenceGranularity.V6Prefix p -> v6 ? p.length() : -1;
        };
        if (prefix >= 1) {
            return prefix;
        }
        String text = switch (g.get()) {
            case PersistenceGranularity.V4Mask m -> m.mask().toString();
            case PersistenceGranularity.V6Prefix p -> Integer.toString(p.length());
        };
        log.add("VS " + vsName + ": persistence_granularity " + text + " cannot be held by Fulcrum's table (a prefix"
                + " length of the service's family) - using /" + whole + " (one client address)");
        return whole;
    }

    /**
     * A real or sorry server's settings with {@code weight}; {@code who} names it in notes, as
     * {@code "Real server [10.0.1.1]:tcp:80 of VS [10.0.0.1]:tcp:80"}.
     */
    static DestinationSettings destination(Forwarding f, long weight, long uthreshold, long lthreshold, String who,
            List<String> log) {
        if (f instanceof Forwarding.Tunnel t && t.type() != TunnelType.IPIP) {
            log.add(who + ": tunnel type " + t.type() + (t.port() != 0 ? " port " + t.port() : "") + " "
                    + t.checksum() + " is not kept by Fulcrum's table - it is listed as a plain Tunnel destination");
        }
        return new DestinationSettings(forwarding(f),
                capped(weight, DestinationSettings.MAX_WEIGHT, "weight", who, log),
                capped(uthreshold, Integer.MAX_VALUE, "uthreshold", who, log),
                capped(lthreshold, Integer.MAX_VALUE, "lthreshold", who, log));
    }

    private static int capped(long value, int max, String what, String who, List<String> log) {
        if (value <= max) {
            return (int) value;
        }
        log.add(who + ": " + what + " " + value + " is above " + max + ", the most Fulcrum's table holds - using "
                + max);
        return max;
    }
}
