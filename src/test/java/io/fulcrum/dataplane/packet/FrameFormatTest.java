package io.fulcrum.dataplane.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class FrameFormatTest {

    private static Frame parse(byte[] bytes) {
        Frame f = new Frame();
        FrameParser.parse(MemorySegment.ofArray(bytes), bytes.length, f);
        return f;
    }

    @Test
    void rendersTcpAndUdp() {
        assertThat(FrameFormat.format(parse(FrameBuilder.tcp4().build())))
                .isEqualTo("TCP 10.0.0.1:1234 -> 10.0.0.100:80 [SYN]");
        FrameBuilder data = FrameBuilder.tcp4().payload(12);
        data.tcpFlags = FrameBuilder.PSH | FrameBuilder.ACK;
        assertThat(parse(data.build())).hasToString("TCP 10.0.0.1:1234 -> 10.0.0.100:80 [PSH,ACK] len 12");
        assertThat(FrameFormat.format(parse(FrameBuilder.udp6().payload(3).build())))
                .isEqualTo("UDP [2001:db8::1]:40000 -> [2001:db8::100]:53 len 3");
    }

    @Test
    void rendersFramesParsedToTheIpLayer() {
        assertThat(FrameFormat.format(parse(FrameBuilder.tcp4().protocol(1).payload(8).build())))
                .isEqualTo("ICMP 10.0.0.1 -> 10.0.0.100");
        FrameBuilder fragment = FrameBuilder.udp4().payload(8);
        fragment.fragment = 0x2000;
        assertThat(FrameFormat.format(parse(fragment.build())))
                .isEqualTo("UDP 10.0.0.1 -> 10.0.0.100: " + FrameError.FRAGMENT.description());
        assertThat(FrameFormat.format(parse(FrameBuilder.tcp6().protocol(0).payload(8).build())))
                .startsWith("IPv6 protocol 0 2001:db8::1 -> 2001:db8::100: ");
    }

    @Test
    void rendersFramesThatAreNotIp() {
        FrameBuilder arp = FrameBuilder.tcp4();
        arp.etherType = 0x0806;
        arp.dstMac = 0xff_ff_ff_ff_ff_ffL;
        assertThat(FrameFormat.format(parse(arp.build()))).isEqualTo("ethertype 0x0806 02:00:00:00:00:01 -> "
                + "ff:ff:ff:ff:ff:ff: " + FrameError.NOT_IP.description() + " (54 bytes)");
        assertThat(FrameFormat.format(parse(new byte[3])))
                .isEqualTo(FrameError.TRUNCATED_ETHERNET.description() + " (3 bytes)");
        assertThat(FrameFormat.format(new Frame())).contains("0 bytes");
    }

    @Test
    void tcpFlagsInBitOrder() {
        assertThat(FrameFormat.tcpFlags(0x12)).isEqualTo("[SYN,ACK]");
        assertThat(FrameFormat.tcpFlags(0)).isEqualTo("[]");
        assertThat(FrameFormat.tcpFlags(0xff)).isEqualTo("[FIN,SYN,RST,PSH,ACK,URG,ECE,CWR]");
    }

    @Test
    void addressesInTheirUsualForms() {
        assertThat(FrameFormat.ipv4(0xc0a80001)).isEqualTo("192.168.0.1");
        assertThat(FrameFormat.ipv4(-1)).isEqualTo("255.255.255.255");
        assertThat(FrameFormat.mac(0x0a_1b_2c_3d_4e_5fL)).isEqualTo("0a:1b:2c:3d:4e:5f");
        assertThat(FrameFormat.ipv6(0, 0)).isEqualTo("::");
        assertThat(FrameFormat.ipv6(0, 1)).isEqualTo("::1");
        assertThat(FrameFormat.ipv6(0x0001_0000_0000_0000L, 0)).isEqualTo("1::");
        assertThat(FrameFormat.ipv6(0x2001_0db8_0000_0000L, 1)).isEqualTo("2001:db8::1");
        assertThat(FrameFormat.ipv6(0xfe80_0000_0000_0000L, 0x0000_00ff_fe00_0a01L)).isEqualTo("fe80::ff:fe00:a01");
        assertThat(FrameFormat.ipv6(0x0001_0000_0000_0002L, 0x0000_0000_0000_0003L))
                .as("the longest run of zeros").isEqualTo("1:0:0:2::3");
        assertThat(FrameFormat.ipv6(0x0001_0000_0000_0002L, 0x0000_0000_0003_0004L))
                .as("the first of equal runs").isEqualTo("1::2:0:0:3:4");
        assertThat(FrameFormat.ipv6(0x0001_0000_0002_0003L, 0x0004_0005_0006_0007L))
                .as("a single zero group stays").isEqualTo("1:0:2:3:4:5:6:7");
        assertThat(FrameFormat.ipv6(-1, -1)).isEqualTo("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    }
}
