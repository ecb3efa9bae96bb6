package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Persistence;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.SchedFlags;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSettings;
import io.fulcrum.ipvs.ServiceSnapshot;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.TableSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The acceptance scenarios: each seed configuration gives the table keepalived would build from it, and the
 * lines it logs. Master and backup of a pair share their virtual server.
 */
class TableLoaderSeedsTest {

    /** A destination as the snapshot records it: address, port and settings. */
    private record Dest(IpAddress address, int port, DestinationSettings settings) {
    }

    private static ServiceSettings settings(String scheduler, Optional<Persistence> persistence) {
        return new ServiceSettings(scheduler, SchedFlags.NONE, persistence, false, Optional.empty());
    }

    /**
     * A pair of seeds whose virtual server {@code vip}:80 (TCP, DR; {@code listed} as ipvsadm lists its settings)
     * has the two real servers {@code servers} (in configuration order) on port 80 with {@code weight};
     * {@code more} are the lines logged after the quorum.
     */
    private static void pair(Stream.Builder<Arguments> b, String seed, String vip, ServiceSettings settings,
            String listed, List<String> servers, int weight, String... more) {
        ServiceKey key = new ServiceKey.Inet(Protocol.TCP, IpAddress.parse(vip), 80);
        List<Dest> destinations = servers.stream().map(IpAddress::parse).sorted()
                .map(a -> new Dest(a, 80, DestinationSettings.of(ForwardingMethod.ROUTE, weight))).toList();
        String vs = "[" + vip + "]:tcp:80";
        List<String> log = new ArrayList<>();
        log.add("VS " + vs + " added (" + listed + ")");
        servers.forEach(rs -> log.add("Adding service [" + rs + "]:tcp:80 to VS " + vs));
        log.add("Gained quorum 1+0=1 <= " + weight * servers.size() + " for VS " + vs);
        log.addAll(List.of(more));
        for (String side : seed.startsWith("004") ? List.of("node1", "node2") : List.of("master", "backup")) {
            b.add(Arguments.of(seed + "-" + side + ".conf", key, settings, destinations, log));
        }
    }

    static Stream<Arguments> seeds() {
        Stream.Builder<Arguments> b = Stream.builder();
        pair(b, "000", "172.17.0.10", settings("rr", Optional.empty()), "rr", List.of("172.17.0.4", "172.17.0.5"),
                1);
        pair(b, "001", "192.168.179.199", settings("rr", Optional.of(new Persistence(60, 32))), "rr persistent 60",
                List.of("192.168.179.104", "192.168.179.99"), 100);
        pair(b, "002", "192.168.59.135", settings("wrr", Optional.of(new Persistence(50, 32))), "wrr persistent 50",
                List.of("192.168.59.131", "192.168.59.132"), 1);
        // "persistence_time 1" is not a keyword: the service is not persistent
        pair(b, "003", "172.16.28.120", settings("rr", Optional.empty()), "rr",
                List.of("172.16.28.132", "172.16.28.133"), 1);
        pair(b, "004", "192.168.1.118", settings("wrr", Optional.empty()), "wrr",
                List.of("192.168.1.145", "192.168.1.146"), 1);
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void seedGivesItsTable(String file, ServiceKey key, ServiceSettings settings, List<Dest> destinations,
            List<String> log) throws IOException {
        ServiceTable table = TableFixtures.table();
        TableFixtures.Loaded loaded = TableFixtures.load(TableFixtures.resource("/seeds/" + file), table);

        TableSnapshot snapshot = table.snapshot();
        assertThat(snapshot.services()).hasSize(1);
        ServiceSnapshot s = snapshot.services().getFirst();
        assertThat(s.key()).isEqualTo(key);
        assertThat(s.settings()).isEqualTo(settings);
        assertThat(s.destinations()).extracting(d -> new Dest(d.address(), d.port(), d.settings()))
                .containsExactlyElementsOf(destinations);
        assertThat(s.destinations()).allSatisfy(d -> {
            assertThat(d.activeConns() + d.inactConns() + d.persistConns()).isZero();
            assertThat(d.overloaded()).isFalse();
        });
        assertThat(loaded.body()).containsExactlyElementsOf(log);
        assertThat(loaded.log().getLast())
                .isEqualTo("IPVS table built from 1 virtual_server blocks: 1 services, 2 destinations, 0 refused"
                        + " operations");
    }
}
