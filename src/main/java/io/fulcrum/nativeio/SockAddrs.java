package io.fulcrum.nativeio;

import io.fulcrum.common.IpAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * {@code struct sockaddr_in} (16 bytes), {@code struct sockaddr_in6} (28 bytes), {@code struct sockaddr_ll} (20
 * bytes) and {@code struct sockaddr_nl} (12 bytes), written and read by hand.
 */
final class SockAddrs {

    static final int IN_SIZE = 16;
    static final int IN6_SIZE = 28;
    static final int LL_SIZE = 20;
    static final int NL_SIZE = 12;

    private static final ValueLayout.OfShort NET_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private SockAddrs() {
    }

    /** A socket address for {@code address} and {@code port}, in the family of the address. */
    static MemorySegment of(Arena arena, IpAddress address, int port) {
        return of(arena, address, port, 0);
    }

    /** As {@link #of(Arena, IpAddress, int)}, with {@code sin6_scope_id} set for an IPv6 address. */
    static MemorySegment of(Arena arena, IpAddress address, int port, int scopeId) {
        byte[] raw = address.bytes();
        MemorySegment sa = arena.allocate(address.isV4() ? IN_SIZE : IN6_SIZE, 4);
        sa.fill((byte) 0);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) (address.isV4() ? Libc.AF_INET : Libc.AF_INET6));
        sa.set(NET_SHORT, 2, (short) port);
        MemorySegment.copy(MemorySegment.ofArray(raw), 0, sa, address.isV4() ? 4 : 8, raw.length);
        if (address.isV6()) {
            sa.set(ValueLayout.JAVA_INT, 24, scopeId);
        }
        return sa;
    }

    /**
     * A {@code sockaddr_ll} for interface {@code ifindex}: the protocol (an ethertype, written in network order)
     * and, when {@code mac} has 1 to 8 bytes, the hardware address.
     */
    static MemorySegment link(Arena arena, int ifindex, int protocol, byte[] mac) {
        MemorySegment sa = arena.allocate(LL_SIZE, 4);
        sa.fill((byte) 0);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_PACKET);
        sa.set(NET_SHORT, 2, (short) protocol);
        sa.set(ValueLayout.JAVA_INT, 4, ifindex);
        if (mac.length > 0 && mac.length <= 8) {
            sa.set(ValueLayout.JAVA_BYTE, 11, (byte) mac.length);
            MemorySegment.copy(MemorySegment.ofArray(mac), 0, sa, 12, mac.length);
        }
        return sa;
    }

    /** A {@code sockaddr_nl}: port id {@code pid} (0: the kernel, or "assign one" in bind) and multicast groups. */
    static MemorySegment netlink(Arena arena, int pid, int groups) {
        MemorySegment sa = arena.allocate(NL_SIZE, 4);
        sa.fill((byte) 0);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
        sa.set(ValueLayout.JAVA_INT, 4, pid);
        sa.set(ValueLayout.JAVA_INT, 8, groups);
        return sa;
    }

    /** An empty buffer big enough for either family, to receive a peer address into. */
    static MemorySegment any(Arena arena) {
        MemorySegment sa = arena.allocate(IN6_SIZE, 4);
        sa.fill((byte) 0);
        return sa;
    }

    /** The address held in a filled buffer; empty when the family is neither inet nor inet6. */
    static Optional<IpAddress> address(MemorySegment sa) {
        short family = sa.get(ValueLayout.JAVA_SHORT, 0);
        if (family == Libc.AF_INET) {
            return Optional.of(IpAddress.ofBytes(sa.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE)));
        }
        if (family == Libc.AF_INET6) {
            return Optional.of(IpAddress.ofBytes(sa.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE)));
        }
        return Optional.empty();
    }
}
