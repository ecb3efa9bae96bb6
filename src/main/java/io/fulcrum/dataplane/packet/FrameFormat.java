package io.fulcrum.dataplane.packet;

/**
 * Renders a parsed {@link Frame} on one line for logs and traces, from its fields only:
 * {@code TCP 10.0.0.1:1234 -> 10.0.0.100:80 [SYN]}, {@code UDP [2001:db8::1]:53 -> [2001:db8::2]:5353 len 12},
 * {@code ICMP 10.0.0.1 -> 10.0.0.2}; a frame that did not parse says why. Allocates: not for the hot path.
 */
public final class FrameFormat {

    private static final String[] FLAG_NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};

    private FrameFormat() {
    }

    /** One line describing {@code f} as its last parse left it. */
    public static String format(Frame f) {
        FrameError e = f.error();
        if (!e.ipParsed()) {
            StringBuilder b = new StringBuilder();
            if (e != FrameError.TRUNCATED_ETHERNET) {
                b.append(String.format("ethertype 0x%04x %s -> %s: ", f.etherType(), mac(f.sourceMac()),
                        mac(f.destinationMac())));
            }
            return b.append(e.description()).append(" (").append(f.length()).append(" bytes)").toString();
        }
        StringBuilder b = new StringBuilder(64).append(protocolName(f)).append(' ');
        boolean ports = e == FrameError.NONE;
        endpoint(b, f.ipVersion(), f.sourceHigh(), f.sourceLow(), ports, f.sourcePort());
        b.append(" -> ");
        endpoint(b, f.ipVersion(), f.destinationHigh(), f.destinationLow(), ports, f.destinationPort());
        if (f.isTcp()) {
            b.append(' ').append(tcpFlags(f.tcpFlags()));
        }
        if (ports && (f.isUdp() || f.l4PayloadLength() > 0)) {
            b.append(" len ").append(f.l4PayloadLength());
        }
        if (e != FrameError.NONE && e != FrameError.UNSUPPORTED_PROTOCOL) {
            b.append(": ").append(e.description());
        }
        return b.toString();
    }

    /** The TCP flags as {@code [SYN,ACK]}; {@code []} for none. */
    public static String tcpFlags(int flags) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) {
                b.append(b.length() > 1 ? "," : "").append(FLAG_NAMES[i]);
            }
        }
        return b.append(']').toString();
    }

    /** A MAC address as {@code 02:00:00:00:0a:01}. */
    public static String mac(long mac) {
        StringBuilder b = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            b.append(String.format("%02x", (mac >>> shift) & 0xff)).append(shift > 0 ? ":" : "");
        }
        return b.toString();
    }

    /** An IPv4 address (as in {@link Frame#ipv4Source()}) in dotted-quad form. */
    public static String ipv4(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    /** An IPv6 address in RFC 5952 form: lower case, no leading zeros, the longest run of 2+ zero groups as ::. */
    public static String ipv6(long high, long low) {
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (high >>> (48 - 16 * i)) & 0xffff;
            groups[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xffff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8;) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder b = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLength - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(groups[i]));
        }
        return b.toString();
    }

    private static String protocolName(Frame f) {
        return switch (f.protocol()) {
            case FrameParser.TCP -> "TCP";
            case FrameParser.UDP -> "UDP";
            case FrameParser.ICMP -> "ICMP";
            case FrameParser.ICMPV6 -> "ICMPv6";
            case FrameParser.IPIP -> "IPIP";
            case FrameParser.IPV6_IN_IP -> "IPv6-in-IP";
            default -> "IPv" + f.ipVersion() + " protocol " + f.protocol();
        };
    }

    private static void endpoint(StringBuilder b, int version, long high, long low, boolean withPort, int port) {
        if (version == 4) {
            b.append(ipv4((int) low));
            if (withPort) {
                b.append(':').append(port);
            }
        } else if (withPort) {
            b.append('[').append(ipv6(high, low)).append("]:").append(port);
        } else {
            b.append(ipv6(high, low));
        }
    }
}
