package io.fulcrum.daemon;

import io.fulcrum.control.Errno;
import io.fulcrum.control.IpvsSnapshot;
import io.fulcrum.control.ServerSpec;
import io.fulcrum.control.ServiceSpec;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.Family;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Persistence;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.SchedFlags;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSettings;
import java.util.Optional;
import java.util.Set;

/**
 * Translates the control protocol's records (what ipvsadm sends) into the table's types and back. Values the
 * table cannot hold are refused with the errno the kernel gives for them.
 */
final class TableMapping {

    /** The persistence engines the kernel knows (ip_vs_pe_sip); any other name is ENOENT, as in the kernel. */
    static final Set<String> PERSISTENCE_ENGINES = Set.of("sip");

    private TableMapping() {
    }

    static ServiceKey key(IpvsSnapshot.ServiceKey k) {
        return switch (k) {
            case IpvsSnapshot.AddressKey a -> new ServiceKey.Inet(protocol(a.protocol()), a.address(), a.port());
            case IpvsSnapshot.FwmarkKey f -> new ServiceKey.Fwmark((int) f.mark(), family(f.family()));
        };
    }

    static IpvsSnapshot.ServiceKey key(ServiceKey k) {
        return switch (k) {
            case ServiceKey.Inet i -> new IpvsSnapshot.AddressKey(protocol(i.protocol()), i.address(), i.port());
            case ServiceKey.Fwmark f -> new IpvsSnapshot.FwmarkKey(Integer.toUnsignedLong(f.mark()),
                    family(f.family()));
        };
    }

    static Protocol protocol(IpvsSnapshot.Protocol p) {
        return switch (p) {
            case TCP -> Protocol.TCP;
            case UDP -> Protocol.UDP;
            case SCTP -> Protocol.SCTP;
        };
    }

    static IpvsSnapshot.Protocol protocol(Protocol p) {
        return switch (p) {
            case TCP -> IpvsSnapshot.Protocol.TCP;
            case UDP -> IpvsSnapshot.Protocol.UDP;
            case SCTP -> IpvsSnapshot.Protocol.SCTP;
        };
    }

    static Family family(IpvsSnapshot.Family f) {
        return switch (f) {
            case INET -> Family.INET;
            case INET6 -> Family.INET6;
        };
    }

    static IpvsSnapshot.Family family(Family f) {
        return switch (f) {
            case INET -> IpvsSnapshot.Family.INET;
            case INET6 -> IpvsSnapshot.Family.INET6;
        };
    }

    static ForwardingMethod forwarding(IpvsSnapshot.Forwarding f) {
        return switch (f) {
            case MASQ -> ForwardingMethod.MASQ;
            case LOCAL -> ForwardingMethod.LOCAL;
            case ROUTE -> ForwardingMethod.ROUTE;
            case TUNNEL -> ForwardingMethod.TUNNEL;
            case FULLNAT -> ForwardingMethod.FULLNAT;
        };
    }

    static IpvsSnapshot.Forwarding forwarding(ForwardingMethod f) {
        return switch (f) {
            case MASQ -> IpvsSnapshot.Forwarding.MASQ;
            case LOCAL -> IpvsSnapshot.Forwarding.LOCAL;
            case ROUTE -> IpvsSnapshot.Forwarding.ROUTE;
            case TUNNEL -> IpvsSnapshot.Forwarding.TUNNEL;
            case FULLNAT -> IpvsSnapshot.Forwarding.FULLNAT;
        };
    }

    static SchedFlags flags(IpvsSnapshot.SchedFlags f) {
        return new SchedFlags(f.has(1), f.has(2), f.has(3));
    }

    static IpvsSnapshot.SchedFlags flags(SchedFlags f) {
        return new IpvsSnapshot.SchedFlags((f.flag1() ? 1 : 0) | (f.flag2() ? 2 : 0) | (f.flag3() ? 4 : 0));
    }

    /** -A/-E settings; a non-contiguous IPv4 mask or an unknown persistence engine is refused. */
    static ServiceSettings settings(ServiceSpec s) throws Refusal {
        IpvsSnapshot.Persistence p = s.persistence();
        Optional<Persistence> persistence = Optional.empty();
        if (p.persistent()) {
            if (p.timeout() > Persistence.MAX_TIMEOUT) {
                throw new Refusal(Errno.EINVAL, "persistence timeout " + p.timeout() + " is over "
                        + Persistence.MAX_TIMEOUT + " seconds");
            }
            persistence = Optional.of(new Persistence((int) p.timeout(), prefix(s.key().family(), p.netmask())));
        }
        Optional<String> pe = p.peName().isEmpty() ? Optional.empty() : Optional.of(p.peName());
        if (pe.isPresent() && !PERSISTENCE_ENGINES.contains(pe.get())) {
            throw new Refusal(Errno.ENOENT, "persistence engine '" + pe.get() + "' not found (known: "
                    + String.join(", ", PERSISTENCE_ENGINES) + ")");
        }
        return new ServiceSettings(s.scheduler(), flags(s.schedFlags()), persistence, s.onePacket(), pe);
    }

    /** The netmask as a prefix length: IPv4 masks must be contiguous (the table keeps prefixes). */
    static int prefix(IpvsSnapshot.Family family, long netmask) throws Refusal {
        if (family == IpvsSnapshot.Family.INET6) {
            if (netmask < 1 || netmask > 128) {
                throw new Refusal(Errno.EINVAL, "IPv6 persistence netmask must be a prefix length 1..128: "
                        + netmask);
            }
            return (int) netmask;
        }
        int prefix = Long.bitCount(netmask & 0xFFFF_FFFFL);
        long contiguous = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
        if (prefix == 0 || contiguous != netmask) {
            throw new Refusal(Errno.EINVAL, "persistence netmask " + dotted(netmask)
                    + " is not a contiguous prefix mask (Fulcrum keeps prefixes /1../32)");
        }
        return prefix;
    }

    /** The IPv4 mask value of a prefix, or the prefix itself for IPv6 (as ipvsadm carries them). */
    static long netmask(IpvsSnapshot.Family family, int prefix) {
        if (family == IpvsSnapshot.Family.INET6) {
            return prefix;
        }
        return prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
    }

    private static String dotted(long m) {
        return ((m >> 24) & 0xff) + "." + ((m >> 16) & 0xff) + "." + ((m >> 8) & 0xff) + "." + (m & 0xff);
    }

    /** -a/-e settings; thresholds beyond the table's range are ERANGE, as the kernel's u32 would overflow. */
    static DestinationSettings settings(ServerSpec s) throws Refusal {
        if (s.upperThreshold() < 0 || s.upperThreshold() > Integer.MAX_VALUE
                || s.lowerThreshold() < 0 || s.lowerThreshold() > Integer.MAX_VALUE) {
            throw new Refusal(Errno.ERANGE, "thresholds must be 0.." + Integer.MAX_VALUE);
        }
        return new DestinationSettings(forwarding(s.forwarding()), s.weight(), (int) s.upperThreshold(),
                (int) s.lowerThreshold());
    }
}
