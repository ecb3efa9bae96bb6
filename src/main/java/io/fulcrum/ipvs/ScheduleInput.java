package io.fulcrum.ipvs;

import io.fulcrum.common.IpAddress;

/** What a scheduler may look at for a new connection: the first packet's addresses, ports and protocol. */
public record ScheduleInput(IpAddress clientAddress, int clientPort, IpAddress destAddress, int destPort,
                            Protocol protocol) {

    public ScheduleInput {
        if (clientAddress == null || destAddress == null || protocol == null) {
            throw new IllegalArgumentException("addresses and protocol are required");
        }
    }

    /**
     * The kernel's 32-bit fold of an address for hashing: the IPv4 address in host order, or the XOR of the four
     * 32-bit words of an IPv6 address (XOR commutes with the byte swap, so folding in host order is the same).
     */
    public static int fold(IpAddress a) {
        byte[] b = a.bytes();
        int v = 0;
        for (int i = 0; i < b.length; i += 4) {
            v ^= (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
        }
        return v;
    }
}
