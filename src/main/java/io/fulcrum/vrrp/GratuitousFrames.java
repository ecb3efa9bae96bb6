package io.fulcrum.vrrp;

import io.fulcrum.common.IpAddress;
import java.util.Arrays;

/**
 * The Ethernet frames a new MASTER sends for each of its addresses, byte for byte as keepalived builds them for an
 * {@code AF_PACKET} socket: a gratuitous ARP request for IPv4 ({@code vrrp_arp.c}) and an unsolicited neighbour
 * advertisement for IPv6 ({@code vrrp_ndisc.c}).
 */
public final class GratuitousFrames {

    /** The shortest Ethernet frame without its FCS ({@code ETH_ZLEN}); shorter frames are zero-padded. */
    public static final int MIN_FRAME = 60;
    /** Ethernet header: destination, source, EtherType. */
    public static final int ETHERNET_HEADER = 14;
    private static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ARPHRD_ETHER = 1;
    private static final int ARPOP_REQUEST = 1;
    private static final int IPPROTO_ICMPV6 = 58;
    private static final int ND_NEIGHBOR_ADVERT = 136;
    private static final int ND_OPT_TARGET_LINKADDR = 2;
    private static final int NA_FLAG_ROUTER = 0x80;
    private static final int NA_FLAG_OVERRIDE = 0x20;
    private static final int ICMPV6_NA_LENGTH = 24 + 8;
    private static final IpAddress ALL_NODES = IpAddress.parse("ff02::1");

    private GratuitousFrames() {
    }

    /**
     * A gratuitous ARP for {@code vip}: Ethernet broadcast from {@code senderMac}, ARP request (op 1) with sender
     * and target protocol address both the VIP, sender hardware address {@code senderMac}, target hardware address
     * ff:ff:ff:ff:ff:ff, zero-padded to 60 bytes.
     */
    public static byte[] arp(byte[] senderMac, IpAddress vip) {
        checkMac(senderMac);
        if (!vip.isV4()) {
            throw new IllegalArgumentException("gratuitous ARP is for IPv4 addresses, not " + vip);
        }
        byte[] f = new byte[MIN_FRAME];
        fill(f, 0, 6, (byte) 0xff);
        System.arraycopy(senderMac, 0, f, 6, 6);
        put16(f, 12, ETHERTYPE_ARP);
        int a = ETHERNET_HEADER;
        put16(f, a, ARPHRD_ETHER);
        put16(f, a + 2, ETHERTYPE_IPV4);
        f[a + 4] = 6;
        f[a + 5] = 4;
        put16(f, a + 6, ARPOP_REQUEST);
        System.arraycopy(senderMac, 0, f, a + 8, 6);
        System.arraycopy(vip.bytes(), 0, f, a + 14, 4);
        fill(f, a + 18, 6, (byte) 0xff);
        System.arraycopy(vip.bytes(), 0, f, a + 24, 4);
        return f;
    }

    /** {@link #neighbourAdvert(byte[], IpAddress, IpAddress, boolean)} without the router flag. */
    public static byte[] neighbourAdvert(byte[] senderMac, IpAddress vip, IpAddress sourceLinkLocal) {
        return neighbourAdvert(senderMac, vip, sourceLinkLocal, false);
    }

    /**
     * An unsolicited neighbour advertisement (RFC 4861 section 7.2.6) for {@code vip}: Ethernet to 33:33:00:00:00:01,
     * IPv6 from {@code sourceLinkLocal} to ff02::1 with hop limit 255, ICMPv6 type 136 with the override flag (and
     * the router flag when the interface forwards, as keepalived does), target {@code vip} and a target link-layer
     * address option carrying {@code senderMac}; the ICMPv6 checksum is computed.
     */
    public static byte[] neighbourAdvert(byte[] senderMac, IpAddress vip, IpAddress sourceLinkLocal, boolean router) {
        checkMac(senderMac);
        if (!vip.isV6() || !sourceLinkLocal.isV6()) {
            throw new IllegalArgumentException("neighbour advertisements are for IPv6 addresses");
        }
        byte[] f = new byte[ETHERNET_HEADER + 40 + ICMPV6_NA_LENGTH];
        f[0] = 0x33;
        f[1] = 0x33;
        f[5] = 0x01;
        System.arraycopy(senderMac, 0, f, 6, 6);
        put16(f, 12, ETHERTYPE_IPV6);
        int ip = ETHERNET_HEADER;
        f[ip] = 0x60;
        put16(f, ip + 4, ICMPV6_NA_LENGTH);
        f[ip + 6] = IPPROTO_ICMPV6;
        f[ip + 7] = (byte) 255;
        System.arraycopy(sourceLinkLocal.bytes(), 0, f, ip + 8, 16);
        System.arraycopy(ALL_NODES.bytes(), 0, f, ip + 24, 16);
        int icmp = ip + 40;
        f[icmp] = (byte) ND_NEIGHBOR_ADVERT;
        f[icmp + 4] = (byte) (NA_FLAG_OVERRIDE | (router ? NA_FLAG_ROUTER : 0));
        System.arraycopy(vip.bytes(), 0, f, icmp + 8, 16);
        f[icmp + 24] = ND_OPT_TARGET_LINKADDR;
        f[icmp + 25] = 1;
        System.arraycopy(senderMac, 0, f, icmp + 26, 6);
        int sum = Checksums.internet(f, icmp, ICMPV6_NA_LENGTH,
                Checksums.pseudoHeader(sourceLinkLocal, ALL_NODES, IPPROTO_ICMPV6, ICMPV6_NA_LENGTH));
        put16(f, icmp + 2, sum);
        return f;
    }

    private static void checkMac(byte[] mac) {
        if (mac.length != 6) {
            throw new IllegalArgumentException("an Ethernet address has 6 bytes, not " + mac.length);
        }
    }

    private static void fill(byte[] b, int from, int n, byte v) {
        Arrays.fill(b, from, from + n, v);
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }
}
