package io.fulcrum.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ProxyProtocolTest {

    private static final IpAddress CLIENT4 = IpAddress.parse("192.168.0.1");
    private static final IpAddress VIP4 = IpAddress.parse("192.168.0.11");

    @Test
    void version1TcpOverIpv4IsTheSpecExampleLine() {
        byte[] h = ProxyProtocol.V1.header(false, CLIENT4, 56324, VIP4, 443);
        assertThat(new String(h, StandardCharsets.US_ASCII))
                .isEqualTo("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n");
    }

    @Test
    void version1TcpOverIpv6UsesCompressedAddresses() {
        byte[] h = ProxyProtocol.V1.header(false, IpAddress.parse("2001:db8::1"), 40000,
                IpAddress.parse("2001:db8:0:0:0:0:0:80"), 80);
        assertThat(new String(h, StandardCharsets.US_ASCII))
                .isEqualTo("PROXY TCP6 2001:db8::1 2001:db8::80 40000 80\r\n");
        assertThat(h.length).isLessThanOrEqualTo(107); // the spec's maximum line length
    }

    @Test
    void version1RefusesUdp() {
        assertThatThrownBy(() -> ProxyProtocol.V1.header(true, CLIENT4, 1, VIP4, 53))
                .hasMessageContaining("TCP only");
    }

    @Test
    void version2TcpOverIpv4() {
        byte[] h = ProxyProtocol.V2.header(false, CLIENT4, 56324, VIP4, 443);
        assertThat(HexFormat.of().formatHex(h)).isEqualTo(
                "0d0a0d0a000d0a515549540a" // signature
                + "21" + "11" + "000c"     // v2 PROXY, TCP over IPv4, 12 address bytes
                + "c0a80001" + "c0a8000b"  // 192.168.0.1 -> 192.168.0.11
                + "dc04" + "01bb");        // 56324 -> 443
    }

    @Test
    void version2UdpOverIpv6() {
        byte[] h = ProxyProtocol.V2.header(true, IpAddress.parse("::1"), 5353, IpAddress.parse("fe80::2"), 53);
        assertThat(h).hasSize(16 + 36);
        assertThat(h[12]).isEqualTo((byte) 0x21);
        assertThat(h[13]).isEqualTo((byte) 0x22);
        assertThat(HexFormat.of().formatHex(h, 14, 16)).isEqualTo("0024");
        assertThat(HexFormat.of().formatHex(h, 16, 52)).isEqualTo(
                "00000000000000000000000000000001" + "fe800000000000000000000000000002" + "14e9" + "0035");
    }

    @Test
    void mixedFamiliesAreRefused() {
        assertThatThrownBy(() -> ProxyProtocol.V2.header(false, CLIENT4, 1, IpAddress.parse("::1"), 2))
                .hasMessageContaining("one address family");
    }

    @Test
    void keywordValues() {
        assertThat(ProxyProtocol.V1.keyword()).isEqualTo("v1");
        assertThat(ProxyProtocol.V2.keyword()).isEqualTo("v2");
    }
}
