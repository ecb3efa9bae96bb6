package io.fulcrum.dataplane.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameParserTest {

    private final Frame frame = new Frame();

    private FrameError parse(byte[] bytes) {
        return FrameParser.parse(MemorySegment.ofArray(bytes), bytes.length, frame);
    }

    @Test
    void readsEveryFieldOfAnIpv4TcpFrame() {
        FrameBuilder b = FrameBuilder.tcp4().payload(10);
        b.tcpFlags = FrameBuilder.SYN | FrameBuilder.ACK;
        b.tcpOptions = new byte[] {2, 4, 5, (byte) 0xb4};
        b.ttl = 63;
        byte[] bytes = b.build();

        assertThat(parse(bytes)).isEqualTo(FrameError.NONE);

        assertThat(frame.error()).isEqualTo(FrameError.NONE);
        assertThat(frame.length()).isEqualTo(bytes.length).isEqualTo(14 + 20 + 24 + 10);
        assertThat(frame.destinationMac()).isEqualTo(0x02_00_00_00_00_64L);
        assertThat(frame.sourceMac()).isEqualTo(0x02_00_00_00_00_01L);
        assertThat(frame.etherType()).isEqualTo(0x0800);
        assertThat(frame.ipVersion()).isEqualTo(4);
        assertThat(frame.l3Offset()).isEqualTo(14);
        assertThat(frame.ipHeaderLength()).isEqualTo(20);
        assertThat(frame.l4Offset()).isEqualTo(34);
        assertThat(frame.ipTotalLength()).isEqualTo(20 + 24 + 10);
        assertThat(frame.protocol()).isEqualTo(6);
        assertThat(frame.ttl()).isEqualTo(63);
        assertThat(frame.sourceHigh()).isZero();
        assertThat(frame.sourceLow()).isEqualTo(0x0a000001L);
        assertThat(frame.destinationHigh()).isZero();
        assertThat(frame.destinationLow()).isEqualTo(0x0a000064L);
        assertThat(frame.ipv4Source()).isEqualTo(0x0a000001);
        assertThat(frame.ipv4Destination()).isEqualTo(0x0a000064);
        assertThat(frame.sourcePort()).isEqualTo(1234);
        assertThat(frame.destinationPort()).isEqualTo(80);
        assertThat(frame.tcpFlags()).isEqualTo(0x12);
        assertThat(frame.l4PayloadLength()).isEqualTo(10);
        assertThat(frame.isTcp()).isTrue();
        assertThat(frame.isUdp()).isFalse();
    }

    @Test
    void anIpv4AddressAboveTwoToThe31IsReadUnsignedInTheLowLong() {
        FrameBuilder b = FrameBuilder.udp4();
        b.source = new byte[] {(byte) 192, (byte) 168, 1, (byte) 254};
        assertThat(parse(b.build())).isEqualTo(FrameError.NONE);
        assertThat(frame.sourceLow()).isEqualTo(0xc0a801feL);
        assertThat(frame.ipv4Source()).isEqualTo(0xc0a801fe);
    }

    @Test
    void readsAnIpv4UdpFrame() {
        byte[] bytes = FrameBuilder.udp4().payload(12).build();
        assertThat(parse(bytes)).isEqualTo(FrameError.NONE);
        assertThat(frame.protocol()).isEqualTo(17);
        assertThat(frame.sourcePort()).isEqualTo(40000);
        assertThat(frame.destinationPort()).isEqualTo(53);
        assertThat(frame.tcpFlags()).isZero();
        assertThat(frame.l4PayloadLength()).isEqualTo(12);
        assertThat(frame.isUdp()).isTrue();
    }

    @Test
    void readsIpv6TcpAndUdpFrames() {
        FrameBuilder tcp = FrameBuilder.tcp6().payload(5);
        tcp.ttl = 7;
        assertThat(parse(tcp.build())).isEqualTo(FrameError.NONE);
        assertThat(frame.etherType()).isEqualTo(0x86dd);
        assertThat(frame.ipVersion()).isEqualTo(6);
        assertThat(frame.ipHeaderLength()).isEqualTo(40);
        assertThat(frame.l4Offset()).isEqualTo(54);
        assertThat(frame.ipTotalLength()).isEqualTo(40 + 20 + 5);
        assertThat(frame.ttl()).isEqualTo(7);
        assertThat(frame.sourceHigh()).isEqualTo(0x20010db800000000L);
        assertThat(frame.sourceLow()).isEqualTo(1L);
        assertThat(frame.destinationHigh()).isEqualTo(0x20010db800000000L);
        assertThat(frame.destinationLow()).isEqualTo(0x100L);
        assertThat(frame.ipv4Source()).isZero();
        assertThat(frame.ipv4Destination()).isZero();
        assertThat(frame.tcpFlags()).isEqualTo(FrameBuilder.SYN);
        assertThat(frame.l4PayloadLength()).isEqualTo(5);

        assertThat(parse(FrameBuilder.udp6().payload(3).build())).isEqualTo(FrameError.NONE);
        assertThat(frame.protocol()).isEqualTo(17);
        assertThat(frame.destinationPort()).isEqualTo(53);
        assertThat(frame.l4PayloadLength()).isEqualTo(3);
    }

    @Test
    void ethernetPaddingPastTheIpTotalLengthIsIgnored() {
        FrameBuilder b = FrameBuilder.udp4().payload(1);
        b.padding = 60 - (14 + 20 + 9);
        byte[] bytes = b.build();
        assertThat(bytes).hasSize(60);
        assertThat(parse(bytes)).isEqualTo(FrameError.NONE);
        assertThat(frame.length()).isEqualTo(60);
        assertThat(frame.ipTotalLength()).isEqualTo(29);
        assertThat(frame.l4PayloadLength()).isEqualTo(1);
    }

    @Test
    void aUdpLengthShorterThanTheIpPayloadIsAcceptedAndGoverns() {
        byte[] bytes = FrameBuilder.udp4().payload(10).build();
        Oracle.put16(bytes, 34 + 4, 8 + 4);
        assertThat(parse(bytes)).isEqualTo(FrameError.NONE);
        assertThat(frame.l4PayloadLength()).isEqualTo(4);
    }

    @Test
    void onlyTheGivenLengthOfALargerSegmentCounts() {
        byte[] bytes = FrameBuilder.tcp4().payload(20).build();
        byte[] larger = Arrays.copyOf(bytes, bytes.length + 100);
        MemorySegment s = MemorySegment.ofArray(larger);
        assertThat(FrameParser.parse(s, bytes.length, frame)).isEqualTo(FrameError.NONE);
        assertThat(frame.length()).isEqualTo(bytes.length);
        assertThat(FrameParser.parse(s, bytes.length - 1, frame)).isEqualTo(FrameError.TRUNCATED_IP);
        assertThat(frame.length()).isEqualTo(bytes.length - 1);
    }

    @Test
    void aLengthPastTheSegmentCountsOnlyTheBytesThereAre() {
        byte[] bytes = FrameBuilder.tcp4().payload(20).build();
        MemorySegment shorter = MemorySegment.ofArray(bytes).asSlice(0, bytes.length - 1);
        assertThat(FrameParser.parse(shorter, bytes.length, frame)).isEqualTo(FrameError.TRUNCATED_IP);
        assertThat(frame.length()).isEqualTo(bytes.length - 1);
        assertThat(FrameParser.parse(MemorySegment.ofArray(bytes).asSlice(0, 10), 1 << 30, frame))
                .isEqualTo(FrameError.TRUNCATED_ETHERNET);
        assertThat(FrameParser.parse(MemorySegment.ofArray(bytes), Integer.MAX_VALUE, frame))
                .as("everything is there").isEqualTo(FrameError.NONE);
        assertThat(FrameParser.parse(MemorySegment.NULL, 100, frame)).isEqualTo(FrameError.TRUNCATED_ETHERNET);
    }

    @Test
    void aNegativeLengthIsAnEmptyFrame() {
        byte[] bytes = FrameBuilder.tcp4().build();
        assertThat(FrameParser.parse(MemorySegment.ofArray(bytes), -1, frame))
                .isEqualTo(FrameError.TRUNCATED_ETHERNET);
        assertThat(frame.length()).isZero();
    }

    @Test
    void parsesFramesInNativeMemory() {
        byte[] bytes = FrameBuilder.tcp6().payload(3).build();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(2048);
            MemorySegment.copy(MemorySegment.ofArray(bytes), 0, s, 0, bytes.length);
            assertThat(FrameParser.parse(s, bytes.length, frame)).isEqualTo(FrameError.NONE);
            assertThat(frame.segment()).isEqualTo(s);
            assertThat(frame.destinationPort()).isEqualTo(80);
        }
    }

    @Test
    void aReusedFrameKeepsNothingOfTheLastParse() {
        assertThat(parse(FrameBuilder.tcp6().build())).isEqualTo(FrameError.NONE);
        FrameBuilder arp = FrameBuilder.tcp4();
        arp.etherType = 0x0806;
        assertThat(parse(arp.build())).isEqualTo(FrameError.NOT_IP);
        assertThat(frame.etherType()).isEqualTo(0x0806);
        assertThat(frame.ipVersion()).isZero();
        assertThat(frame.l3Offset()).isZero();
        assertThat(frame.l4Offset()).isZero();
        assertThat(frame.sourceHigh()).isZero();
        assertThat(frame.destinationLow()).isZero();
        assertThat(frame.sourcePort()).isZero();
        assertThat(frame.destinationPort()).isZero();
        assertThat(frame.tcpFlags()).isZero();
        assertThat(frame.protocol()).isZero();
    }

    @Test
    void framesThatAreParsedToTheIpLayerOnlyCarryTheirAddressesButNoPorts() {
        FrameBuilder icmp = FrameBuilder.tcp4().protocol(1).payload(8);
        assertThat(parse(icmp.build())).isEqualTo(FrameError.UNSUPPORTED_PROTOCOL);
        assertThat(frame.protocol()).isEqualTo(1);
        assertThat(frame.ipv4Destination()).isEqualTo(0x0a000064);
        assertThat(frame.l4Offset()).isEqualTo(34);
        assertThat(frame.sourcePort()).isZero();
        assertThat(frame.isTcp()).isFalse();

        FrameBuilder options = FrameBuilder.tcp4();
        options.ipOptions = new byte[] {(byte) 0x94, 4, 0, 0};
        assertThat(parse(options.build())).isEqualTo(FrameError.IP_OPTIONS);
        assertThat(frame.ipHeaderLength()).isEqualTo(24);
        assertThat(frame.l4Offset()).isEqualTo(38);
        assertThat(frame.ipv4Source()).isEqualTo(0x0a000001);
        assertThat(frame.sourcePort()).isZero();
        assertThat(frame.error().ipParsed()).isTrue();
    }

    @Test
    void theDontFragmentFlagAloneIsNoFragment() {
        FrameBuilder b = FrameBuilder.tcp4();
        b.fragment = 0x4000;
        assertThat(parse(b.build())).isEqualTo(FrameError.NONE);
        b.fragment = 0;
        assertThat(parse(b.build())).isEqualTo(FrameError.NONE);
    }

    @Test
    void everyErrorHasAHandBuiltFrame() {
        Map<String, Map.Entry<byte[], FrameError>> cases = new LinkedHashMap<>();
        cases.put("full TCP", Map.entry(FrameBuilder.tcp4().build(), FrameError.NONE));
        cases.put("13 bytes", Map.entry(new byte[13], FrameError.TRUNCATED_ETHERNET));
        cases.put("empty", Map.entry(new byte[0], FrameError.TRUNCATED_ETHERNET));
        FrameBuilder arp = FrameBuilder.tcp4();
        arp.etherType = 0x0806;
        cases.put("ARP", Map.entry(arp.build(), FrameError.NOT_IP));
        cases.put("802.1Q tag", Map.entry(vlanTagged(FrameBuilder.tcp4().build()), FrameError.NOT_IP));
        cases.put("IPv4 header cut", Map.entry(Arrays.copyOf(FrameBuilder.tcp4().build(), 33),
                FrameError.TRUNCATED_IP));
        cases.put("IPv6 header cut", Map.entry(Arrays.copyOf(FrameBuilder.tcp6().build(), 53),
                FrameError.TRUNCATED_IP));
        cases.put("IPv4 total length past the frame", Map.entry(Arrays.copyOf(FrameBuilder.tcp4().payload(4)
                .build(), 14 + 20 + 20 + 3), FrameError.TRUNCATED_IP));
        cases.put("IPv6 payload length past the frame", Map.entry(Arrays.copyOf(FrameBuilder.udp6().payload(4)
                .build(), 14 + 40 + 8 + 3), FrameError.TRUNCATED_IP));
        FrameBuilder options = FrameBuilder.tcp4();
        options.ipOptions = new byte[] {1, 1, 1, 0};
        cases.put("IHL past the frame", Map.entry(Arrays.copyOf(options.build(), 14 + 22),
                FrameError.TRUNCATED_IP));
        byte[] v6InV4 = FrameBuilder.tcp4().build();
        v6InV4[14] = 0x65;
        cases.put("version 6 under EtherType IPv4", Map.entry(v6InV4, FrameError.BAD_IP_VERSION));
        byte[] v4InV6 = FrameBuilder.tcp6().build();
        v4InV6[14] = 0x45;
        cases.put("version 4 under EtherType IPv6", Map.entry(v4InV6, FrameError.BAD_IP_VERSION));
        byte[] ihl4 = FrameBuilder.tcp4().build();
        ihl4[14] = 0x44;
        Oracle.fixIpv4Checksum(ihl4);
        cases.put("IHL 4", Map.entry(ihl4, FrameError.BAD_IP_HEADER_LENGTH));
        byte[] total19 = FrameBuilder.tcp4().build();
        Oracle.put16(total19, 16, 19);
        Oracle.fixIpv4Checksum(total19);
        cases.put("total length 19", Map.entry(total19, FrameError.BAD_IP_TOTAL_LENGTH));
        byte[] badSum = FrameBuilder.tcp4().build();
        badSum[24] ^= 0x01;
        cases.put("IPv4 checksum off by one bit", Map.entry(badSum, FrameError.BAD_IP_CHECKSUM));
        byte[] badTtl = FrameBuilder.tcp4().build();
        badTtl[22]--;
        cases.put("TTL changed without checksum", Map.entry(badTtl, FrameError.BAD_IP_CHECKSUM));
        FrameBuilder routerAlert = FrameBuilder.udp4();
        routerAlert.ipOptions = new byte[] {(byte) 0x94, 4, 0, 0};
        cases.put("router alert option", Map.entry(routerAlert.build(), FrameError.IP_OPTIONS));
        FrameBuilder first = FrameBuilder.udp4().payload(16);
        first.fragment = 0x2000;
        cases.put("first fragment (MF)", Map.entry(first.build(), FrameError.FRAGMENT));
        FrameBuilder last = FrameBuilder.udp4().payload(16);
        last.fragment = 185;
        cases.put("last fragment (offset)", Map.entry(last.build(), FrameError.FRAGMENT));
        cases.put("IPv6 hop-by-hop", Map.entry(FrameBuilder.tcp6().protocol(0).payload(8).build(),
                FrameError.IPV6_EXTENSION_HEADER));
        cases.put("IPv6 fragment header", Map.entry(FrameBuilder.tcp6().protocol(44).payload(8).build(),
                FrameError.IPV6_EXTENSION_HEADER));
        cases.put("IPv6 no next header", Map.entry(FrameBuilder.tcp6().protocol(59).build(),
                FrameError.IPV6_EXTENSION_HEADER));
        cases.put("TCP header cut by the IP length", Map.entry(withIpPayload(FrameBuilder.tcp4(), 19),
                FrameError.TRUNCATED_L4));
        cases.put("UDP header cut by the IP length", Map.entry(withIpPayload(FrameBuilder.udp4(), 7),
                FrameError.TRUNCATED_L4));
        cases.put("IPv6 TCP, payload length 0", Map.entry(withIpPayload(FrameBuilder.tcp6(), 0),
                FrameError.TRUNCATED_L4));
        byte[] offset4 = FrameBuilder.tcp4().build();
        offset4[34 + 12] = 0x40;
        cases.put("TCP data offset 4", Map.entry(offset4, FrameError.BAD_TCP_HEADER_LENGTH));
        byte[] offset15 = FrameBuilder.tcp6().payload(30).build();
        offset15[54 + 12] = (byte) 0xf0;
        cases.put("TCP data offset 15 past the packet", Map.entry(offset15, FrameError.BAD_TCP_HEADER_LENGTH));
        byte[] udp7 = FrameBuilder.udp4().payload(4).build();
        Oracle.put16(udp7, 34 + 4, 7);
        cases.put("UDP length 7", Map.entry(udp7, FrameError.BAD_UDP_LENGTH));
        byte[] udpLong = FrameBuilder.udp6().payload(4).build();
        Oracle.put16(udpLong, 54 + 4, 8 + 5);
        cases.put("UDP length past the packet", Map.entry(udpLong, FrameError.BAD_UDP_LENGTH));
        cases.put("ICMP", Map.entry(FrameBuilder.tcp4().protocol(1).payload(8).build(),
                FrameError.UNSUPPORTED_PROTOCOL));
        cases.put("ICMPv6", Map.entry(FrameBuilder.tcp6().protocol(58).payload(8).build(),
                FrameError.UNSUPPORTED_PROTOCOL));
        cases.put("IPIP", Map.entry(FrameBuilder.tcp4().protocol(4).payload(20).build(),
                FrameError.UNSUPPORTED_PROTOCOL));

        Set<FrameError> seen = EnumSet.noneOf(FrameError.class);
        cases.forEach((name, c) -> {
            assertThat(parse(c.getKey())).as(name).isEqualTo(c.getValue());
            assertThat(frame.error()).as(name).isEqualTo(c.getValue());
            seen.add(c.getValue());
        });
        assertThat(seen).containsExactlyInAnyOrder(FrameError.values());
    }

    @Test
    void everyErrorHasADescription() {
        for (FrameError e : FrameError.values()) {
            assertThat(e.description()).as(e.name()).isNotBlank().doesNotContain("\n");
        }
    }

    @Test
    void anIpv4HeaderWhoseChecksumFieldIsMinusZeroIsAccepted() {
        // a header summing to 0xFFFF without its checksum has checksum 0x0000, and 0xFFFF (-0) is as good
        byte[] bytes = FrameBuilder.tcp4().build();
        Oracle.put16(bytes, 24, 0);
        Oracle.put16(bytes, 14 + 4, 0);
        int sum = Oracle.onesSum(bytes, 14, 34, 0);
        Oracle.put16(bytes, 14 + 4, 0xffff - sum);
        assertThat(Oracle.ipv4HeaderChecksum(bytes)).isZero();
        assertThat(parse(bytes)).isEqualTo(FrameError.NONE);
        Oracle.put16(bytes, 24, 0xffff);
        assertThat(parse(bytes)).isEqualTo(FrameError.NONE);
    }

    /** The frame with an 802.1Q tag (VLAN 10) inserted after the MAC addresses. */
    static byte[] vlanTagged(byte[] frame) {
        byte[] tagged = new byte[frame.length + 4];
        System.arraycopy(frame, 0, tagged, 0, 12);
        tagged[12] = (byte) 0x81;
        tagged[13] = 0x00;
        tagged[14] = 0x00;
        tagged[15] = 0x0a;
        System.arraycopy(frame, 12, tagged, 16, frame.length - 12);
        return tagged;
    }

    /** A frame whose IP packet carries only the first {@code n} bytes of the transport header. */
    private static byte[] withIpPayload(FrameBuilder b, int n) {
        byte[] full = b.build();
        int ihl = b.version == 4 ? 20 : 40;
        byte[] cut = Arrays.copyOf(full, 14 + ihl + n);
        if (b.version == 4) {
            Oracle.put16(cut, 16, 20 + n);
            Oracle.fixIpv4Checksum(cut);
        } else {
            Oracle.put16(cut, 18, n);
        }
        return cut;
    }
}
