package io.fulcrum.config.model;

/**
 * How packets reach a real server ({@code lvs_method}): IPVS masquerading, direct routing or tunnelling, or
 * Fulcrum's full NAT through its user-space proxy.
 */
public sealed interface Forwarding {

    /** The method's keyword: NAT, DR, TUN or FNAT. */
    String keyword();

    /** Whether the real server port may differ from the virtual server port (NAT-like methods). */
    default boolean mayChangePort() {
        return false;
    }

    /** Masquerading: destination rewritten, replies return through the director ({@code ipvsadm -m}). */
    record Nat() implements Forwarding {
        @Override
        public String keyword() {
            return "NAT";
        }

        @Override
        public boolean mayChangePort() {
            return true;
        }
    }

    /** Direct routing: destination MAC rewritten; the real server owns the VIP ({@code ipvsadm -g}). */
    record DirectRouting() implements Forwarding {
        @Override
        public String keyword() {
            return "DR";
        }
    }

    /**
     * Tunnelling ({@code ipvsadm -i}): ipip, gue (with its UDP port) or gre, with a checksum option for gue/gre.
     *
     * @param port the GUE destination port; 0 for ipip and gre
     */
    record Tunnel(TunnelType type, int port, TunnelChecksum checksum) implements Forwarding {

        public static final Tunnel IPIP = new Tunnel(TunnelType.IPIP, 0, TunnelChecksum.NOCSUM);

        public Tunnel {
            java.util.Objects.requireNonNull(type, "type");
            java.util.Objects.requireNonNull(checksum, "checksum");
            if ((type == TunnelType.GUE) != (port != 0)) {
                throw new IllegalArgumentException("gue tunnels require port, otherwise cannot have port.");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("tunnel port " + port + " out of range 1..65535");
            }
            if (type == TunnelType.IPIP && checksum != TunnelChecksum.NOCSUM) {
                throw new IllegalArgumentException("ipip tunnels do not support checksum option.");
            }
            if (type == TunnelType.GRE && checksum == TunnelChecksum.REMCSUM) {
                throw new IllegalArgumentException("gre tunnels do not support remote checksum option.");
            }
        }

        @Override
        public String keyword() {
            return "TUN";
        }
    }

    /**
     * Fulcrum extension, not in keepalived: full NAT through Fulcrum's user-space proxy. Client connections end
     * at the director and new ones are opened to the real server, so its port and address family may differ.
     */
    record FullNat() implements Forwarding {
        @Override
        public String keyword() {
            return "FNAT";
        }

        @Override
        public boolean mayChangePort() {
            return true;
        }
    }
}
