package io.fulcrum.config;

import static io.fulcrum.config.LvsFixtures.config;
import static io.fulcrum.config.LvsFixtures.load;
import static io.fulcrum.config.LvsFixtures.problems;
import static io.fulcrum.config.LvsFixtures.vs;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.Protocol;
import io.fulcrum.config.model.SslSpec;
import io.fulcrum.config.model.VirtualServerGroup;
import io.fulcrum.config.model.VirtualServerGroupEntry.AddressRange;
import io.fulcrum.config.model.VirtualServerGroupEntry.Fwmark;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** virtual_server_group entries and the virtual servers using them; the SSL block. */
class LvsGroupAndSslTest {

    private static AddressRange range(String first, String last, int port) {
        return new AddressRange(IpAddress.parse(first), IpAddress.parse(last), port);
    }

    @Test
    void entriesInEveryForm() {
        LoadResult r = load("""
                virtual_server_group G {
                    10.0.0.1 80
                    10.0.0.1-5 80
                    10.0.0.250-10.0.1.3 81
                    10.0.2.8/29
                    2001:db8::1-a 80
                    2001:db8:1::/126 0
                    fwmark 7 inet6
                    fwmark 8 inet
                }
                """);
        assertThat(problems(r)).isEmpty();
        assertThat(config(r).virtualServerGroups()).containsExactly(new VirtualServerGroup("G", java.util.List.of(
                range("10.0.0.1", "10.0.0.1", 80), range("10.0.0.1", "10.0.0.5", 80),
                range("10.0.0.250", "10.0.1.3", 81), range("10.0.2.8", "10.0.2.15", 0),
                range("2001:db8::1", "2001:db8::a", 80), range("2001:db8:1::", "2001:db8:1::3", 0),
                new Fwmark(7, Optional.of(IpFamily.INET6)), new Fwmark(8, Optional.of(IpFamily.INET)))));
    }

    @Test
    void badEntriesAreSkippedWithKeepalivedsMessages() {
        LoadResult r = load("""
                virtual_server_group G {
                    10.0.0.5-3
                    10.0.3.1/24
                    10.0.0.1 99999
                    10.0.0.9-10.0.0.1
                    10.0.0.1-2001:db8::1
                    10.0.0.1-300
                    10.0.0.1/33
                    nonsense
                    fwmark 7 inet7
                    fwmark
                    10.0.0.7 80
                }
                virtual_server_group EMPTY {
                }
                virtual_server_group MIXED {
                    10.0.0.1 80
                    2001:db8::1 80
                    fwmark 1
                }
                virtual_server_group G {
                    10.9.9.9
                }
                """);
        assertThat(problems(r)).containsExactly(
                "error 2:5 Address range end is not greater than address range start - 10.0.0.5-3 - skipping",
                "error 3:5 Address mask bits not empty - 10.0.3.1/24 - skipping",
                "error 4:14 '10.0.0.1': 99999 is out of range (expected 0..65535)",
                "error 5:5 Address range end is less than address range start - 10.0.0.9-10.0.0.1 - skipping",
                "error 6:5 Range address families do not match 10.0.0.1-2001:db8::1 - skipping",
                "error 7:5 Virtual server group range '10.0.0.1-300' end '300' is not a valid last octet (0..255)"
                        + " - skipping",
                "error 8:5 Invalid netmask - 10.0.0.1/33 - skipping",
                "error 9:5 Invalid virtual server group IP address nonsense - skipping",
                "error 10:14 'fwmark': invalid value 'inet7' (expected one of inet|inet6); did you mean 'inet'?",
                "error 11:5 'fwmark' expects at least 1 argument, got 0",
                "error 14:1 virtual server group EMPTY has no entries - removing",
                "error 16:1 virtual server group MIXED cannot have IPv4, IPv6 and fwmark without family - removing",
                "error 21:1 virtual_server_group G is defined twice; ignoring this one");
        assertThat(config(r).virtualServerGroups()).containsExactly(
                new VirtualServerGroup("G", java.util.List.of(range("10.0.0.7", "10.0.0.7", 80))));
    }

    @Test
    void groupServicesOnlyWarnAboutPorts() {
        LoadResult r = load("""
                virtual_server_group G {
                    10.0.0.1-5 80
                    10.0.0.9
                    fwmark 3
                }
                virtual_server group G {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 10.1.0.1 81 {
                    }
                }
                """);
        assertThat(problems(r)).containsExactly(
                "error 6:1 Virtual server [G]:0: zero port only valid for persistent services - setting"
                        + " persistence_timeout 360",
                "warning 10:5 WARNING - fwmark virtual server [G]:0, real server [10.1.0.1]:tcp:81 has port"
                        + " specified - port will be ignored",
                "warning 10:5 virtual server [G]:0:[10.0.0.1-10.0.0.5,80] and real server [10.1.0.1]:tcp:81 ports"
                        + " don't match",
                "warning 10:5 virtual server [G]:0:[10.0.0.9,0] and real server [10.1.0.1]:tcp:81 ports don't match");
        assertThat(vs(r).protocol()).contains(Protocol.TCP);
        assertThat(vs(r).family()).contains(IpFamily.INET);
        assertThat(vs(r).persistence().orElseThrow().timeout()).isEqualTo(360);
        assertThat(vs(r).realServers().getFirst().port()).isEqualTo(81);
    }

    @Test
    void fwmarkOnlyGroupIgnoresTheProtocol() {
        LoadResult r = load("virtual_server_group F {\n fwmark 3 inet\n}\nvirtual_server group F {\n protocol UDP\n"
                + " lvs_sched rr\n lvs_method NAT\n real_server 10.1.0.1 81 {\n }\n}\n");
        assertThat(problems(r)).containsExactly(
                "warning 4:1 Warning: Virtual server [F]:0: protocol specified for fwmark - protocol will be ignored");
        assertThat(vs(r).protocol()).isEmpty();
    }

    @Test
    void sslBlock() {
        LoadResult r = load("""
                SSL {
                    password one
                }
                SSL {
                    password secret
                    ca /etc/ca.pem
                    ca /etc/ca2.pem
                    certificate /etc/cert.pem
                    key /etc/key.pem
                    cipher x
                }
                """);
        assertThat(problems(r)).containsExactly(
                "warning 4:1 SSL context already specified - replacing",
                "warning 7:5 SSL cafile already specified - replacing",
                "error 10:5 unknown keyword 'cipher' in SSL");
        assertThat(config(r).ssl()).contains(new SslSpec(Optional.of("secret"), Optional.of("/etc/ca2.pem"),
                Optional.of("/etc/cert.pem"), Optional.of("/etc/key.pem")));
        LoadResult empty = load("SSL {\n}\n");
        assertThat(config(empty).ssl().orElseThrow().isAutogenerated()).isTrue();
    }
}
