package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import io.fulcrum.dataplane.packet.PacketService;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSettings;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.sched.SchedulerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NftInputGuardTest {

    @TempDir
    Path dir;

    private final ServiceTable table = new ServiceTable(new SchedulerFactory(() -> 0L, () -> new SplittableRandom(1)));

    private PacketService service(Protocol p, String vip, int port, ForwardingMethod method, String rs, int rsPort) {
        ServiceKey.Inet key = new ServiceKey.Inet(p, IpAddress.parse(vip), port);
        table.addService(key, ServiceSettings.of("rr"));
        table.addDestination(key, IpAddress.parse(rs), rsPort, DestinationSettings.of(method, 1));
        return new PacketService(key, table.service(key).orElseThrow());
    }

    @Test
    void theRulesetDropsServedVipPortsAtIngressAndOnInputAndNatRepliesAtIngressAndOnForward() {
        String rules = NftInputGuard.ruleset(List.of(
                service(Protocol.TCP, "10.0.0.100", 80, ForwardingMethod.ROUTE, "10.0.0.11", 80),
                service(Protocol.UDP, "2001:db8::100", 53, ForwardingMethod.MASQ, "2001:db8:1::11", 5353)),
                List.of("eth0", "eth1"));
        assertThat(rules).isEqualTo("""
                table inet fulcrum {}
                delete table inet fulcrum
                table netdev fulcrum {}
                delete table netdev fulcrum
                table netdev fulcrum {
                  set vip4 {
                    type ipv4_addr . inet_proto . inet_service
                    elements = { 10.0.0.100 . tcp . 80 }
                  }
                  set vip6 {
                    type ipv6_addr . inet_proto . inet_service
                    elements = { 2001:db8::100 . udp . 53 }
                  }
                  set nat6 {
                    type ipv6_addr . inet_proto . inet_service
                    elements = { 2001:db8:1::11 . udp . 5353 }
                  }
                  chain ingress0 {
                    type filter hook ingress device "eth0" priority -500; policy accept;
                    ip daddr . meta l4proto . th dport @vip4 fib daddr type local drop
                    ip6 daddr . meta l4proto . th dport @vip6 fib daddr type local drop
                    ip6 saddr . meta l4proto . th sport @nat6 fib daddr type unicast drop
                  }
                  chain ingress1 {
                    type filter hook ingress device "eth1" priority -500; policy accept;
                    ip daddr . meta l4proto . th dport @vip4 fib daddr type local drop
                    ip6 daddr . meta l4proto . th dport @vip6 fib daddr type local drop
                    ip6 saddr . meta l4proto . th sport @nat6 fib daddr type unicast drop
                  }
                }
                table inet fulcrum {
                  chain input {
                    type filter hook input priority -300; policy accept;
                    ip daddr 10.0.0.100 tcp dport 80 drop
                    ip6 daddr 2001:db8::100 udp dport 53 drop
                  }
                  chain forward {
                    type filter hook forward priority -300; policy accept;
                    ip6 saddr 2001:db8:1::11 udp sport 5353 drop
                  }
                }
                """);
    }

    @Test
    void everyServiceIsOneElementOfOneSetSoAPacketCostsOneLookupWhateverTheirNumber() {
        String rules = NftInputGuard.ruleset(List.of(
                service(Protocol.UDP, "10.0.0.100", 9, ForwardingMethod.ROUTE, "10.0.0.11", 9),
                service(Protocol.TCP, "10.0.0.100", 80, ForwardingMethod.MASQ, "10.0.0.11", 8080),
                service(Protocol.TCP, "10.0.0.101", 80, ForwardingMethod.MASQ, "10.0.0.11", 8080)),
                List.of("eth0"));
        assertThat(rules).contains("elements = { 10.0.0.100 . udp . 9, 10.0.0.100 . tcp . 80, 10.0.0.101 . tcp . 80 }")
                .as("a real server behind two services is one element").contains("elements = { 10.0.0.11 . tcp . 8080 }")
                .doesNotContain("set vip6").doesNotContain("set nat6").doesNotContain("@vip6");
        assertThat(rules.lines().filter(l -> l.contains("@vip4"))).hasSize(1);
    }

    @Test
    void noServiceOrNoUsableInterfaceMeansNoIngressChain() {
        PacketService s = service(Protocol.TCP, "10.0.0.100", 80, ForwardingMethod.ROUTE, "10.0.0.11", 80);
        assertThat(NftInputGuard.ruleset(List.of(), List.of("eth0"))).doesNotContain("table netdev fulcrum {\n");
        assertThat(NftInputGuard.ruleset(List.of(s), List.of())).doesNotContain("table netdev fulcrum {\n")
                .contains("ip daddr 10.0.0.100 tcp dport 80 drop");
        assertThat(NftInputGuard.ruleset(List.of(s), List.of("bad\"name", "eth0")))
                .doesNotContain("bad").contains("chain ingress0 {\n    type filter hook ingress device \"eth0\"");
    }

    /** A stand-in for nft that appends its arguments and standard input to a log, and fails when told to. */
    private Path fakeNft(boolean fail) throws IOException {
        Path script = dir.resolve("nft");
        Files.writeString(script, "#!/bin/sh\necho \"ARGS $*\" >> " + dir.resolve("log") + "\ncat >> "
                + dir.resolve("log") + "\n" + (fail ? "echo 'Error: syntax error' >&2\nexit 1\n" : "exit 0\n"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void anUnchangedRulesetIsNotInstalledTwiceAndCloseDeletesTheTable() throws Exception {
        NftInputGuard guard = new NftInputGuard(fakeNft(false).toString());
        List<PacketService> s = List.of(service(Protocol.TCP, "10.0.0.100", 80, ForwardingMethod.ROUTE,
                "10.0.0.11", 80));
        guard.apply(s, List.of("eth0"));
        guard.apply(s, List.of("eth0"));
        guard.close();
        guard.close();
        String log = Files.readString(dir.resolve("log"));
        assertThat(log).contains("ip daddr 10.0.0.100 tcp dport 80 drop")
                .contains("elements = { 10.0.0.100 . tcp . 80 }")
                .contains("ip daddr . meta l4proto . th dport @vip4 fib daddr type local drop");
        assertThat(log.split("ARGS -f -", -1)).as("installed once, deleted once").hasSize(3);
        assertThat(log).endsWith("delete table inet fulcrum\ntable netdev fulcrum {}\ndelete table netdev fulcrum\n");
    }

    @Test
    void aRefusalCarriesNftsOwnWords() throws Exception {
        NftInputGuard guard = new NftInputGuard(fakeNft(true).toString());
        assertThatThrownBy(() -> guard.apply(List.of(), List.of("eth0"))).isInstanceOf(IOException.class)
                .hasMessageContaining("-f - failed (exit 1): Error: syntax error");
    }
}
