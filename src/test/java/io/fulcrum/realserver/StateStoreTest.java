package io.fulcrum.realserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

    @TempDir
    Path dir;

    private static final IpAddress VIP = IpAddress.parse("192.0.2.10");

    private static RealServerState state() {
        return new RealServerState("192.0.2.10", "lo", 32, true, List.of(
                new SysctlChange("net/ipv4/conf/lo/arp_ignore", "0", "1"),
                new SysctlChange("net/ipv4/conf/all/arp_announce", "1", "2")),
                Optional.of(new DecapRecord("fulcrum-ipip0", 4242, "2025-01-01T00:00:00Z")));
    }

    @Test
    void aStateSurvivesTheRoundTripInItsOwnFile() throws Exception {
        StateStore store = new StateStore(dir.resolve("sub/dir"));
        assertThat(store.load(VIP)).isEmpty();
        store.save(state());
        assertThat(store.file(VIP)).isEqualTo(dir.resolve("sub/dir/192.0.2.10.json")).exists();
        assertThat(store.load(VIP)).contains(state());
        assertThat(Files.list(dir.resolve("sub/dir")).map(p -> p.getFileName().toString()))
                .as("no temporary file left").containsExactly("192.0.2.10.json");
        String json = Files.readString(store.file(VIP));
        assertThat(json).contains("\"vip\" : \"192.0.2.10\"", "\"addressAdded\" : true",
                "\"path\" : \"net/ipv4/conf/lo/arp_ignore\"", "\"previous\" : \"0\"", "\"pid\" : 4242");

        RealServerState none = state().withDecap(Optional.empty());
        store.save(none);
        assertThat(store.load(VIP)).contains(none);
        store.delete(VIP);
        assertThat(store.load(VIP)).isEmpty();
        store.delete(VIP);
    }

    @Test
    void eachVipHasItsFileIpv6Too() throws Exception {
        StateStore store = new StateStore(dir);
        IpAddress v6 = IpAddress.parse("2001:db8::10");
        RealServerState s = new RealServerState("2001:db8::10", "lo", 128, false, List.of(), Optional.empty());
        store.save(s);
        store.save(state());
        assertThat(store.load(v6)).contains(s);
        assertThat(store.load(VIP)).contains(state());
        assertThat(store.file(v6).getFileName().toString()).isEqualTo("2001:db8::10.json");
    }

    @Test
    void aDamagedFileIsAnErrorNamingIt() throws Exception {
        StateStore store = new StateStore(dir);
        Files.writeString(store.file(VIP), "{\"vip\": \"192.0.2.10\", ");
        assertThatThrownBy(() -> store.load(VIP)).isInstanceOf(RealServerException.class)
                .hasMessageContaining(store.file(VIP).toString()).hasMessageContaining("is not valid");

        Files.writeString(store.file(VIP), """
                {"vip": "192.0.2.10", "dev": "lo", "prefixLength": 24, "addressAdded": true, "sysctls": [],
                 "decap": null}""");
        assertThatThrownBy(() -> store.load(VIP)).isInstanceOf(RealServerException.class)
                .hasMessageContaining("prefix length 24");

        Files.writeString(store.file(VIP), """
                {"vip": "192.0.2.11", "dev": "lo", "prefixLength": 32, "addressAdded": true, "sysctls": [],
                 "decap": null}""");
        assertThatThrownBy(() -> store.load(VIP)).isInstanceOf(RealServerException.class)
                .hasMessageContaining("is for 192.0.2.11, not 192.0.2.10");

        Files.writeString(store.file(VIP), """
                {"vip": "192.0.2.10", "dev": "lo", "prefixLength": 32, "addressAdded": true,
                 "sysctls": [{"path": "../../etc/passwd", "previous": "0", "applied": "1"}], "decap": null}""");
        assertThatThrownBy(() -> store.load(VIP)).isInstanceOf(RealServerException.class)
                .hasMessageContaining("not a sysctl path");
    }

    @Test
    void aStateRecordsAChangeOnce() {
        RealServerState s = RealServerState.fresh(VIP, "lo", true)
                .withChange(new SysctlChange("net/ipv4/conf/lo/arp_ignore", "0", "1"))
                .withChange(new SysctlChange("net/ipv4/conf/lo/arp_ignore", "1", "1"));
        assertThat(s.sysctls()).containsExactly(new SysctlChange("net/ipv4/conf/lo/arp_ignore", "0", "1"));
        assertThat(s.change(Sysctl.ipv4Conf("lo", "arp_ignore"))).isPresent();
        assertThat(s.change(Sysctl.ipv4Conf("all", "arp_ignore"))).isEmpty();
    }

    @Test
    void sysctlNamesReadAsSysctlPrintsThem() {
        assertThat(Sysctl.ipv4Conf("lo", "arp_ignore").dotted()).isEqualTo("net.ipv4.conf.lo.arp_ignore");
        assertThat(Sysctl.ipv4Conf("eth0.100", "rp_filter").dotted()).isEqualTo("net.ipv4.conf.eth0/100.rp_filter");
        assertThatThrownBy(() -> new Sysctl("net/../../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sysctl("/net/ipv4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sysctl.ipv4Conf("a b", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
