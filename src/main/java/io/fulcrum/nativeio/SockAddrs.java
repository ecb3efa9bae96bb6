package io.fulcrum.nativeio;

import io.fulcrum.common.IpAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Optional;

/** {@code struct sockaddr_in} (16 bytes) and {@code struct sockaddr_in6} (28 bytes), written and read by hand. */
final class SockAddrs {

    static final int IN_SIZE = 16;
    static final int IN6_SIZE = 28;

    private static final ValueLayout.OfShort NET_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private SockAddrs() {
    }

    /** A socket address for {@code address} and {@code port}, in the family of the address. */
    static MemorySegment of(Arena arena, IpAddress address, int port) {
        byte[] raw = address.bytes();
        MemorySegment sa = arena.allocate(address.isV4() ? IN_SIZE : IN6_SIZE, 4);
        sa.fill((byte) 0);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) (address.isV4() ? Libc.AF_INET : Libc.AF_INET6));
        sa.set(NET_SHORT, 2, (short) port);
        MemorySegment.copy(MemorySegment.ofArray(raw), 0, sa, address.isV4() ? 4 : 8, raw.length);
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
