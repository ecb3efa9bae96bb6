package io.fulcrum.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpAddressTest {

    @Test
    void parsesAndPrintsIpv4() {
        assertThat(IpAddress.parse("192.168.59.135").toString()).isEqualTo("192.168.59.135");
        assertThat(IpAddress.parse("0.0.0.0").isUnspecified()).isTrue();
        assertThat(IpAddress.parse("224.0.0.18").isMulticast()).isTrue();
        assertThat(IpAddress.parse("127.0.0.1").isLoopback()).isTrue();
        for (String bad : new String[] {"256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "01234.1.1.1", "a.b.c.d", "",
            "1.2.3.4 ", "1.2.3.-4"}) {
            assertThat(IpAddress.tryParse(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void parsesAndPrintsIpv6Canonically() {
        assertThat(IpAddress.parse("2001:db8:0:0:0:0:0:80").toString()).isEqualTo("2001:db8::80");
        assertThat(IpAddress.parse("ff02::12").toString()).isEqualTo("ff02::12");
        assertThat(IpAddress.parse("::").toString()).isEqualTo("::");
        assertThat(IpAddress.parse("::1").isLoopback()).isTrue();
        assertThat(IpAddress.parse("fe80::1").isLinkLocal()).isTrue();
        assertThat(IpAddress.parse("2001:db8:0:1:0:0:0:1").toString()).isEqualTo("2001:db8:0:1::1");
        assertThat(IpAddress.parse("2001:0:0:1:0:0:0:1").toString()).isEqualTo("2001:0:0:1::1");
        assertThat(IpAddress.parse("::ffff:1.2.3.4").toString()).isEqualTo("::ffff:102:304");
        for (String bad : new String[] {":::", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", ":1", "1:"}) {
            assertThat(IpAddress.tryParse(bad)).as(bad).isEmpty();
        }
        assertThatThrownBy(() -> IpAddress.parse("nope")).hasMessageContaining("'nope'");
    }

    @Test
    void masksPrefixesAndRanges() {
        assertThat(IpAddress.parse("10.1.2.3").masked(24)).hasToString("10.1.2.0");
        assertThat(IpAddress.parse("255.255.255.0").netmaskPrefix()).isEqualTo(24);
        assertThat(IpAddress.parse("255.0.255.0").netmaskPrefix()).isEqualTo(-1);
        assertThat(IpAddress.v4Netmask(20)).hasToString("255.255.240.0");
        assertThat(IpAddress.parse("10.0.0.255").plus(1)).hasToString("10.0.1.0");
        assertThat(IpPrefix.tryParse("10.0.0.1/255.255.255.0")).hasValueSatisfying(
                p -> assertThat(p.prefixLength()).isEqualTo(24));
        assertThat(IpPrefix.tryParse("10.0.0.1/33")).isEmpty();
        assertThat(IpPrefix.tryParse("2001:db8::1/64")).hasValueSatisfying(p -> assertThat(p).hasToString(
                "2001:db8::1/64"));
        assertThat(IpAddress.parse("10.0.0.2")).isLessThan(IpAddress.parse("10.0.0.10"))
                .isLessThan(IpAddress.parse("::1"));
    }
}
