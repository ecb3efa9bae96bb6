package io.fulcrum.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IcmpCodecTest {

    @Test
    void anIpv4RequestCarriesAValidChecksum() {
        byte[] req = IcmpCodec.echoRequest(false, 0x1234, 0x0102, 42L);
        assertThat(req).hasSize(64);
        assertThat(req[0]).isEqualTo((byte) 8);
        assertThat(req[4]).isEqualTo((byte) 0x12);
        assertThat(req[7]).isEqualTo((byte) 0x02);
        assertThat(IcmpCodec.checksum(req, req.length)).isZero();
    }

    @Test
    void anIpv6RequestLeavesTheChecksumToTheKernel() {
        byte[] req = IcmpCodec.echoRequest(true, 1, 2, 3L);
        assertThat(req[0] & 0xff).isEqualTo(128);
        assertThat(req[2]).isZero();
        assertThat(req[3]).isZero();
    }

    @Test
    void rfc1071Example() {
        byte[] data = HexFormat.of().parseHex("0001f203f4f5f6f7");
        assertThat(IcmpCodec.checksum(data, data.length)).isEqualTo(~0xddf2 & 0xffff);
    }

    @Test
    void aReplyBehindAnIpv4HeaderIsFound() {
        byte[] icmp = IcmpCodec.echoRequest(false, 7, 9, 0x1122334455667788L);
        icmp[0] = 0;
        byte[] packet = new byte[24 + icmp.length];
        packet[0] = 0x46; // IHL 6 words: an options word
        System.arraycopy(icmp, 0, packet, 24, icmp.length);
        assertThat(IcmpCodec.parse(packet, packet.length, false, true))
                .isEqualTo(new IcmpCodec.Message.EchoReply(7, 9, 0x1122334455667788L));
    }

    @Test
    void anUnreachableQuotingOurRequestNamesTheReason() {
        byte[] quotedIp = new byte[20];
        quotedIp[0] = 0x45;
        byte[] quotedIcmp = IcmpCodec.echoRequest(false, 0x0a0b, 0x0c0d, 1L);
        byte[] packet = new byte[20 + 8 + 20 + 8];
        packet[0] = 0x45;
        packet[20] = 3;
        packet[21] = 1;
        System.arraycopy(quotedIp, 0, packet, 28, 20);
        System.arraycopy(quotedIcmp, 0, packet, 48, 8);
        assertThat(IcmpCodec.parse(packet, packet.length, false, true))
                .isEqualTo(new IcmpCodec.Message.Unreachable("Destination Host Unreachable", 0x0a0b, 0x0c0d));
    }

    @Test
    void anIcmpv6UnreachableQuotesTheIpv6Header() {
        byte[] packet = new byte[8 + 40 + 8];
        packet[0] = 1;
        packet[1] = 3;
        byte[] quoted = IcmpCodec.echoRequest(true, 5, 6, 0L);
        System.arraycopy(quoted, 0, packet, 48, 8);
        assertThat(IcmpCodec.parse(packet, packet.length, true, false))
                .isEqualTo(new IcmpCodec.Message.Unreachable("Address unreachable", 5, 6));
    }

    @Test
    void ourOwnRequestSeenOnARawSocketIsSomethingElse() {
        byte[] req = IcmpCodec.echoRequest(false, 1, 1, 1L);
        assertThat(IcmpCodec.parse(req, req.length, false, false)).isEqualTo(new IcmpCodec.Message.Other(8));
    }

    @Test
    void shortPacketsAreMalformedNotIndexErrors() {
        assertThat(IcmpCodec.parse(new byte[5], 5, false, false)).isInstanceOf(IcmpCodec.Message.Malformed.class);
        assertThat(IcmpCodec.parse(new byte[10], 10, false, true)).isInstanceOf(IcmpCodec.Message.Malformed.class);
        byte[] badIhl = new byte[30];
        badIhl[0] = 0x41;
        assertThat(IcmpCodec.parse(badIhl, 30, false, true)).isInstanceOf(IcmpCodec.Message.Malformed.class);
        byte[] truncatedError = new byte[12];
        truncatedError[0] = 3;
        assertThat(IcmpCodec.parse(truncatedError, 12, false, false)).isInstanceOf(IcmpCodec.Message.Malformed.class);
        byte[] shortReply = new byte[8];
        assertThat(IcmpCodec.parse(shortReply, 8, false, false)).isEqualTo(new IcmpCodec.Message.EchoReply(0, 0, 0));
    }
}
