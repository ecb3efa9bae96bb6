package io.fulcrum.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import io.fulcrum.common.IpPrefix;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Address choice and wiring of the lab from plain cluster descriptions. */
class LabPlannerTest {

    static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    static ClusterSpec.Director director(String role, String ifname, String vip, Optional<IpAddress> source) {
        return new ClusterSpec.Director(role, Path.of("/tmp/" + role + ".conf"),
                List.of(new ClusterSpec.Interface(ifname, List.of(ip(vip)))), source, role.equals("master") ? 150 : 100,
                Duration.ofSeconds(1), List.of(), List.of());
    }

    static ClusterSpec.Service service(String vip, LabForwarding fwd, String... realServers) {
        return new ClusterSpec.Service(ip(vip), 80, "tcp", "rr", 0, fwd,
                java.util.Arrays.stream(realServers).map(a -> new ClusterSpec.RealServer(ip(a), 80, 1, fwd)).toList(),
                Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    static Set<IpAddress> configured(String... extra) {
        return java.util.Arrays.stream(extra).map(LabPlannerTest::ip).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void inventedAddressesAvoidEveryConfiguredOne() throws Exception {
        ClusterSpec spec = new ClusterSpec(director("master", "eth0", "10.1.2.1", Optional.empty()),
                director("backup", "eth0", "10.1.2.1", Optional.empty()),
                List.of(service("10.1.2.1", LabForwarding.DR, "10.1.2.2", "10.1.2.4")),
                configured("10.1.2.1", "10.1.2.2", "10.1.2.4", "10.1.2.254"));
        LabPlan p = LabPlanner.plan("t", spec, LabPlan.Peer.FULCRUM, s -> true);
        assertThat(p.client().links().getFirst().addresses().getFirst()).isEqualTo(new IpPrefix(ip("10.1.2.3"), 24));
        assertThat(p.master().address()).isEqualTo(ip("10.1.2.5"));
        assertThat(p.backup().address()).isEqualTo(ip("10.1.2.6"));
        assertThat(p.clientPool()).startsWith(ip("10.1.2.253"), ip("10.1.2.252")).doesNotContain(ip("10.1.2.254"),
                ip("10.1.2.5"), ip("10.1.2.3")).endsWith(ip("10.1.2.7"));
    }

    @Test
    void aConfiguredSourceAddressIsTheDirectorsAddress() throws Exception {
        ClusterSpec spec = new ClusterSpec(director("master", "ens33", "10.1.2.100", Optional.of(ip("10.1.2.11"))),
                director("backup", "ens34", "10.1.2.100", Optional.of(ip("10.1.2.12"))),
                List.of(service("10.1.2.100", LabForwarding.DR, "10.1.2.21")),
                configured("10.1.2.100", "10.1.2.21", "10.1.2.11", "10.1.2.12"));
        LabPlan p = LabPlanner.plan("t", spec, LabPlan.Peer.FULCRUM, s -> true);
        assertThat(p.master().address()).isEqualTo(ip("10.1.2.11"));
        assertThat(p.backup().address()).isEqualTo(ip("10.1.2.12"));
        assertThat(p.master().primaryInterface()).isEqualTo("ens33");
        assertThat(p.backup().primaryInterface()).isEqualTo("ens34");
        assertThat(p.client().links().getFirst().addresses().getFirst().address()).isEqualTo(ip("10.1.2.1"));
    }

    @Test
    void aDrRealServerOutsideTheVipsSubnetGetsOnLinkRoutesBothWays() throws Exception {
        ClusterSpec spec = new ClusterSpec(director("master", "eth0", "10.1.2.100", Optional.empty()),
                director("backup", "eth0", "10.1.2.100", Optional.empty()),
                List.of(service("10.1.2.100", LabForwarding.DR, "10.9.9.9")), configured("10.1.2.100", "10.9.9.9"));
        LabPlan p = LabPlanner.plan("t", spec, LabPlan.Peer.FULCRUM, s -> true);
        LabPlan.Server rs = p.servers().getFirst();
        assertThat(rs.host().links().getFirst().segment()).isEqualTo(LabPlan.Segment.FRONT);
        assertThat(rs.host().routes()).containsExactly(new LabPlan.Route(new IpPrefix(ip("10.1.2.0"), 24),
                Optional.empty(), "eth0"));
        assertThat(p.master().host().routes()).containsExactly(new LabPlan.Route(new IpPrefix(ip("10.9.9.0"), 24),
                Optional.empty(), "eth0"));
        assertThat(p.master().host().routes().getFirst().ipArgs())
                .containsExactly("route", "add", "10.9.9.0/24", "dev", "eth0");
    }

    @Test
    void natRealServersInASubnetOfTheirOwnRouteThroughTheDirectorsInsideVip() throws Exception {
        ClusterSpec.Director m = new ClusterSpec.Director("master", Path.of("/m.conf"), List.of(
                new ClusterSpec.Interface("eth0", List.of(ip("10.1.2.100"))),
                new ClusterSpec.Interface("eth1", List.of(ip("192.168.10.254")))), Optional.empty(), 150,
                Duration.ofSeconds(1), List.of(), List.of());
        ClusterSpec.Director b = new ClusterSpec.Director("backup", Path.of("/b.conf"), m.interfaces(),
                Optional.empty(), 100, Duration.ofSeconds(1), List.of(), List.of());
        ClusterSpec spec = new ClusterSpec(m, b, List.of(service("10.1.2.100", LabForwarding.NAT, "192.168.10.1",
                "192.168.10.2")), configured("10.1.2.100", "192.168.10.254", "192.168.10.1", "192.168.10.2"));
        LabPlan p = LabPlanner.plan("t", spec, LabPlan.Peer.FULCRUM, s -> true);
        assertThat(p.hasBackSegment()).isTrue();
        assertThat(p.master().ipForward()).isTrue();
        LabPlan.Link inside = p.master().host().link("eth1").orElseThrow();
        assertThat(inside.segment()).isEqualTo(LabPlan.Segment.BACK);
        assertThat(inside.addresses()).containsExactly(new IpPrefix(ip("192.168.10.3"), 24));
        assertThat(p.backup().host().link("eth1").orElseThrow().addresses())
                .containsExactly(new IpPrefix(ip("192.168.10.4"), 24));
        for (LabPlan.Server rs : p.servers()) {
            assertThat(rs.vips()).isEmpty();
            assertThat(rs.host().links().getFirst().segment()).isEqualTo(LabPlan.Segment.BACK);
            assertThat(rs.host().routes()).containsExactly(new LabPlan.Route(new IpPrefix(ip("0.0.0.0"), 0),
                    Optional.of(ip("192.168.10.254")), "eth0"));
            assertThat(rs.host().routes().getFirst().ipArgs())
                    .containsExactly("route", "add", "default", "via", "192.168.10.254", "dev", "eth0");
        }
        assertThat(p.notes()).isEmpty();
    }

    @Test
    void natWithoutAnInsideVipGetsALinkOfTheLabsOwnAndANote() throws Exception {
        ClusterSpec spec = new ClusterSpec(director("master", "eth0", "10.1.2.100", Optional.empty()),
                director("backup", "eth0", "10.1.2.100", Optional.empty()),
                List.of(service("10.1.2.100", LabForwarding.NAT, "192.168.10.1")),
                configured("10.1.2.100", "192.168.10.1"));
        LabPlan p = LabPlanner.plan("t", spec, LabPlan.Peer.FULCRUM, s -> true);
        LabPlan.Link own = p.master().host().link("eth1").orElseThrow();
        assertThat(own.segment()).isEqualTo(LabPlan.Segment.BACK);
        assertThat(own.addresses()).containsExactly(new IpPrefix(ip("192.168.10.2"), 24));
        assertThat(p.servers().getFirst().host().routes().getFirst().via()).contains(ip("192.168.10.2"));
        assertThat(p.notes()).anyMatch(n -> n.contains("does not move on failover"));
    }

    @Test
    void tunRealServersDecapsulateAndASorryServerOfItsOwnIsAHost() throws Exception {
        ClusterSpec.Service tun = new ClusterSpec.Service(ip("10.1.2.100"), 80, "tcp", "wrr", 0, LabForwarding.TUN,
                List.of(new ClusterSpec.RealServer(ip("10.1.2.50"), 8080, 2, LabForwarding.TUN)),
                Optional.of(new LabEndpoint(ip("10.1.2.60"), 0)), Duration.ofSeconds(3), Duration.ofSeconds(2));
        ClusterSpec spec = new ClusterSpec(director("master", "eth0", "10.1.2.100", Optional.empty()),
                director("backup", "eth0", "10.1.2.100", Optional.empty()), List.of(tun),
                configured("10.1.2.100", "10.1.2.50", "10.1.2.60"));
        LabPlan p = LabPlanner.plan("t", spec, LabPlan.Peer.FULCRUM, s -> true);
        assertThat(p.servers()).extracting(LabPlan.Server::name).containsExactly("rs1", "sorry1");
        assertThat(p.servers().get(0).decap()).isTrue();
        assertThat(p.servers().get(0).ports()).containsExactly(8080);
        assertThat(p.servers().get(1).sorry()).isTrue();
        assertThat(p.servers().get(1).ports()).containsExactly(80);
        assertThat(p.servers().get(1).page()).isEqualTo("This is the sorry server (10.1.2.60)\n");
    }

    @Test
    void unusableInput() {
        ClusterSpec v6 = new ClusterSpec(director("master", "eth0", "2001:db8::1", Optional.empty()),
                director("backup", "eth0", "2001:db8::1", Optional.empty()), List.of(), Set.of());
        assertThatThrownBy(() -> LabPlanner.plan("t", v6, LabPlan.Peer.FULCRUM, s -> true))
                .isInstanceOf(LabException.class).hasMessageContaining("IPv4");
        ClusterSpec ok = new ClusterSpec(director("master", "eth0", "10.1.2.1", Optional.empty()),
                director("backup", "eth0", "10.1.2.1", Optional.empty()), List.of(), Set.of());
        assertThatThrownBy(() -> LabPlanner.plan("Bad Name", ok, LabPlan.Peer.FULCRUM, s -> true))
                .isInstanceOf(LabException.class).hasMessageContaining("lab name");
        assertThatThrownBy(() -> new LabPlan.Link("an-interface-name-too-long", LabPlan.Segment.FRONT, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutATcpServiceTheLabSaysTheChecksHaveNothingToTest() throws Exception {
        ClusterSpec spec = new ClusterSpec(director("master", "eth0", "10.1.2.1", Optional.empty()),
                director("backup", "eth0", "10.1.2.1", Optional.empty()), List.of(), Set.of(ip("10.1.2.1")));
        LabPlan p = LabPlanner.plan("t", spec, LabPlan.Peer.FULCRUM, s -> true);
        assertThat(p.checkedService()).isEmpty();
        assertThat(p.servers()).isEmpty();
        assertThat(p.notes()).anyMatch(n -> n.contains("no TCP virtual_server"));
    }
}
