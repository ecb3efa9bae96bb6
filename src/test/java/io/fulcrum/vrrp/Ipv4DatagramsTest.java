package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.VrrpFixtures.GROUP4;
import static io.fulcrum.vrrp.VrrpFixtures.LOCAL;
import static io.fulcrum.vrrp.VrrpFixtures.hex;
import static io.fulcrum.vrrp.VrrpFixtures.ipv4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Ipv4DatagramsTest {

    private static final byte[] VRRP = hex("31 33 96 02 00 64 39 09 0a 00 00 64 0a 00 00 65");

    @Test
    void readsTheHeaderAndFindsTheMessage() throws Exception {
        byte[] d = ipv4(LOCAL, GROUP4, 255, 112, VRRP);

        InboundPacket p = Ipv4Datagrams.parse("eth0", d, d.length);

        assertThat(p.interfaceName()).isEqualTo("eth0");
        assertThat(p.source()).isEqualTo(LOCAL);
        assertThat(p.destination()).isEqualTo(GROUP4);
        assertThat(p.ttl()).isEqualTo(255);
        assertThat(p.ipHeaderLength()).isEqualTo(20);
        assertThat(p.ipTotalLength()).isEqualTo(36);
        assertThat(p.ah()).isFalse();
        assertThat(p.vrrp()).isEqualTo(VRRP);
        assertThat(p.vrid()).isEqualTo(51);
        assertThat(p.version()).isEqualTo(3);
    }

    @Test
    void skipsIpOptionsAndKeepsPadding() throws Exception {
        byte[] plain = ipv4(LOCAL, GROUP4, 255, 112, VRRP);
        byte[] d = new byte[plain.length + 4 + 10];
        System.arraycopy(plain, 0, d, 0, 20);
        d[0] = 0x46; // IHL 6: one word of options
        d[3] = (byte) (plain.length + 4);
        d[20] = 0x01; // NOP options
        System.arraycopy(VRRP, 0, d, 24, VRRP.length);

        InboundPacket p = Ipv4Datagrams.parse("eth0", d, d.length);

        assertThat(p.ipHeaderLength()).isEqualTo(24);
        assertThat(p.ipTotalLength()).isEqualTo(40);
        assertThat(p.vrrp()).hasSize(VRRP.length + 10);
        assertThat(Arrays.copyOf(p.vrrp(), VRRP.length)).isEqualTo(VRRP);
    }

    @Test
    void stepsOverAnAhHeader() throws Exception {
        byte[] ah = new byte[24];
        ah[0] = 112; // next header VRRP
        ah[1] = 4; // (24 / 4) - 2
        byte[] payload = new byte[ah.length + VRRP.length];
        System.arraycopy(ah, 0, payload, 0, ah.length);
        System.arraycopy(VRRP, 0, payload, ah.length, VRRP.length);
        byte[] d = ipv4(LOCAL, GROUP4, 255, 51, payload);

        InboundPacket p = Ipv4Datagrams.parse("eth0", d, d.length);

        assertThat(p.ah()).isTrue();
        assertThat(p.ipHeaderLength()).as("IPv4 + AH header").isEqualTo(44);
        assertThat(p.vrrp()).isEqualTo(VRRP);
    }

    @Test
    void malformedDatagramsRaiseTheirReason() {
        byte[] good = ipv4(LOCAL, GROUP4, 255, 112, VRRP);
        assertReason(Arrays.copyOf(good, 19), VrrpFormatException.Reason.TOO_SHORT);
        assertReason(patch(good, 0, 0x65), VrrpFormatException.Reason.BAD_IP_VERSION);
        assertReason(patch(good, 0, 0x44), VrrpFormatException.Reason.BAD_IP_HEADER_LENGTH);
        assertReason(patch(good, 0, 0x4f), VrrpFormatException.Reason.BAD_IP_HEADER_LENGTH);
        assertReason(patch(patch(good, 2, 0), 3, 19), VrrpFormatException.Reason.BAD_IP_TOTAL_LENGTH);
        assertReason(patch(good, 9, 17), VrrpFormatException.Reason.BAD_PROTOCOL);
        byte[] ah = ipv4(LOCAL, GROUP4, 255, 51, new byte[] {112, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertReason(ah, VrrpFormatException.Reason.BAD_AH);
        byte[] ahNext = ipv4(LOCAL, GROUP4, 255, 51, new byte[] {6, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertReason(ahNext, VrrpFormatException.Reason.BAD_AH);
        byte[] ahLong = ipv4(LOCAL, GROUP4, 255, 51, new byte[] {112, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertReason(ahLong, VrrpFormatException.Reason.BAD_AH);
    }

    @Test
    void aTotalLengthBeyondWhatArrivedIsReportedNotRejected() throws Exception {
        byte[] d = patch(ipv4(LOCAL, GROUP4, 255, 112, VRRP), 3, 200);
        assertThat(Ipv4Datagrams.parse("eth0", d, d.length).ipTotalLength()).isEqualTo(200);
    }

    private static byte[] patch(byte[] d, int at, int value) {
        byte[] c = d.clone();
        c[at] = (byte) value;
        return c;
    }

    private static void assertReason(byte[] d, VrrpFormatException.Reason reason) {
        assertThatThrownBy(() -> Ipv4Datagrams.parse("eth0", d, d.length)).isInstanceOf(VrrpFormatException.class)
                .extracting(e -> ((VrrpFormatException) e).reason()).isEqualTo(reason);
    }
}
