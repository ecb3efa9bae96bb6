package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.VrrpFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GratuitousFramesTest {

    private static final byte[] MAC = hex("02 00 5e 10 20 30");

    @Test
    void gratuitousArpFieldByField() {
        byte[] f = GratuitousFrames.arp(MAC, IpAddress.parse("192.168.1.10"));

        assertThat(f).hasSize(60);
        assertThat(range(f, 0, 6)).as("broadcast destination").isEqualTo(hex("ff ff ff ff ff ff"));
        assertThat(range(f, 6, 12)).as("source MAC").isEqualTo(MAC);
        assertThat(range(f, 12, 14)).as("EtherType ARP").isEqualTo(hex("08 06"));
        assertThat(range(f, 14, 16)).as("hardware type Ethernet").isEqualTo(hex("00 01"));
        assertThat(range(f, 16, 18)).as("protocol IPv4").isEqualTo(hex("08 00"));
        assertThat(f[18]).as("hardware length").isEqualTo((byte) 6);
        assertThat(f[19]).as("protocol length").isEqualTo((byte) 4);
        assertThat(range(f, 20, 22)).as("op: request").isEqualTo(hex("00 01"));
        assertThat(range(f, 22, 28)).as("sender MAC").isEqualTo(MAC);
        assertThat(range(f, 28, 32)).as("sender IP").isEqualTo(hex("c0 a8 01 0a"));
        assertThat(range(f, 32, 38)).as("target MAC").isEqualTo(hex("ff ff ff ff ff ff"));
        assertThat(range(f, 38, 42)).as("target IP").isEqualTo(hex("c0 a8 01 0a"));
        assertThat(range(f, 42, 60)).as("padding").isEqualTo(new byte[18]);
    }

    @Test
    void unsolicitedNeighbourAdvertFieldByField() {
        IpAddress vip = IpAddress.parse("2001:db8::100");
        IpAddress src = IpAddress.parse("fe80::1");
        byte[] f = GratuitousFrames.neighbourAdvert(hex("02 00 00 00 00 01"), vip, src);

        assertThat(f).hasSize(14 + 40 + 32);
        assertThat(range(f, 0, 6)).as("all-nodes multicast MAC").isEqualTo(hex("33 33 00 00 00 01"));
        assertThat(range(f, 6, 12)).isEqualTo(hex("02 00 00 00 00 01"));
        assertThat(range(f, 12, 14)).as("EtherType IPv6").isEqualTo(hex("86 dd"));
        assertThat(range(f, 14, 18)).as("version 6, no class or flow").isEqualTo(hex("60 00 00 00"));
        assertThat(range(f, 18, 20)).as("payload length").isEqualTo(hex("00 20"));
        assertThat(f[20]).as("next header ICMPv6").isEqualTo((byte) 58);
        assertThat(f[21] & 0xff).as("hop limit").isEqualTo(255);
        assertThat(range(f, 22, 38)).isEqualTo(src.bytes());
        assertThat(range(f, 38, 54)).isEqualTo(IpAddress.parse("ff02::1").bytes());
        assertThat(f[54] & 0xff).as("type NA").isEqualTo(136);
        assertThat(f[55]).as("code").isZero();
        // checksum summed independently over fe80::1 > ff02::1, length 32, next header 58, then the message
        assertThat(range(f, 56, 58)).as("checksum").isEqualTo(hex("27 64"));
        assertThat(range(f, 58, 62)).as("flags: override only").isEqualTo(hex("20 00 00 00"));
        assertThat(range(f, 62, 78)).as("target").isEqualTo(vip.bytes());
        assertThat(range(f, 78, 86)).as("target link-layer option").isEqualTo(hex("02 01 02 00 00 00 00 01"));
        assertThat(Checksums.internet(f, 54, 32, Checksums.pseudoHeader(src, IpAddress.parse("ff02::1"), 58, 32)))
                .as("verifies").isZero();
    }

    @Test
    void routerFlagWhenAsked() {
        byte[] f = GratuitousFrames.neighbourAdvert(MAC, IpAddress.parse("2001:db8::1"), IpAddress.parse("fe80::1"),
                true);
        assertThat(f[58] & 0xff).isEqualTo(0xa0);
        assertThat(Checksums.internet(f, 54, 32, Checksums.pseudoHeader(IpAddress.parse("fe80::1"),
                IpAddress.parse("ff02::1"), 58, 32))).isZero();
    }

    @Test
    void refusesTheWrongFamilyOrMac() {
        assertThatThrownBy(() -> GratuitousFrames.arp(MAC, IpAddress.parse("::1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GratuitousFrames.arp(new byte[5], IpAddress.parse("10.0.0.1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GratuitousFrames.neighbourAdvert(MAC, IpAddress.parse("10.0.0.1"),
                IpAddress.parse("fe80::1"))).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] range(byte[] b, int from, int to) {
        return Arrays.copyOfRange(b, from, to);
    }
}
