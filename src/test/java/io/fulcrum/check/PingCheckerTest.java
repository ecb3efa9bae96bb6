package io.fulcrum.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.PingCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PingCheckerTest {

    /** Answers with {@code outcome} and records each request. */
    private static final class Recording implements IcmpEcho {
        record Request(IpAddress to, Optional<IpAddress> bindTo, Optional<String> bindIf, Duration timeout) {
        }

        final List<Request> requests = new ArrayList<>();
        final Outcome outcome;

        Recording(Outcome outcome) {
            this.outcome = outcome;
        }

        @Override
        public Outcome echo(IpAddress to, Optional<IpAddress> bindTo, Optional<String> bindIf, Duration timeout) {
            requests.add(new Request(to, bindTo, bindIf, timeout));
            return outcome;
        }
    }

    private static PingChecker checker(String options, IcmpEcho icmp) {
        KeepalivedConfig c = ConfigCheckFixtures.config("", "PING_CHECK {\n" + options + "\n}\n");
        return new PingChecker(ConfigCheckFixtures.checker(c, PingCheck.class), ConfigCheckFixtures.target(c), icmp);
    }

    @Test
    void aReplyIsUpAndTheEchoGoesToTheRealServerWithinConnectTimeout() throws Exception {
        Recording icmp = new Recording(new IcmpEcho.Outcome.Reply());
        PingChecker p = checker("connect_timeout 2", icmp);
        assertThat(p.probe()).isEqualTo(ProbeResult.Success.plain());
        assertThat(icmp.requests).containsExactly(new Recording.Request(IpAddress.parse("10.0.0.11"),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(2)));
        assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.kind()).isEqualTo("PING_CHECK");
        assertThat(p.upLine()).isEqualTo("ICMP connection to [10.0.0.11]:tcp:80 success.");
    }

    @Test
    void connectIpBindtoAndBindIfAreUsed() throws Exception {
        Recording icmp = new Recording(new IcmpEcho.Outcome.Reply());
        checker("connect_ip 10.0.0.99\nbindto 10.0.0.1\nbind_if eth1", icmp).probe();
        assertThat(icmp.requests).containsExactly(new Recording.Request(IpAddress.parse("10.0.0.99"),
                Optional.of(IpAddress.parse("10.0.0.1")), Optional.of("eth1"), Duration.ofSeconds(5)));
    }

    @Test
    void noReplyIsATimeout() throws Exception {
        assertThat(checker("", new Recording(new IcmpEcho.Outcome.NoReply())).probe())
                .isEqualTo(new ProbeResult.Failure("ICMP connection to address [10.0.0.11]:tcp:80 timeout."));
    }

    @Test
    void anIcmpErrorIsAFailedConnection() throws Exception {
        assertThat(checker("", new Recording(new IcmpEcho.Outcome.Error("Destination Host Unreachable"))).probe())
                .isEqualTo(new ProbeResult.Failure(
                        "ICMP connection to [10.0.0.11]:tcp:80 of [192.168.10.100]:tcp:80 failed."));
    }

    @Test
    void anUnusableSocketSaysWhy() throws Exception {
        assertThat(checker("", new Recording(new IcmpEcho.Outcome.Unavailable("socket: Permission denied (errno 13)")))
                .probe()).isEqualTo(new ProbeResult.Failure(
                        "ICMP connect fail to create socket (socket: Permission denied (errno 13))."));
    }

    @Test
    void downLinesWithAndWithoutRetries() {
        PingChecker p = checker("", new Recording(new IcmpEcho.Outcome.NoReply()));
        ProbeResult.Failure f = new ProbeResult.Failure("x");
        assertThat(p.downLine(3, f)).isEqualTo(
                "ICMP CHECK on service [10.0.0.11]:tcp:80 of [192.168.10.100]:tcp:80 failed after 3 retries.");
        assertThat(p.downLine(0, f)).isEqualTo("ICMP CHECK on service [10.0.0.11]:tcp:80 failed.");
    }
}
