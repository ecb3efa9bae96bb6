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
    void theRulesetDropsServedVipPortsOnInputAndNatRepliesOnForward() {
        String rules = NftInputGuard.ruleset(List.of(
                service(Protocol.TCP, "10.0.0.100", 80, ForwardingMethod.ROUTE, "10.0.0.11", 80),
                service(Protocol.UDP, "2001:db8::100", 53, ForwardingMethod.MASQ, "2001:db8:1::11", 5353)));
        assertThat(rules).isEqualTo("""
                table inet fulcrum {}
                delete table inet fulcrum
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
        guard.apply(s);
        guard.apply(s);
        guard.close();
        guard.close();
        String log = Files.readString(dir.resolve("log"));
        assertThat(log.split("ARGS -f -", -1)).as("installed once").hasSize(2);
        assertThat(log).contains("ip daddr 10.0.0.100 tcp dport 80 drop");
        assertThat(log.split("ARGS delete table inet fulcrum", -1)).as("deleted once").hasSize(2);
    }

    @Test
    void aRefusalCarriesNftsOwnWords() throws Exception {
        NftInputGuard guard = new NftInputGuard(fakeNft(true).toString());
        assertThatThrownBy(() -> guard.apply(List.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("-f - failed (exit 1): Error: syntax error");
    }
}
