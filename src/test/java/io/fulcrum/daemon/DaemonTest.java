package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.cli.RunSettings;
import io.fulcrum.config.ConfigLoader;
import io.fulcrum.config.FileAccess;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.PreprocessOptions;
import io.fulcrum.control.ControlClient;
import io.fulcrum.control.ControlRequest;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.control.IpvsSnapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon in-process: started on a configuration, served on a socket, stopped. */
class DaemonTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final DaemonLog log = new DaemonLog(new PrintWriter(out),
            Clock.fixed(Instant.parse("2025-01-06T10:00:00Z"), ZoneOffset.UTC));

    private RunSettings settings(String text, Path socket) {
        LoadResult r = new ConfigLoader(FileAccess.none(), PreprocessOptions.of("director1", Map.of()))
                .loadText("<test>", dir, text);
        return new RunSettings(dir.resolve("keepalived.conf"), r.config().orElseThrow(), r.errorCount(),
                r.warningCount(), socket);
    }

    @Test
    void servesTheTableOnItsSocketUntilStopped() throws Exception {
        Path sock = dir.resolve("f.sock");
        Daemon d = Daemon.start(settings("global_defs {\n router_id test\n}\n", sock), "9.9", 42, log,
                System::nanoTime);
        try (ControlClient c = ControlClient.connect(sock)) {
            assertThat(c.hello("test")).isInstanceOf(ControlResponse.Ok.class);
            var key = new IpvsSnapshot.FwmarkKey(5, IpvsSnapshot.Family.INET);
            assertThat(c.call(new ControlRequest.AddService(LiveTableTest.service(key, "wrr"))))
                    .isEqualTo(ControlResponse.done());
            ControlResponse t = c.call(new ControlRequest.GetTable(Optional.empty(), false));
            assertThat(((ControlResponse.Table) ((ControlResponse.Ok) t).payload()).snapshot().services())
                    .extracting(IpvsSnapshot.Service::key).containsExactly(key);
        } finally {
            d.stop("test");
        }
        assertThat(d.awaitStop(1000)).isTrue();
        assertThat(Files.exists(sock, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(dir.resolve("f.sock.lock"))).isFalse();
        String logged = out.toString();
        assertThat(logged).contains("Mon Jan  6 10:00:00 2025: Starting Fulcrum 9.9 (java ")
                .contains(": Configuration " + dir.resolve("keepalived.conf") + ": 0 VRRP instance(s), 0 virtual"
                        + " server(s), 0 error(s), 0 warning(s)\n")
                .contains(": Virtual server table: 0 service(s), 0 real server(s)\n")
                .contains(": Health checking, VRRP and forwarding are not available in this version: the table is"
                        + " served only\n")
                .contains(": Control socket " + sock + " ready (mode 0600)")
                .contains(": Stopping (test)\n")
                .contains(": Removed control socket " + sock + "\n")
                .endsWith(": Stopped\n");
        d.stop("again");
        assertThat(out.toString()).doesNotContain("again");
    }

    @Test
    void aSecondDaemonOnTheSameSocketDoesNotStart() throws Exception {
        Path sock = dir.resolve("f.sock");
        Daemon first = Daemon.start(settings("", sock), "9.9", 1, log, System::nanoTime);
        try {
            assertThatThrownBy(() -> Daemon.start(settings("", sock), "9.9", 2, log, System::nanoTime))
                    .isInstanceOf(DaemonStartException.class).hasMessageContaining("already running");
            try (ControlClient c = ControlClient.connect(sock)) {
                assertThat(c.hello("still the first")).isEqualTo(new ControlResponse.Ok(
                        new ControlResponse.Welcome(ControlClient.PROTOCOL_VERSION, "9.9", 1)));
            }
        } finally {
            first.stop("test");
        }
    }

    @Test
    void lvsTimeoutsFromGlobalDefsApplyAtStart() throws Exception {
        Path sock = dir.resolve("f.sock");
        Daemon d = Daemon.start(settings("global_defs {\n lvs_timeouts tcp 7200 udp 60\n}\n", sock), "9.9", 1, log,
                System::nanoTime);
        try (ControlClient c = ControlClient.connect(sock)) {
            assertThat(c.call(new ControlRequest.GetTimeouts()))
                    .isEqualTo(new ControlResponse.Ok(new ControlResponse.Timeouts(7200, 120, 60)));
        } finally {
            d.stop("test");
        }
        assertThat(out.toString()).contains(": lvs_timeouts: tcp 7200 tcpfin 120 udp 60\n");
    }
}
