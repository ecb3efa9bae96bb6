package io.fulcrum.config;

import static io.fulcrum.config.LvsFixtures.load;
import static io.fulcrum.config.LvsFixtures.problems;
import static io.fulcrum.config.LvsFixtures.rs;
import static io.fulcrum.config.LvsFixtures.tcpVs;
import static io.fulcrum.config.LvsFixtures.vs;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.CheckDefaults;
import io.fulcrum.config.model.Forwarding;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.RealServer;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** real_server: its keywords, what it inherits, and the family rules keepalived applies at its end. */
class LvsRealServerTest {

    @Test
    void realServerKeywordsOverrideTheVirtualServer() {
        LoadResult r = load(tcpVs("""
                    alpha
                    inhibit_on_failure
                    weight 3
                    lvs_method DR
                    real_server 10.0.0.2 80 {
                        weight 0
                        lvs_method NAT
                        uthreshold 100
                        lthreshold 50
                        inhibit_on_failure false
                        alpha off
                        notify_up "/bin/up 1"
                        notify_up /bin/again
                        notify_down /bin/down nobody
                        notify_down /bin/again
                        smtp_alert
                        virtualhost rs.example.com
                        snmp_name rs-one
                        connect_timeout 2
                        delay_loop 3
                        retry 5
                        delay_before_retry 4
                        warmup 1
                    }
                    real_server 10.0.0.3 80 {
                    }
                """));
        assertThat(problems(r)).containsExactly(
                "warning 17:9 notify_up script already specified - ignoring this one",
                "warning 19:9 notify_down script already specified - ignoring this one");
        RealServer one = rs(r);
        assertThat(one.weight()).isZero();
        assertThat(one.forwarding()).isEqualTo(new Forwarding.Nat());
        assertThat(one.uthreshold()).isEqualTo(100);
        assertThat(one.lthreshold()).isEqualTo(50);
        assertThat(one.notifyUp().orElseThrow().argv()).containsExactly("/bin/up", "1");
        assertThat(one.notifyDown().orElseThrow().user()).contains("nobody");
        assertThat(one.smtpAlert()).contains(true);
        assertThat(one.virtualhost()).contains("rs.example.com");
        assertThat(one.snmpName()).contains("rs-one");
        assertThat(one.checks()).isEqualTo(new CheckDefaults(Duration.ofSeconds(3), Duration.ofSeconds(2),
                OptionalLong.of(5), Optional.of(Duration.ofSeconds(4)), Optional.of(Duration.ofSeconds(1)), false,
                false));
        RealServer two = vs(r).realServers().get(1);
        assertThat(two.weight()).isEqualTo(3);
        assertThat(two.forwarding()).isEqualTo(new Forwarding.DirectRouting());
        assertThat(two.checks().alpha()).isTrue();
        assertThat(two.checks().inhibitOnFailure()).isTrue();
        assertThat(two.smtpAlert()).isEmpty();
    }

    @Test
    void badRealServerLinesSkipTheBlock() {
        LoadResult r = load(tcpVs("""
                    real_server 10.0.0.256 80 {
                        bogus
                    }
                    real_server 10.0.0.2 65536 {
                    }
                    real_server {
                    }
                    real_server 10.0.0.2 80 {
                    }
                """));
        assertThat(problems(r)).containsExactly(
                "error 5:17 'real_server': invalid IP address '10.0.0.256'",
                "error 8:26 'real_server': 65536 is out of range (expected 0..65535)",
                "error 10:5 'real_server' expects at least 1 argument, got 0");
        assertThat(vs(r).realServers()).hasSize(1);
    }

    @Test
    void sorryServerOfAnotherFamilyIsSkippedUnlessTunnelled() {
        LoadResult r = load(tcpVs(" sorry_server 2001:db8::9 80\n real_server 10.0.0.2 80 {\n }\n"));
        assertThat(problems(r)).containsExactly(
                "error 5:2 Address family of virtual server and sorry server 2001:db8::9 don't match - skipping sorry"
                        + " server.");
        assertThat(vs(r).sorryServer()).isEmpty();
        LoadResult tun = load(tcpVs(" sorry_server 2001:db8::9 80\n sorry_server_lvs_method TUN\n"
                + " real_server 10.0.0.2 80 {\n }\n"));
        assertThat(problems(tun)).isEmpty();
        assertThat(vs(tun).sorryServer().orElseThrow().forwarding()).isEqualTo(Forwarding.Tunnel.IPIP);
    }

    @Test
    void fwmarkServiceFamilyComesFromItsServers() {
        LoadResult mixed = load("virtual_server fwmark 1 {\n lvs_sched rr\n lvs_method TUN\n"
                + " real_server 2001:db8::1 {\n }\n real_server 10.0.0.1 {\n }\n}\n");
        assertThat(problems(mixed)).isEmpty();
        assertThat(vs(mixed).family()).as("mixed tunnelled families default to inet").contains(IpFamily.INET);
        LoadResult v6 = load("virtual_server fwmark 1 {\n lvs_sched rr\n lvs_method TUN\n"
                + " real_server 2001:db8::1 {\n }\n}\n");
        assertThat(vs(v6).family()).contains(IpFamily.INET6);
        LoadResult nat = load("virtual_server fwmark 1 {\n lvs_sched rr\n lvs_method NAT\n"
                + " real_server 2001:db8::1 8080 {\n }\n real_server 10.0.0.1 {\n }\n}\n");
        assertThat(problems(nat)).containsExactly("error 6:2 Address family of virtual server and real server"
                + " 10.0.0.1 don't match - skipping real server.");
        assertThat(vs(nat).family()).contains(IpFamily.INET6);
        // NAT real servers of a fwmark service keep their port
        assertThat(rs(nat).port()).isEqualTo(8080);
    }
}
