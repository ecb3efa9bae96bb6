package io.fulcrum.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import org.junit.jupiter.api.Test;

class IpvsTableTest {

    static final String LISTING = """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            TCP  10.0.0.9:443 rr
              -> 10.0.0.7:443                 Route   1      0          0
            TCP  172.17.0.10:80 wrr persistent 50
              -> 172.17.0.4:80                Route   3      0          2
              -> 172.17.0.5:80                Route   0      1          0
            UDP  172.17.0.10:53 rr
              -> 172.17.0.6:53                Masq    1      0          0
            """;

    static final LabEndpoint SERVICE = new LabEndpoint(IpAddress.parse("172.17.0.10"), 80);

    @Test
    void readsTheDestinationsOfOneService() {
        assertThat(IpvsTable.destinations(LISTING, "tcp", SERVICE)).hasValueSatisfying(d -> assertThat(d)
                .containsExactly(new IpvsTable.Destination("172.17.0.4", 80, "Route", 3),
                        new IpvsTable.Destination("172.17.0.5", 80, "Route", 0)));
        assertThat(IpvsTable.destinations(LISTING, "udp", SERVICE)).isEmpty();
        assertThat(IpvsTable.destinations(LISTING, "udp", new LabEndpoint(IpAddress.parse("172.17.0.10"), 53)))
                .hasValueSatisfying(d -> assertThat(d).extracting(IpvsTable.Destination::forward)
                        .containsExactly("Masq"));
    }

    @Test
    void aServiceWithoutDestinationsIsEmptyNotMissing() {
        String listing = "Prot LocalAddress:Port Scheduler Flags\nTCP  172.17.0.10:80 rr\n";
        assertThat(IpvsTable.destinations(listing, "tcp", SERVICE)).hasValueSatisfying(d -> assertThat(d).isEmpty());
    }

    @Test
    void theExcerptIsTheServiceAndItsRealServers() {
        assertThat(IpvsTable.excerpt(LISTING, "tcp", SERVICE)).isEqualTo("""
                TCP  172.17.0.10:80 wrr persistent 50
                  -> 172.17.0.4:80                Route   3      0          2
                  -> 172.17.0.5:80                Route   0      1          0
                """);
    }
}
