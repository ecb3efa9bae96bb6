package io.fulcrum.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.TcpCheck;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TcpCheckerTest {

    private static TcpChecker checker(int port, String options) {
        CheckFixtures.Loaded l = CheckFixtures.realServer(port).checker("TCP_CHECK {\n" + options + "\n}");
        return new TcpChecker((TcpCheck) l.checker(), l.target());
    }

    @Test
    void aListeningPortPasses() throws Exception {
        try (TestServers.Tcp server = TestServers.silent()) {
            TcpChecker c = checker(server.port(), "connect_timeout 2");
            assertThat(c.probe()).isInstanceOf(ProbeResult.Success.class);
            assertThat(c.kind()).isEqualTo("TCP_CHECK");
            assertThat(c.upLine()).isEqualTo("TCP connection to [127.0.0.1]:tcp:" + server.port() + " success.");
            assertThat(c.warnings()).isEmpty();
        }
    }

    @Test
    void aClosedPortFailsWithKeepalivedsLines() throws Exception {
        int port = TestServers.closedPort();
        TcpChecker c = checker(port, "connect_timeout 2");
        ProbeResult r = c.probe();
        assertThat(r).isEqualTo(new ProbeResult.Failure("TCP connection to [127.0.0.1]:tcp:" + port + " failed."));
        assertThat(c.downLine(3, (ProbeResult.Failure) r))
                .isEqualTo("TCP_CHECK on service [127.0.0.1]:tcp:" + port + " failed after 3 retries.");
        assertThat(c.downLine(0, (ProbeResult.Failure) r))
                .isEqualTo("TCP_CHECK on service [127.0.0.1]:tcp:" + port + " failed.");
    }

    @Test
    void connectPortAndTimeoutComeFromTheChecker() throws Exception {
        try (TestServers.Tcp server = TestServers.silent()) {
            int closed = TestServers.closedPort();
            TcpChecker c = checker(closed, "connect_port " + server.port() + "\nconnect_timeout 0.5");
            assertThat(c.probe()).isInstanceOf(ProbeResult.Success.class);
            assertThat(c.timeout().toMillis()).isEqualTo(500);
            // keepalived names the real server (FMT_CHK), not the connect port
            assertThat(c.upLine()).contains("[127.0.0.1]:tcp:" + closed);
        }
    }

    @Test
    void bindtoAndBindPortAreHonoured() throws Exception {
        int local = TestServers.closedPort();
        try (TestServers.Tcp server = TestServers.silent()) {
            TcpChecker c = checker(server.port(), "bindto 127.0.0.1\nbind_port " + local + "\nconnect_timeout 2");
            assertThat(c.probe()).isInstanceOf(ProbeResult.Success.class);
            assertThat(server.clientPorts.poll(5, TimeUnit.SECONDS)).isEqualTo(local);
        }
    }

    @Test
    void bindIfAndFwmarkAreReportedAsIgnored() throws Exception {
        try (TestServers.Tcp server = TestServers.silent()) {
            TcpChecker c = checker(server.port(), "bind_if lo\nfwmark 7\nconnect_timeout 2");
            assertThat(c.warnings()).containsExactly(
                    "TCP_CHECK for [127.0.0.1]:tcp:" + server.port()
                            + ": bind_if lo is ignored (JDK sockets cannot bind to an interface)",
                    "TCP_CHECK for [127.0.0.1]:tcp:" + server.port()
                            + ": fwmark 7 is ignored (JDK sockets cannot set SO_MARK)");
            assertThat(c.probe()).isInstanceOf(ProbeResult.Success.class);
        }
    }

    @Test
    void anInterruptedThreadDoesNotProbe() {
        TcpChecker c = checker(1, "connect_timeout 2");
        Thread.currentThread().interrupt();
        org.assertj.core.api.Assertions.assertThatThrownBy(c::probe).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }
}
