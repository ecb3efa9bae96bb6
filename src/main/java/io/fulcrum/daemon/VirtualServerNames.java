package io.fulcrum.daemon;

import io.fulcrum.check.CheckNames;
import io.fulcrum.check.ServiceNames;
import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.Protocol;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSettings;
import java.util.Locale;
import java.util.Optional;

/**
 * Virtual and real servers named as keepalived names them in its log (check_data.c {@code format_vs},
 * {@code format_rs}; ipvswrapper.c {@code format_srule}, {@code format_drule}), so that Fulcrum's lines read
 * like keepalived's: {@code [10.0.0.1]:tcp:80}, {@code FWM 5}, {@code [group]:0}.
 */
final class VirtualServerNames {

    private VirtualServerNames() {
    }

    /** keepalived's "trio" {@code [address]:protocol:port}; the protocol is "none" for fwmark services. */
    static String trio(IpAddress address, Optional<Protocol> protocol, int port) {
        return CheckNames.trio(address, protocol, port);
    }

    /**
     * {@code FMT_VS}: the trio of an address service, {@code FWM N}, or {@code [GROUP]:N} where N counts the
     * virtual servers that use the group before this one.
     */
    static String virtualServer(VirtualServer vs, int groupMember) {
        return ServiceNames.virtualServer(vs, groupMember);
    }

    /** A service of the table as keepalived names a virtual server group entry: the trio, or {@code FWM N}. */
    static String service(ServiceKey key) {
        return switch (key) {
            case ServiceKey.Inet inet -> "[" + inet.address() + "]:" + lower(inet.protocol()) + ":" + inet.port();
            case ServiceKey.Fwmark f -> "FWM " + Integer.toUnsignedString(f.mark());
        };
    }

    /** {@code format_srule}: {@code 10.0.0.1:tcp:80}, or {@code Fwm 5} with " inet6" for an IPv6 mark. */
    static String serviceRule(ServiceKey key) {
        return switch (key) {
            case ServiceKey.Inet inet -> inet.address() + ":" + lower(inet.protocol()) + ":" + inet.port();
            case ServiceKey.Fwmark f -> "Fwm " + Integer.toUnsignedString(f.mark()) + (f.isV6() ? " inet6" : "");
        };
    }

    /** {@code format_srule} then {@code format_drule}: {@code 10.0.0.1:tcp:80 -> 10.0.1.1:80}. */
    static String destinationRule(ServiceKey key, IpAddress address, int port) {
        return serviceRule(key) + " -> " + address + ":" + port;
    }

    /**
     * A service's settings as ipvsadm lists them after the address: {@code rr}, then flags, {@code ops},
     * {@code persistent T} with its {@code mask} when not one client address, and {@code pe NAME}.
     */
    static String settings(ServiceSettings s, boolean v6) {
        StringBuilder b = new StringBuilder(s.scheduler());
        if (s.flags().any()) {
            b.append(" (").append(s.flags().names(s.scheduler())).append(')');
        }
        s.persistence().ifPresent(p -> {
            b.append(" persistent ").append(p.timeoutSeconds());
            if (p.netmaskPrefix() != (v6 ? 128 : 32)) {
                b.append(" mask ").append(v6 ? Integer.toString(p.netmaskPrefix())
                        : IpAddress.v4Netmask(p.netmaskPrefix()).toString());
            }
        });
        s.persistenceEngine().ifPresent(pe -> b.append(" pe ").append(pe));
        if (s.onePacket()) {
            b.append(" ops");
        }
        return b.toString();
    }

    private static String lower(io.fulcrum.ipvs.Protocol p) {
        return p.label().toLowerCase(Locale.ROOT);
    }
}
