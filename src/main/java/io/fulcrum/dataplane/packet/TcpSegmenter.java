package io.fulcrum.dataplane.packet;

import java.lang.foreign.MemorySegment;

/**
 * Software TCP segmentation for the engine's transmit side. A TCP frame larger than the outgoing link carries is
 * a GSO/GRO super-frame: a local sender's TSO packet passed whole over a veth, or packets a NIC's GRO merged on
 * receive. The wire takes at most the MTU, and the transmit ring one frame per slot, so it is cut into segments
 * as the kernel's GSO would: the same headers, the payload in pieces of at most MSS bytes, each with its sequence
 * number, IP total length (IPv4: identification + i, header checksum), TCP checksum computed afresh; FIN and PSH
 * only on the last segment, CWR only on the first.
 */
final class TcpSegmenter {

    private static final int FIN_PSH = 0x01 | 0x08;
    private static final int CWR = 0x80;

    /** Receives each segment, built in the scratch segment; false when it could not be queued. */
    @FunctionalInterface
    interface Segments {
        boolean emit(MemorySegment frame, int length);
    }

    private final Frame segment = new Frame();

    /**
     * Cuts the parsed TCP frame {@code f} into frames whose IP packets are at most {@code mtu} bytes, built one at a
     * time in {@code out} (at least {@code mtu + 14} bytes) and handed to {@code sink}.
     *
     * @return the segments emitted, or -1 when {@code f} cannot be cut (not TCP, headers alone above the MTU)
     */
    int segment(Frame f, int mtu, MemorySegment out, Segments sink) {
        if (!f.isTcp()) {
            return -1;
        }
        MemorySegment s = f.segment();
        int l3 = f.l3Offset();
        int l4 = f.l4Offset();
        int tcpHeader = (Wire.u8(s, l4 + 12) >>> 4) * 4;
        int headers = l4 + tcpHeader;
        int end = l3 + f.ipTotalLength();
        int mss = mtu - (l4 - l3) - tcpHeader;
        if (mss <= 0 || out.byteSize() < (long) mtu + l3) {
            return -1;
        }
        boolean v4 = f.ipVersion() == 4;
        int seq0 = Wire.i32(s, l4 + 4);
        int flags = Wire.u8(s, l4 + 13);
        int id0 = v4 ? Wire.u16(s, l3 + 4) : 0;
        int emitted = 0;
        for (int from = headers; from < end; from += mss) {
            int chunk = Math.min(mss, end - from);
            boolean last = from + chunk >= end;
            MemorySegment.copy(s, 0, out, 0, headers);
            MemorySegment.copy(s, from, out, headers, chunk);
            int ipLength = headers - l3 + chunk;
            if (v4) {
                Wire.put16(out, l3 + 2, ipLength);
                Wire.put16(out, l3 + 4, (id0 + emitted) & 0xffff);
                Wire.put16(out, l3 + 10, 0);
                Wire.put16(out, l3 + 10, Checksums.ipv4Header(out, l3, l4 - l3));
            } else {
                Wire.put16(out, l3 + 4, ipLength - 40);
            }
            Wire.put32(out, l4 + 4, seq0 + (from - headers));
            int f2 = flags;
            if (!last) {
                f2 &= ~FIN_PSH;
            }
            if (emitted > 0) {
                f2 &= ~CWR;
            }
            Wire.put8(out, l4 + 13, f2);
            int length = l3 + ipLength;
            if (FrameParser.parse(out, length, segment) != FrameError.NONE) {
                return -1;
            }
            L4Checksum.complete(segment);
            if (!sink.emit(out, length)) {
                return emitted;
            }
            emitted++;
        }
        return emitted;
    }
}
