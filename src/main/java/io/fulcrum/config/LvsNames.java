package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.Protocol;
import io.fulcrum.config.model.VirtualServerAddress;
import io.fulcrum.config.model.VirtualServerGroupEntry;
import java.util.Optional;

/**
 * Services named as keepalived names them in its messages ({@code FMT_VS}, {@code FMT_RS}, {@code format_vsge}):
 * {@code [10.0.0.1]:tcp:80}, {@code FWM 5}, {@code [group]:0}.
 */
final class LvsNames {

    private LvsNames() {
    }

    /** keepalived's "trio": {@code [address]:protocol:port}, protocol "none" when unset. */
    static String trio(IpAddress address, Optional<Protocol> protocol, int port) {
        return "[" + address + "]:" + protocol.map(Protocol::lowerName).orElse("none") + ":" + port;
    }

    static String virtualServer(VirtualServerAddress address, Optional<Protocol> protocol) {
        return switch (address) {
            case VirtualServerAddress.IpPort ip -> trio(ip.address(), protocol, ip.port());
            case VirtualServerAddress.Fwmark f -> "FWM " + f.mark();
            case VirtualServerAddress.Group g -> "[" + g.name() + "]:0";
        };
    }

    static String groupEntry(VirtualServerGroupEntry e) {
        return switch (e) {
            case VirtualServerGroupEntry.Fwmark f -> "FWM " + f.mark();
            case VirtualServerGroupEntry.AddressRange r -> (r.first().equals(r.last()) ? r.first().toString()
                    : r.first() + "-" + r.last()) + "," + r.port();
        };
    }
}
