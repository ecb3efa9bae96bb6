package io.fulcrum.vrrp;

import io.fulcrum.common.IpAddress;
import java.util.Arrays;

/**
 * Reads the IPv4 datagram that a raw {@code IPPROTO_VRRP} (or {@code IPPROTO_AH}) socket hands over: header
 * length, total length, TTL, protocol and addresses, and finds the VRRP message after the header (and after an
 * AH header, whose next header must be VRRP). Structure only: the total length is reported as found, and
 * {@link AdvertCheck} compares it with what arrived, as keepalived does.
 */
public final class Ipv4Datagrams {

    /** IP protocol number of IPsec AH. */
    public static final int PROTOCOL_AH = 51;
    /** The minimum IPv4 header. */
    public static final int MIN_HEADER_LENGTH = 20;
    /** The fixed part of an AH header: next header, length, reserved, SPI, sequence number. */
    private static final int AH_FIXED_LENGTH = 12;

    private Ipv4Datagrams() {
    }

    /**
     * Parses {@code datagram[0, length)}.
     *
     * <p>In the result, {@link InboundPacket#ipHeaderLength()} counts every byte before the VRRP message (the
     * IPv4 header, plus the AH header when {@link InboundPacket#ah()} is set), {@link InboundPacket#ipTotalLength()}
     * is the header's total length field, and {@link InboundPacket#vrrp()} holds every byte after the headers up
     * to {@code length}, Ethernet padding included.
     *
     * @throws VrrpFormatException when the datagram is not an IPv4 datagram carrying VRRP
     * @throws IllegalArgumentException when {@code length} is not within the array
     */
    public static InboundPacket parse(String ifname, byte[] datagram, int length) throws VrrpFormatException {
        if (length < 0 || length > datagram.length) {
            throw new IllegalArgumentException("length " + length + " outside the " + datagram.length
                    + "-byte array");
        }
        if (length < MIN_HEADER_LENGTH) {
            throw new VrrpFormatException(VrrpFormatException.Reason.TOO_SHORT,
                    "IPv4 datagram of " + length + " bytes is shorter than an IPv4 header");
        }
        int version = (datagram[0] & 0xff) >>> 4;
        if (version != 4) {
            throw new VrrpFormatException(VrrpFormatException.Reason.BAD_IP_VERSION, "IP version " + version);
        }
        int ihl = (datagram[0] & 0x0f) * 4;
        if (ihl < MIN_HEADER_LENGTH || ihl > length) {
            throw new VrrpFormatException(VrrpFormatException.Reason.BAD_IP_HEADER_LENGTH,
                    "IPv4 header length " + ihl + " in a datagram of " + length + " bytes");
        }
        int totalLength = u16(datagram, 2);
        if (totalLength < ihl) {
            throw new VrrpFormatException(VrrpFormatException.Reason.BAD_IP_TOTAL_LENGTH,
                    "IPv4 total length " + totalLength + " is smaller than its header length " + ihl);
        }
        int ttl = datagram[8] & 0xff;
        int protocol = datagram[9] & 0xff;
        IpAddress source = IpAddress.ofBytes(Arrays.copyOfRange(datagram, 12, 16));
        IpAddress destination = IpAddress.ofBytes(Arrays.copyOfRange(datagram, 16, 20));
        int headers = ihl;
        boolean ah = false;
        if (protocol == PROTOCOL_AH) {
            headers += ahLength(datagram, ihl, length);
            ah = true;
        } else if (protocol != VrrpCodec.PROTOCOL) {
            throw new VrrpFormatException(VrrpFormatException.Reason.BAD_PROTOCOL,
                    "IP protocol " + protocol + " (expect " + VrrpCodec.PROTOCOL + " or " + PROTOCOL_AH + ")");
        }
        byte[] vrrp = Arrays.copyOfRange(datagram, headers, length);
        return new InboundPacket(ifname, source, destination, ttl, headers, totalLength, ah, vrrp);
    }

    private static int ahLength(byte[] d, int at, int length) throws VrrpFormatException {
        if (length - at < AH_FIXED_LENGTH) {
            throw new VrrpFormatException(VrrpFormatException.Reason.BAD_AH,
                    "AH header truncated: " + (length - at) + " bytes");
        }
        int next = d[at] & 0xff;
        if (next != VrrpCodec.PROTOCOL) {
            throw new VrrpFormatException(VrrpFormatException.Reason.BAD_AH,
                    "AH next header " + next + " (expect " + VrrpCodec.PROTOCOL + ")");
        }
        int ahLen = ((d[at + 1] & 0xff) + 2) * 4;
        if (ahLen < AH_FIXED_LENGTH || ahLen > length - at) {
            throw new VrrpFormatException(VrrpFormatException.Reason.BAD_AH,
                    "AH length " + ahLen + " with " + (length - at) + " bytes left");
        }
        return ahLen;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
