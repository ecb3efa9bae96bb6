package io.fulcrum.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Fills in a TCP/UDP checksum from scratch (pseudo-header included). Frames a local stack sent over a veth or
 * with transmit checksum offload arrive with the checksum not yet computed (the ring's TP_STATUS_CSUMNOTREADY:
 * the field holds only the pseudo-header's partial sum, the device was to finish it); forwarded as they are, the
 * receiver would drop them as corrupt, so the engine completes them before transmitting, after any rewrite.
 */
final class L4Checksum {

    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    private L4Checksum() {
    }

    /** Writes the correct TCP/UDP checksum of the parsed frame {@code f} (TCP or UDP only). */
    static void complete(Frame f) {
        MemorySegment s = f.segment();
        int l3 = f.l3Offset();
        int l4 = f.l4Offset();
        int l4Length;
        long sum;
        if (f.ipVersion() == 4) {
            l4Length = f.ipTotalLength() - f.ipHeaderLength();
            sum = Checksums.sum(s, l3 + 12, 8, 0);
        } else {
            l4Length = f.ipTotalLength() - 40;
            sum = Checksums.sum(s, l3 + 8, 32, 0);
        }
        sum += f.protocol() + l4Length;
        int at = l4 + (f.protocol() == FrameParser.TCP ? 16 : 6);
        s.set(BYTE, at, (byte) 0);
        s.set(BYTE, at + 1, (byte) 0);
        int c = ~Checksums.fold(Checksums.sum(s, l4, l4Length, sum)) & 0xffff;
        if (c == 0 && f.protocol() == FrameParser.UDP) {
            c = 0xffff; // 0 means "no checksum" in UDP
        }
        s.set(BYTE, at, (byte) (c >>> 8));
        s.set(BYTE, at + 1, (byte) c);
    }
}
