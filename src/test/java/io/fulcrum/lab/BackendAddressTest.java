package io.fulcrum.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BackendAddressTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:0, 127.0.0.1:0",
        "0.0.0.0:8080, 0.0.0.0:8080",
        "192.0.2.10:65535, 192.0.2.10:65535",
        "[::1]:80, [::1]:80",
        "[2001:DB8:0:0::10]:443, [2001:db8::10]:443",
        "[::]:0, [::]:0"
    })
    void parsesAndPrintsCanonically(String text, String canonical) {
        assertThat(BackendAddress.parse(text).toString()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1| has no port",
        "127.0.0.1:| is not a port number",
        "127.0.0.1:http| is not a port number",
        "127.0.0.1:-1| is not a port number",
        "127.0.0.1:65536|port 65536 is out of range",
        "127.0.0.1:999999|is not a port number",
        "localhost:80|'localhost' is not a numeric IP address",
        "256.0.0.1:80|is not a numeric IP address",
        "::1:80|write an IPv6 address in brackets",
        "[127.0.0.1]:80|write an IPv6 address in brackets",
        "[::1]|has no port",
        "[]:80|is not a numeric IP address"
    })
    void refusesWithAReason(String text, String reason) {
        assertThatThrownBy(() -> BackendAddress.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason)
                .hasMessageStartingWith("'" + text + "'");
    }

    @Test
    void showsAnIpv4MappedBoundAddressAsIpv4() throws Exception {
        InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByAddress(new byte[] {
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 2}), 80);
        // the JDK already unmaps such addresses; the check is for sockets that report the raw form
        assertThat(BackendAddress.of(mapped).toString()).isEqualTo("10.0.0.2:80");
        assertThat(BackendAddress.of(new InetSocketAddress(InetAddress.getByName("::1"), 8080)))
                .isEqualTo(BackendAddress.parse("[::1]:8080"));
    }

    @Test
    void roundTripsThroughASocketAddress() {
        BackendAddress a = BackendAddress.parse("[2001:db8::1]:8443");
        assertThat(BackendAddress.of(a.socketAddress())).isEqualTo(a);
    }
}
