package io.fulcrum.vrrp;

import io.fulcrum.common.IpAddress;
import java.util.Objects;

/**
 * A VRRP packet as the transport received it, before any check: who sent it to which address, with what TTL
 * (IPv4) or hop limit (IPv6), and the bytes of the VRRP message. For IPv4, {@code ipTotalLength} is the IP
 * header's total length and {@code ipHeaderLength} the bytes before the VRRP message (the IPv4 header, plus the
 * AH header when {@code ah} is set), so the length rules of the receive checks can be applied; for IPv6 they
 * describe the payload the kernel handed over (header length 0). {@code ah} is set when the VRRP message came
 * inside an IPsec AH header. {@code interfaceName} is where it arrived.
 */
public record InboundPacket(String interfaceName, IpAddress source, IpAddress destination, int ttl,
        int ipHeaderLength, int ipTotalLength, boolean ah, byte[] vrrp) {

    public InboundPacket {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        vrrp = vrrp.clone();
    }

    @Override
    public byte[] vrrp() {
        return vrrp.clone();
    }

    /** Length of the VRRP bytes. */
    public int length() {
        return vrrp.length;
    }

    /** The VRID byte, or -1 when the packet is too short to carry one (for the dispatch to an instance). */
    public int vrid() {
        return vrrp.length < 2 ? -1 : vrrp[1] & 0xff;
    }

    /** The version nibble, or -1 when the packet is empty. */
    public int version() {
        return vrrp.length < 1 ? -1 : (vrrp[0] & 0xff) >>> 4;
    }
}
