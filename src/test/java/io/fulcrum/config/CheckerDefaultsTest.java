package io.fulcrum.config;

import static io.fulcrum.config.LvsFixtures.load;
import static io.fulcrum.config.LvsFixtures.problems;
import static io.fulcrum.config.LvsFixtures.rs;
import static io.fulcrum.config.LvsFixtures.tcpRs;
import static io.fulcrum.config.LvsFixtures.tcpVs;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.CheckerOptions;
import io.fulcrum.config.model.CheckerSpec;
import io.fulcrum.config.model.Connection;
import io.fulcrum.config.model.DnsCheck;
import io.fulcrum.config.model.DnsType;
import io.fulcrum.config.model.FileCheck;
import io.fulcrum.config.model.HttpGet;
import io.fulcrum.config.model.HttpProtocol;
import io.fulcrum.config.model.MiscCheck;
import io.fulcrum.config.model.PingCheck;
import io.fulcrum.config.model.SmtpCheck;
import io.fulcrum.config.model.SslGet;
import io.fulcrum.config.model.StatusRange;
import io.fulcrum.config.model.TcpCheck;
import io.fulcrum.config.model.UdpCheck;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** keepalived's defaults for every checker kind, and how checkers inherit from real and virtual servers. */
class CheckerDefaultsTest {

    private static CheckerSpec only(String checkerBlock) {
        LoadResult r = load(tcpRs(checkerBlock));
        assertThat(problems(r)).isEmpty();
        assertThat(rs(r).checkers()).hasSize(1);
        return rs(r).checkers().getFirst();
    }

    /** The options every kind but MISC and FILE gets when nothing is set: connection to the real server. */
    private static CheckerOptions standard(long retry, Duration delayBeforeRetry) {
        return new CheckerOptions(Optional.of(new Connection(IpAddress.parse("10.0.0.2"), OptionalInt.of(80),
                Optional.empty(), OptionalInt.empty(), Optional.empty(), OptionalLong.empty(), Duration.ofSeconds(5))),
                false, retry, delayBeforeRetry, Duration.ofSeconds(60), Duration.ofSeconds(60), false);
    }

    @Test
    void tcpCheckDefaults() {
        assertThat(only("TCP_CHECK {\n}\n")).isEqualTo(new TcpCheck(standard(1, Duration.ofSeconds(1))));
    }

    @Test
    void pingCheckDefaults() {
        assertThat(only("PING_CHECK {\n}\n")).isEqualTo(new PingCheck(standard(1, Duration.ofSeconds(1))));
    }

    @Test
    void httpGetDefaultsRetryOneDelayBeforeRetryThreeSecondsStatus200To299() {
        HttpGet h = (HttpGet) only("HTTP_GET {\n url {\n path /\n }\n}\n");
        assertThat(h.options()).isEqualTo(standard(1, Duration.ofSeconds(3)));
        assertThat(h.http().protocol()).isEqualTo(HttpProtocol.HTTP_1_0);
        assertThat(h.http().fastRecovery()).isFalse();
        assertThat(h.http().virtualhost()).isEmpty();
        assertThat(h.http().urls()).hasSize(1);
        assertThat(h.http().urls().getFirst().statusCodes()).containsExactly(new StatusRange(200, 299));
        assertThat(h.http().urls().getFirst().digest()).isEmpty();
        assertThat(h.http().urls().getFirst().regex()).isEmpty();
    }

    @Test
    void sslGetDefaults() {
        SslGet s = (SslGet) only("SSL_GET {\n url {\n path /\n }\n}\n");
        assertThat(s.options()).isEqualTo(standard(1, Duration.ofSeconds(3)));
        assertThat(s.enableSni()).isFalse();
        assertThat(s.sniName()).isEmpty();
        assertThat(s.tlsCompliant()).isFalse();
    }

    @Test
    void smtpCheckDefaultsHeloName() {
        assertThat(only("SMTP_CHECK {\n}\n"))
                .isEqualTo(new SmtpCheck(standard(1, Duration.ofSeconds(1)), "smtpchecker.keepalived.org"));
    }

    @Test
    void dnsCheckDefaultsRetryThreeDelayBeforeRetryIsDelayLoopSoaDot() {
        assertThat(only("DNS_CHECK {\n}\n"))
                .isEqualTo(new DnsCheck(standard(3, Duration.ofSeconds(60)), DnsType.SOA, "."));
        DnsCheck d = (DnsCheck) only("DNS_CHECK {\n delay_loop 7\n}\n");
        assertThat(d.options().delayBeforeRetry()).isEqualTo(Duration.ofSeconds(7));
        assertThat(d.options().warmup()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void udpCheckDefaults() {
        assertThat(only("UDP_CHECK {\n}\n")).isEqualTo(new UdpCheck(standard(1, Duration.ofSeconds(1)),
                Optional.empty(), false, Optional.empty(), 0, 255));
    }

    @Test
    void miscCheckDefaultsRetryZeroNoConnection() {
        MiscCheck m = (MiscCheck) only("MISC_CHECK {\n misc_path \"/bin/check a b\"\n}\n");
        assertThat(m.options()).isEqualTo(new CheckerOptions(Optional.empty(), false, 0, Duration.ofSeconds(1),
                Duration.ofSeconds(60), Duration.ofSeconds(60), false));
        assertThat(m.script().argv()).containsExactly("/bin/check", "a", "b");
        assertThat(m.timeoutSeconds()).isEmpty();
        assertThat(m.dynamic()).isFalse();
    }

    @Test
    void fileCheckHasNoCommonOptionsAndWeightDefaultsToTheTrackFiles() {
        LoadResult r = load(tcpRs("FILE_CHECK {\n track_file tf\n}\n"));
        assertThat(rs(r).checkers()).containsExactly(new FileCheck("tf", false, OptionalInt.empty(), false));
        // the track_file block is another grammar's; a missing one is only a warning here
        assertThat(problems(r)).containsExactly("warning 7:2 track_file tf not found");
    }

    @Test
    void checkersInheritFromTheRealServerWhichInheritsFromTheVirtualServer() {
        LoadResult r = load(tcpVs("""
                    delay_loop 20
                    connect_timeout 4
                    retry 6
                    delay_before_retry 2
                    warmup 0
                    alpha
                    real_server 10.0.0.2 80 {
                        delay_loop 10
                        TCP_CHECK {
                        }
                        MISC_CHECK {
                            misc_path /bin/true
                        }
                        DNS_CHECK {
                            retry 2
                            delay_loop 5
                            connect_timeout 1
                            alpha no
                        }
                    }
                """));
        assertThat(problems(r)).isEmpty();
        List<CheckerSpec> c = rs(r).checkers();
        CheckerOptions tcp = ((TcpCheck) c.get(0)).options();
        assertThat(tcp.delayLoop()).isEqualTo(Duration.ofSeconds(10));
        assertThat(tcp.connection().orElseThrow().connectTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(tcp.retry()).isEqualTo(6);
        assertThat(tcp.delayBeforeRetry()).isEqualTo(Duration.ofSeconds(2));
        assertThat(tcp.warmup()).isEqualTo(Duration.ZERO);
        assertThat(tcp.alpha()).isTrue();
        // the virtual server's retry overrides MISC_CHECK's own default of 0
        assertThat(((MiscCheck) c.get(1)).options().retry()).isEqualTo(6);
        CheckerOptions dns = ((DnsCheck) c.get(2)).options();
        assertThat(dns.retry()).isEqualTo(2);
        assertThat(dns.delayLoop()).isEqualTo(Duration.ofSeconds(5));
        assertThat(dns.connection().orElseThrow().connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(dns.alpha()).isFalse();
        assertThat(dns.delayBeforeRetry()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void warmupDefaultsToTheCheckersOwnDelayLoop() {
        CheckerOptions o = ((TcpCheck) only("TCP_CHECK {\n delay_loop 3.5\n}\n")).options();
        assertThat(o.warmup()).isEqualTo(Duration.ofMillis(3500));
    }

    @Test
    void connectionDefaultsToTheRealServerAndTakesEveryConnectionKeyword() {
        TcpCheck t = (TcpCheck) only("""
                TCP_CHECK {
                    connect_ip 10.9.9.9
                    connect_port 8443
                    bindto 10.0.0.100
                    bind_port 5000
                    bind_if eth0
                    fwmark 12
                    connect_timeout 0.25
                    log_all_failures
                }
                """);
        Connection c = t.options().connection().orElseThrow();
        assertThat(c).isEqualTo(new Connection(IpAddress.parse("10.9.9.9"), OptionalInt.of(8443),
                Optional.of(IpAddress.parse("10.0.0.100")), OptionalInt.of(5000), Optional.of("eth0"),
                OptionalLong.of(12), Duration.ofMillis(250)));
        assertThat(t.options().logAllFailures()).isTrue();
    }
}
