package io.fulcrum.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Big-endian (network order) reads and writes of a frame's fields, and the offsets of the headers. Every access
 * goes through {@link MemorySegment}'s own bounds check; callers check against the frame's length first.
 */
final class Wire {

    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** Destination MAC, source MAC, EtherType. */
    static final int ETHERNET_HEADER = 14;
    static final int ETHERTYPE_OFFSET = 12;
    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;
    static final int TCP_HEADER = 20;
    static final int UDP_HEADER = 8;

    /** Offsets inside an IPv4 header. */
    static final int V4_TOTAL_LENGTH = 2;
    static final int V4_FRAGMENT = 6;
    static final int V4_TTL = 8;
    static final int V4_PROTOCOL = 9;
    static final int V4_CHECKSUM = 10;
    static final int V4_SOURCE = 12;
    static final int V4_DESTINATION = 16;

    /** Offsets inside an IPv6 header. */
    static final int V6_PAYLOAD_LENGTH = 4;
    static final int V6_NEXT_HEADER = 6;
    static final int V6_HOP_LIMIT = 7;
    static final int V6_SOURCE = 8;
    static final int V6_DESTINATION = 24;

    /** Offsets inside TCP and UDP headers. */
    static final int L4_SOURCE_PORT = 0;
    static final int L4_DESTINATION_PORT = 2;
    static final int TCP_DATA_OFFSET = 12;
    static final int TCP_FLAGS = 13;
    static final int TCP_CHECKSUM = 16;
    static final int UDP_LENGTH = 4;
    static final int UDP_CHECKSUM = 6;

    /** IPv4 flags and fragment offset: don't fragment, more fragments, the 13-bit offset. */
    static final int V4_DF = 0x4000;
    static final int V4_MF = 0x2000;
    static final int V4_OFFSET_MASK = 0x1fff;

    private Wire() {
    }

    static int u8(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at) & 0xff;
    }

    static int u16(MemorySegment s, long at) {
        return s.get(U16, at) & 0xffff;
    }

    static int i32(MemorySegment s, long at) {
        return s.get(U32, at);
    }

    static long i64(MemorySegment s, long at) {
        return s.get(U64, at);
    }

    static void put8(MemorySegment s, long at, int value) {
        s.set(ValueLayout.JAVA_BYTE, at, (byte) value);
    }

    static void put16(MemorySegment s, long at, int value) {
        s.set(U16, at, (short) value);
    }

    static void put32(MemorySegment s, long at, int value) {
        s.set(U32, at, value);
    }

    static void put64(MemorySegment s, long at, long value) {
        s.set(U64, at, value);
    }

    /** A 48-bit MAC address at {@code at}, in the low bits of a long. */
    static long mac(MemorySegment s, long at) {
        return ((long) u16(s, at) << 32) | (i32(s, at + 2) & 0xffffffffL);
    }

    static void putMac(MemorySegment s, long at, long mac) {
        put16(s, at, (int) (mac >>> 32));
        put32(s, at + 2, (int) mac);
    }
}
