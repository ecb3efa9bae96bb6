package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.cli.Dataplane;
import io.fulcrum.cli.RunSettings;
import io.fulcrum.config.ConfigLoader;
import io.fulcrum.config.FileAccess;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.PreprocessOptions;
import io.fulcrum.control.ControlClient;
import io.fulcrum.control.ControlRequest;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.control.IpvsSnapshot;
import io.fulcrum.dataplane.proxy.ProxyProtocol;
import io.fulcrum.ipvs.conn.ConnectionOptions;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon in-process: started on a configuration, served on a socket, stopped. */
class DaemonTest {

    private final RecordingEngine engine = RecordingEngine.available();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final DaemonLog log = new DaemonLog(new PrintWriter(out),
            Clock.fixed(Instant.parse("2025-01-06T10:00:00Z"), ZoneOffset.UTC));

    private RunSettings settings(String text, Path socket) {
        return settings(text, socket, Dataplane.AUTO);
    }

    private RunSettings settings(String text, Path socket, Dataplane dataplane) {
        LoadResult r = new ConfigLoader(FileAccess.none(), PreprocessOptions.of("director1", Map.of()))
                .loadText("<test>", dir, text);
        return new RunSettings(dir.resolve("keepalived.conf"), r.config().orElseThrow(), r.errorCount(),
                r.warningCount(), socket, dataplane);
    }

    static final String FNAT = """
            virtual_server 127.0.0.1 18080 {
                protocol TCP
                lvs_sched rr
                lvs_method FNAT
                sorry_server 127.0.0.1 18089
                proxy_protocol v1
                real_server 127.0.0.1 18081 {
                }
            }
            """;

    static final String DR = """
            virtual_server 127.0.0.2 18080 {
                protocol TCP
                lvs_method DR
                real_server 127.0.0.3 18080 {
                }
            }
            virtual_server 127.0.0.2 18081 {
                protocol UDP
                lvs_method NAT
                real_server 127.0.0.3 18081 {
                    lvs_method TUN
                }
            }
            """;

    private static ControlResponse call(ControlClient c, ControlRequest r) throws Exception {
        ControlResponse answer = c.call(r);
        assertThat(answer).as(r.toString()).isEqualTo(ControlResponse.done());
        return answer;
    }

    private static IpvsSnapshot.AddressKey tcp(String address, int port) {
        return new IpvsSnapshot.AddressKey(IpvsSnapshot.Protocol.TCP, io.fulcrum.common.IpAddress.parse(address),
                port);
    }

    /** ipvsadm -A (rr) then -a of one server with weight 1. */
    private static void addWithServer(ControlClient c, IpvsSnapshot.AddressKey key, String server, int port,
            IpvsSnapshot.Forwarding forwarding) throws Exception {
        call(c, new ControlRequest.AddService(LiveTableTest.service(key, "rr")));
        call(c, new ControlRequest.AddServer(key, LiveTableTest.server(server, port, forwarding, 1)));
    }

    @Test
    void theProxyServesFullNatServicesFromTheStartAndFollowsEveryChangeOfTheTable() throws Exception {
        Path sock = dir.resolve("f.sock");
        RecordingProxy proxy = new RecordingProxy(List.of(), () -> Files.exists(sock, LinkOption.NOFOLLOW_LINKS));
        Daemon d = Daemon.start(settings(FNAT, sock), "9.9", 1, log, System::nanoTime, proxy.factory(), engine.factory());
        try (ControlClient c = ControlClient.connect(sock)) {
            assertThat(proxy.applied).containsExactly(List.of("TCP 127.0.0.1:18080"));
            assertThat(proxy.last).singleElement().satisfies(s -> {
                assertThat(s.sorryServer()).contains(new InetSocketAddress("127.0.0.1", 18089));
                assertThat(s.proxyProtocol()).contains(ProxyProtocol.V1);
            });
            var web = tcp("127.0.0.1", 19000);
            call(c, new ControlRequest.AddService(LiveTableTest.service(web, "rr")));
            assertThat(proxy.applied).hasSize(2).last().isEqualTo(List.of("TCP 127.0.0.1:18080"));
            call(c, new ControlRequest.AddServer(web, LiveTableTest.server("127.0.0.1", 19001,
                    IpvsSnapshot.Forwarding.FULLNAT, 1)));
            assertThat(proxy.applied.getLast()).containsExactly("TCP 127.0.0.1:18080", "TCP 127.0.0.1:19000");
            call(c, new ControlRequest.EditServer(web, LiveTableTest.server("127.0.0.1", 19001,
                    IpvsSnapshot.Forwarding.FULLNAT, 0)));
            call(c, new ControlRequest.Zero(Optional.empty()));
            assertThat(proxy.applied).as("-Z changes no service").hasSize(4);
            call(c, new ControlRequest.DeleteService(web));
            assertThat(proxy.applied.getLast()).containsExactly("TCP 127.0.0.1:18080");
            call(c, new ControlRequest.Clear());
            assertThat(proxy.applied.getLast()).isEmpty();
            assertThat(c.call(new ControlRequest.DeleteService(web))).as("refused: no apply")
                    .isInstanceOf(ControlResponse.Error.class);
            assertThat(proxy.applied).hasSize(6);
        } finally {
            d.stop("test");
        }
        assertThat(proxy.created).isEqualTo(1);
        assertThat(proxy.closed).isTrue();
        assertThat(proxy.conditionAtClose).as("closed before the socket is removed").isTrue();
        assertThat(out.toString()).contains(": Forwarding: 1 service(s) through the user-space proxy (full NAT)\n");
    }

    @Test
    void theExpireSysctlsOfRunReachTheConnectionTable() throws Exception {
        Path sock = dir.resolve("f.sock");
        RecordingProxy proxy = new RecordingProxy(List.of(), () -> true);
        RunSettings s = settings(FNAT, sock);
        RunSettings both = new RunSettings(s.configFile(), s.config(), s.errors(), s.warnings(), sock, s.dataplane(),
                true, true);
        Daemon d = Daemon.start(both, "9.9", 1, log, System::nanoTime, proxy.factory(), engine.factory());
        try {
            assertThat(proxy.connections.options()).isEqualTo(new ConnectionOptions(true, true));
        } finally {
            d.stop("test");
        }
        RecordingProxy plain = new RecordingProxy(List.of(), () -> true);
        Daemon d2 = Daemon.start(s, "9.9", 1, log, System::nanoTime, plain.factory(), engine.factory());
        try {
            assertThat(plain.connections.options()).isEqualTo(ConnectionOptions.DEFAULT);
        } finally {
            d2.stop("test");
        }
    }

    @Test
    void withTheDefaultDataplaneDrNatAndTunVirtualServersGoToThePacketEngine() throws Exception {
        Path sock = dir.resolve("f.sock");
        RecordingProxy proxy = new RecordingProxy(List.of(), () -> true);
        Daemon d = Daemon.start(settings(DR, sock), "9.9", 1, log, System::nanoTime, proxy.factory(),
                engine.factory());
        d.stop("test");
        assertThat(engine.applied).first().isEqualTo(List.of("TCP 127.0.0.2:18080", "UDP 127.0.0.2:18081"));
        assertThat(engine.closed).isTrue();
        assertThat(proxy.created).isZero();
        assertThat(out.toString()).contains(": Forwarding: 0 service(s) through the user-space proxy (full NAT); 2"
                + " through the packet engine (DR/NAT/TUN)\n");
    }

    @Test
    void withTheDefaultDataplaneADrNatOrTunVirtualServerStopsTheStartWhenThePacketEngineCannotRun() {
        Path sock = dir.resolve("f.sock");
        RecordingProxy proxy = new RecordingProxy(List.of(), () -> true);
        RecordingEngine none = new RecordingEngine(java.util.Optional.of("socket(AF_PACKET): EPERM"));
        assertThatThrownBy(() -> Daemon.start(settings(DR, sock), "9.9", 1, log, System::nanoTime,
                proxy.factory(), none.factory())).isInstanceOf(DaemonStartException.class).hasMessage(
                "virtual_server [127.0.0.2]:tcp:18080 (virtual_server #1) uses lvs_method DR; virtual_server"
                        + " [127.0.0.2]:udp:18081 (virtual_server #2) uses lvs_method TUN: DR, NAT and TUN need"
                        + " Fulcrum's packet engine, which cannot run here (socket(AF_PACKET): EPERM), so nothing"
                        + " could forward them. Run as root (or with CAP_NET_RAW and CAP_NET_ADMIN), or use"
                        + " lvs_method FNAT (full NAT through the user-space proxy), or run with --dataplane proxy"
                        + " (the proxy serves DR/NAT/TUN services too; responses then flow back through the"
                        + " director), or with --dataplane none (the table is served, nothing is forwarded)");
        assertThat(none.created).isZero();
        assertThat(proxy.created).isZero();
        assertThat(Files.exists(sock, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(dir.resolve("f.sock.lock"))).isFalse();
    }

    @Test
    void dataplaneProxyServesDrNatAndTunServicesWithAWarning() throws Exception {
        Path sock = dir.resolve("f.sock");
        RecordingProxy proxy = new RecordingProxy(List.of("Proxy: cannot listen on UDP 127.0.0.2:18081: in use"),
                () -> true);
        Daemon d = Daemon.start(settings(DR, sock, Dataplane.PROXY), "9.9", 1, log, System::nanoTime,
                proxy.factory(), engine.factory());
        d.stop("test");
        assertThat(proxy.applied).containsExactly(List.of("TCP 127.0.0.2:18080", "UDP 127.0.0.2:18081"));
        assertThat(d.forwardingProblems()).containsExactly("Proxy: cannot listen on UDP 127.0.0.2:18081: in use");
        assertThat(out.toString()).contains(": --dataplane proxy: DR, NAT and TUN services are forwarded through the"
                        + " user-space proxy as full NAT; their responses flow back through the director, and their"
                        + " real servers see connections from the director's address\n")
                .contains(": Proxy: cannot listen on UDP 127.0.0.2:18081: in use\n")
                .contains(": Forwarding: 2 service(s) through the user-space proxy (full NAT), 1 of them not bound"
                        + " (see above)\n");
    }

    @Test
    void dataplaneNoneServesTheTableAndCreatesNoProxy() throws Exception {
        Path sock = dir.resolve("f.sock");
        RecordingProxy proxy = new RecordingProxy(List.of(), () -> true);
        Daemon d = Daemon.start(settings(DR + FNAT, sock, Dataplane.NONE), "9.9", 1, log, System::nanoTime,
                proxy.factory(), engine.factory());
        try (ControlClient c = ControlClient.connect(sock)) {
            addWithServer(c, tcp("127.0.0.1", 19000), "127.0.0.1", 19001, IpvsSnapshot.Forwarding.FULLNAT);
        } finally {
            d.stop("test");
        }
        assertThat(proxy.created).isZero();
        assertThat(out.toString()).contains(": Virtual server table: 3 service(s), 3 real server(s)\n")
                .contains(": Forwarding is off (--dataplane none): the table is served, no traffic is forwarded\n");
    }

    @Test
    void aDrDestinationAddedWithIpvsadmGoesToThePacketEngine() throws Exception {
        Path sock = dir.resolve("f.sock");
        RecordingProxy proxy = new RecordingProxy(List.of(), () -> true);
        Daemon d = Daemon.start(settings("", sock), "9.9", 1, log, System::nanoTime, proxy.factory(), engine.factory());
        try (ControlClient c = ControlClient.connect(sock)) {
            var web = tcp("192.0.2.1", 80);
            addWithServer(c, web, "10.0.0.1", 80, IpvsSnapshot.Forwarding.ROUTE);
            call(c, new ControlRequest.EditServer(web, LiveTableTest.server("10.0.0.1", 80,
                    IpvsSnapshot.Forwarding.ROUTE, 5)));
        } finally {
            d.stop("test");
        }
        assertThat(proxy.created).as("nothing to proxy").isZero();
        assertThat(engine.created).isEqualTo(1);
        assertThat(engine.applied.getLast()).containsExactly("TCP 192.0.2.1:80");
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
                .contains(": Forwarding: 0 service(s) through the user-space proxy (full NAT)\n")
                .contains(": VRRP: no vrrp_instance configured\n")
                .contains(": Health checking: 0 checker(s) started\n")
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
