package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.cli.Dataplane;
import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.dataplane.proxy.ProxiedService;
import io.fulcrum.dataplane.proxy.ProxyProtocol;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSettings;
import io.fulcrum.ipvs.ServiceTable;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rule of {@code --dataplane}: which services the proxy serves, and the notices about the others. */
class ForwardingPlanTest {

    static final ServiceKey.Inet WEB = new ServiceKey.Inet(Protocol.TCP, IpAddress.parse("192.0.2.10"), 80);

    private ServiceTable table;
    private ServiceOrigins origins;

    private ForwardingPlan plan(Dataplane mode, String config) {
        KeepalivedConfig c = TableFixtures.config(config);
        table = TableFixtures.table();
        TableLoader.apply(c, table);
        origins = ServiceOrigins.of(c);
        return ForwardingPlan.of(mode, table, origins);
    }

    private ForwardingPlan again(Dataplane mode) {
        return ForwardingPlan.of(mode, table, origins);
    }

    private static List<String> keys(ForwardingPlan p) {
        return p.proxied().stream().map(s -> s.key().toString()).toList();
    }

    private static List<String> lines(ForwardingPlan p) {
        return p.notices().stream().map(ForwardingPlan.Notice::line).toList();
    }

    static final String FNAT_AND_DR = """
            virtual_server 192.0.2.10 80 {
                protocol TCP
                lvs_method FNAT
                sorry_server 192.0.2.99 8080
                proxy_protocol v2
                real_server 10.0.0.1 8080 {
                }
            }
            virtual_server 192.0.2.10 53 {
                protocol UDP
                lvs_method DR
                real_server 10.0.0.2 53 {
                }
            }
            """;

    @Test
    void autoProxiesFullNatServicesWithTheirSorryServerAndProxyHeader() {
        ForwardingPlan p = plan(Dataplane.AUTO, FNAT_AND_DR);
        assertThat(p.proxied()).singleElement().satisfies(s -> {
            assertThat(s.key()).isEqualTo(WEB);
            assertThat(s.service()).isSameAs(table.service(WEB).orElseThrow());
            assertThat(s.sorryServer()).contains(new InetSocketAddress("192.0.2.99", 8080));
            assertThat(s.proxyProtocol()).contains(ProxyProtocol.V2);
        });
        assertThat(lines(p)).isEmpty();
        assertThat(p.packet()).singleElement().satisfies(s -> {
            assertThat(s.key().toString()).isEqualTo("UDP 192.0.2.10:53");
            assertThat(s.service()).isSameAs(table.service(s.key()).orElseThrow());
        });
    }

    @Test
    void proxyModeProxiesEveryTcpAndUdpServiceAndNoneModeNothing() {
        assertThat(keys(plan(Dataplane.PROXY, FNAT_AND_DR))).containsExactly("TCP 192.0.2.10:80",
                "UDP 192.0.2.10:53");
        assertThat(plan(Dataplane.PROXY, FNAT_AND_DR).notices()).isEmpty();
        ForwardingPlan none = plan(Dataplane.NONE, FNAT_AND_DR);
        assertThat(none.proxied()).isEmpty();
        assertThat(none.notices()).isEmpty();
    }

    @Test
    void aFullNatDestinationAddedLaterMakesAServiceProxiedAndItsRemovalUndoesIt() {
        plan(Dataplane.AUTO, "");
        ServiceKey.Inet key = new ServiceKey.Inet(Protocol.TCP, IpAddress.parse("127.0.0.1"), 9000);
        table.addService(key, ServiceSettings.of("rr"));
        assertThat(again(Dataplane.AUTO).proxied()).as("no destination: nothing says full NAT").isEmpty();
        table.addDestination(key, IpAddress.parse("127.0.0.1"), 9001,
                DestinationSettings.of(ForwardingMethod.FULLNAT, 1));
        table.addDestination(key, IpAddress.parse("127.0.0.1"), 9002,
                DestinationSettings.of(ForwardingMethod.MASQ, 1));
        ForwardingPlan p = again(Dataplane.AUTO);
        assertThat(keys(p)).containsExactly("TCP 127.0.0.1:9000");
        assertThat(p.proxied().getFirst().sorryServer()).isEmpty();
        assertThat(p.proxied().getFirst().proxyProtocol()).isEmpty();
        assertThat(lines(p)).containsExactly("TCP 127.0.0.1:9000 -> 127.0.0.1:9002 (Masq): forwarded by the proxy as"
                + " full NAT (its service is proxied); responses flow back through the director");
        assertThat(p.packet()).isEmpty();
        table.deleteDestination(key, IpAddress.parse("127.0.0.1"), 9001);
        ForwardingPlan after = again(Dataplane.AUTO);
        assertThat(after.proxied()).isEmpty();
        assertThat(after.packet()).as("the packet engine serves it now").singleElement()
                .satisfies(s -> assertThat(s.key()).isEqualTo(key));
        assertThat(lines(after)).isEmpty();
    }

    @Test
    void aConfiguredFullNatServiceStaysProxiedWithoutDestinationsSoItsSorryServerAnswers() {
        plan(Dataplane.AUTO, FNAT_AND_DR);
        table.deleteDestination(WEB, IpAddress.parse("10.0.0.1"), 8080);
        assertThat(keys(again(Dataplane.AUTO))).containsExactly("TCP 192.0.2.10:80");
    }

    @Test
    void aVirtualServerWithOneFullNatRealServerIsProxiedWithANoticeForTheOthers() {
        ForwardingPlan p = plan(Dataplane.AUTO, """
                virtual_server 192.0.2.10 80 {
                    protocol TCP
                    lvs_method DR
                    real_server 10.0.0.1 80 {
                    }
                    real_server 10.0.0.2 8080 {
                        lvs_method FNAT
                    }
                }
                """);
        assertThat(keys(p)).containsExactly("TCP 192.0.2.10:80");
        assertThat(lines(p)).containsExactly("TCP 192.0.2.10:80 -> 10.0.0.1:80 (Route): forwarded by the proxy as"
                + " full NAT (its service is proxied); responses flow back through the director");
    }

    @Test
    void firewallMarkPortZeroAndSctpServicesCannotBeProxied() {
        ForwardingPlan p = plan(Dataplane.AUTO, """
                virtual_server fwmark 7 {
                    lvs_method FNAT
                    real_server 10.0.0.1 80 {
                    }
                }
                virtual_server 192.0.2.10 0 {
                    protocol TCP
                    persistence_timeout 60
                    lvs_method FNAT
                    real_server 10.0.0.1 0 {
                    }
                }
                virtual_server 192.0.2.10 80 {
                    protocol SCTP
                    lvs_method FNAT
                    real_server 10.0.0.1 80 {
                    }
                }
                """);
        assertThat(p.proxied()).isEmpty();
        assertThat(lines(p)).containsExactly(
                "TCP 192.0.2.10:0: port-0 (all ports) services cannot be proxied - not forwarded",
                "SCTP 192.0.2.10:80: SCTP services cannot be proxied - not forwarded",
                "FWM  7: firewall-mark services cannot be proxied - not forwarded");
    }

    @Test
    void thePacketEngineTakesDrNatAndTunServicesButNotFirewallMarksOrLocalServers() {
        ForwardingPlan p = plan(Dataplane.AUTO, """
                virtual_server fwmark 7 {
                    lvs_method DR
                    real_server 10.0.0.1 80 {
                    }
                }
                virtual_server 192.0.2.10 80 {
                    protocol TCP
                    lvs_method NAT
                    real_server 10.0.0.1 8080 {
                    }
                    real_server 127.0.0.1 80 {
                    }
                }
                """);
        assertThat(p.proxied()).isEmpty();
        assertThat(p.packet()).extracting(s -> s.key().toString()).containsExactly("TCP 192.0.2.10:80");
        assertThat(lines(p)).containsExactlyInAnyOrder(
                "FWM  7: firewall-mark services are not forwarded by the packet engine yet - in the table only");
    }

    @Test
    void aSharedServiceIsFullNatWhenEitherVirtualServerIsAndTakesTheFirstOnesSorryServer() {
        ForwardingPlan p = plan(Dataplane.AUTO, """
                virtual_server 192.0.2.10 80 {
                    protocol TCP
                    lvs_method NAT
                    sorry_server 192.0.2.98
                    real_server 10.0.0.1 80 {
                    }
                }
                virtual_server 192.0.2.10 80 {
                    protocol TCP
                    lvs_method FNAT
                    sorry_server 192.0.2.99 8080
                    real_server 10.0.0.2 8080 {
                    }
                }
                """);
        assertThat(p.proxied()).singleElement().extracting(ProxiedService::sorryServer)
                .isEqualTo(Optional.of(new InetSocketAddress("192.0.2.98", 80)));
    }

    @Test
    void everyServiceOfAGroupIsProxied() {
        ForwardingPlan p = plan(Dataplane.AUTO, """
                virtual_server_group WEB {
                    192.0.2.10-12 80
                }
                virtual_server group WEB {
                    protocol TCP
                    lvs_method FNAT
                    real_server 10.0.0.1 8080 {
                    }
                }
                """);
        assertThat(keys(p)).containsExactly("TCP 192.0.2.10:80", "TCP 192.0.2.11:80", "TCP 192.0.2.12:80");
    }

    @Test
    void proxyProtocolVersionOneIsLeftOutForUdpWithANotice() {
        ForwardingPlan p = plan(Dataplane.AUTO, """
                virtual_server 192.0.2.10 53 {
                    protocol UDP
                    lvs_method FNAT
                    proxy_protocol v1
                    real_server 10.0.0.1 53 {
                    }
                }
                virtual_server 192.0.2.10 80 {
                    protocol TCP
                    lvs_method FNAT
                    proxy_protocol v1
                    real_server 10.0.0.1 80 {
                    }
                }
                """);
        assertThat(p.proxied()).extracting(ProxiedService::proxyProtocol)
                .containsExactly(Optional.of(ProxyProtocol.V1), Optional.empty());
        assertThat(lines(p)).containsExactly("UDP 192.0.2.10:53: proxy_protocol v1 carries TCP only - this UDP"
                + " service is proxied without a PROXY header (use v2)");
    }
}
