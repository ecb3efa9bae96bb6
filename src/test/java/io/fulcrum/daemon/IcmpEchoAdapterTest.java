package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.check.CheckTarget;
import io.fulcrum.check.IcmpEcho;
import io.fulcrum.check.PingChecker;
import io.fulcrum.check.ProbeResult;
import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.PingCheck;
import io.fulcrum.config.model.VirtualServer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PING_CHECK over real ICMP sockets, on loopback only. */
class IcmpEchoAdapterTest {

    private final IcmpEchoAdapter icmp = new IcmpEchoAdapter();

    @Test
    void loopbackAnswersBothFamilies() throws Exception {
        assertThat(icmp.echo(IpAddress.parse("127.0.0.1"), Optional.empty(), Optional.empty(), Duration.ofSeconds(1)))
                .isEqualTo(new IcmpEcho.Outcome.Reply());
        assertThat(icmp.echo(IpAddress.parse("::1"), Optional.of(IpAddress.parse("::1")), Optional.of("lo"),
                Duration.ofSeconds(1))).isEqualTo(new IcmpEcho.Outcome.Reply());
    }

    @Test
    void aSocketThatCannotBeBoundIsUnavailableWithTheCallAndErrno() throws Exception {
        assertThat(icmp.echo(IpAddress.parse("127.0.0.1"), Optional.empty(), Optional.of("nosuchif9"),
                Duration.ofSeconds(1))).isEqualTo(new IcmpEcho.Outcome.Unavailable(
                        "setsockopt(SO_BINDTODEVICE): No such device (errno 19)"));
    }

    @Test
    void aPingCheckOfALoopbackRealServerIsUp() throws Exception {
        KeepalivedConfig c = TableFixtures.config("""
                virtual_server 127.0.0.1 80 {
                    protocol TCP
                    real_server 127.0.0.1 80 {
                        PING_CHECK {
                            connect_timeout 1
                        }
                    }
                }
                """);
        VirtualServer vs = c.virtualServers().getFirst();
        PingChecker p = new PingChecker((PingCheck) vs.realServers().getFirst().checkers().getFirst(),
                new CheckTarget(vs, vs.realServers().getFirst(), "[127.0.0.1]:tcp:80", "[127.0.0.1]:tcp:80"), icmp);
        assertThat(p.probe()).isEqualTo(ProbeResult.Success.plain());
    }
}
