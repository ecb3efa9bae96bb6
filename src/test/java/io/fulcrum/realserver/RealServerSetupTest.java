package io.fulcrum.realserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealServerSetupTest {

    private static final IpAddress VIP = IpAddress.parse("192.0.2.10");
    private static final String LO_IGNORE = "net/ipv4/conf/lo/arp_ignore";
    private static final String ALL_IGNORE = "net/ipv4/conf/all/arp_ignore";
    private static final String LO_ANNOUNCE = "net/ipv4/conf/lo/arp_announce";
    private static final String ALL_ANNOUNCE = "net/ipv4/conf/all/arp_announce";

    @TempDir
    Path dir;

    private FakeHost host;
    private StateStore store;
    private List<String> said;
    private RealServerSetup setup;

    @BeforeEach
    void create() {
        host = new FakeHost();
        store = new StateStore(dir);
        said = new ArrayList<>();
        setup = new RealServerSetup(host, host, store, said::add);
    }

    private Map<String, String> sysctls() {
        return new HashMap<>(host.sysctls);
    }

    @Test
    void startRecordsBeforeChangingThenDoesWhatTheTutorialScriptDoes() throws Exception {
        List<Optional<RealServerState>> seenAtFirstChange = new ArrayList<>();
        host.beforeFirstChange = () -> {
            try {
                seenAtFirstChange.add(store.load(VIP));
            } catch (RealServerException e) {
                throw new AssertionError(e);
            }
        };
        RealServerState s = setup.start(VIP, "lo");

        assertThat(seenAtFirstChange).as("the state file exists before the first change").hasSize(1);
        assertThat(seenAtFirstChange.getFirst()).contains(s);
        assertThat(host.changes).containsExactly("add 192.0.2.10/32 lo", "set " + LO_IGNORE + " 1",
                "set " + ALL_IGNORE + " 1", "set " + LO_ANNOUNCE + " 2", "set " + ALL_ANNOUNCE + " 2");
        assertThat(s.addressAdded()).isTrue();
        assertThat(s.sysctls()).containsExactly(new SysctlChange(LO_IGNORE, "0", "1"),
                new SysctlChange(ALL_IGNORE, "0", "1"), new SysctlChange(LO_ANNOUNCE, "0", "2"),
                new SysctlChange(ALL_ANNOUNCE, "0", "2"));
        assertThat(store.load(VIP)).contains(s);
        assertThat(said).contains("added 192.0.2.10/32 to lo", "net.ipv4.conf.lo.arp_ignore = 1 (was 0)",
                "net.ipv4.conf.all.arp_announce = 2 (was 0)");
    }

    @Test
    void stopPutsBackExactlyTheValuesThatWereThere() throws Exception {
        host.sysctls.put(ALL_IGNORE, "2");
        host.sysctls.put(LO_ANNOUNCE, "1");
        host.sysctls.put(ALL_ANNOUNCE, "2");
        Map<String, String> before = sysctls();
        setup.start(VIP, "lo");
        assertThat(host.sysctls).containsEntry(ALL_IGNORE, "1").containsEntry(LO_ANNOUNCE, "2");
        host.changes.clear();

        setup.stop(VIP);
        assertThat(sysctls()).isEqualTo(before);
        assertThat(host.addresses).isEmpty();
        assertThat(host.changes).as("in reverse order; all_announce was 2 already")
                .containsExactly("remove 192.0.2.10/32 lo", "set " + LO_ANNOUNCE + " 1", "set " + ALL_IGNORE + " 2",
                        "set " + LO_IGNORE + " 0");
        assertThat(store.load(VIP)).isEmpty();
        assertThat(said).contains("net.ipv4.conf.all.arp_announce = 2 (already)", "removed the state file "
                + store.file(VIP));
    }

    @Test
    void anAddressThatWasThereStaysThere() throws Exception {
        host.addresses.add("192.0.2.10/32 lo");
        RealServerState s = setup.start(VIP, "lo");
        assertThat(s.addressAdded()).isFalse();
        assertThat(host.changes).noneMatch(c -> c.startsWith("add"));
        assertThat(said).contains("192.0.2.10/32 is on lo already: left as it is, and stop leaves it");
        setup.stop(VIP);
        assertThat(host.addresses).containsExactly("192.0.2.10/32 lo");
        assertThat(said).contains("192.0.2.10 was on lo before start: left there");
    }

    @Test
    void startingTwiceKeepsTheFirstRecord() throws Exception {
        host.sysctls.put(LO_IGNORE, "2");
        RealServerState first = setup.start(VIP, "lo");
        // someone changes a value in between; the second start sets it again but keeps the first record
        host.sysctls.put(ALL_ANNOUNCE, "0");
        host.changes.clear();
        RealServerState second = setup.start(VIP, "lo");
        assertThat(second).isEqualTo(first);
        assertThat(store.load(VIP)).contains(first);
        assertThat(host.changes).containsExactly("set " + ALL_ANNOUNCE + " 2");
        assertThat(said).contains("net.ipv4.conf.lo.arp_ignore = 1 (already; 2 before the first start)");
        setup.stop(VIP);
        assertThat(host.sysctls).containsEntry(LO_IGNORE, "2").containsEntry(ALL_ANNOUNCE, "0");
        assertThat(host.addresses).isEmpty();
    }

    @Test
    void anotherInterfaceGetsItsOwnArpSysctlsToo() throws Exception {
        RealServerState s = setup.start(VIP, "eth0");
        assertThat(s.sysctls()).extracting(SysctlChange::path).containsExactly(LO_IGNORE, ALL_IGNORE,
                "net/ipv4/conf/eth0/arp_ignore", LO_ANNOUNCE, ALL_ANNOUNCE, "net/ipv4/conf/eth0/arp_announce");
        assertThat(host.addresses).containsExactly("192.0.2.10/32 eth0");
        assertThatThrownBy(() -> setup.start(VIP, "lo")).isInstanceOf(RealServerException.class)
                .hasMessageContaining("192.0.2.10 is set up on eth0 already");
        setup.stop(VIP);
        assertThat(host.sysctls).containsEntry("net/ipv4/conf/eth0/arp_announce", "0");
    }

    @Test
    void anIpv6VipNeedsNoArpSysctls() throws Exception {
        IpAddress v6 = IpAddress.parse("2001:db8::10");
        Map<String, String> before = sysctls();
        RealServerState s = setup.start(v6, "lo");
        assertThat(s.prefixLength()).isEqualTo(128);
        assertThat(s.sysctls()).isEmpty();
        assertThat(host.addresses).containsExactly("2001:db8::10/128 lo");
        assertThat(sysctls()).isEqualTo(before);
        assertThat(said).anyMatch(l -> l.contains("is IPv6: no ARP parameters to set"));
        setup.stop(v6);
        assertThat(host.addresses).isEmpty();
    }

    @Test
    void aVipOnAnotherInterfaceIsWarnedAbout() throws Exception {
        host.addresses.add("192.0.2.10/24 eth0");
        setup.start(VIP, "lo");
        assertThat(said).contains("warning: 192.0.2.10/24 is on eth0 too: a real server should hold the VIP only "
                + "on lo");
        setup.stop(VIP);
        assertThat(host.addresses).containsExactly("192.0.2.10/24 eth0");
    }

    @Test
    void anUnknownInterfaceChangesNothing() {
        assertThatThrownBy(() -> setup.start(VIP, "eth9")).isInstanceOf(RealServerException.class)
                .hasMessage("there is no network interface 'eth9'");
        assertThat(host.changes).isEmpty();
        assertThat(store.file(VIP)).doesNotExist();
    }

    @Test
    void stopWithoutStateChangesNothing() {
        host.addresses.add("192.0.2.10/32 lo");
        assertThatThrownBy(() -> setup.stop(VIP)).isInstanceOf(NoStateException.class)
                .hasMessageContaining("no state for VIP 192.0.2.10").hasMessageContaining(store.file(VIP).toString())
                .hasMessageContaining("nothing was changed");
        assertThat(host.changes).isEmpty();
    }

    @Test
    void aFailedFirstStartPutsBackWhatItChanged() {
        Map<String, String> before = sysctls();
        host.failWrite = p -> p.equals(LO_ANNOUNCE);
        assertThatThrownBy(() -> setup.start(VIP, "lo")).isInstanceOf(RealServerException.class)
                .hasMessage("cannot set net.ipv4.conf.lo.arp_announce to 2: Operation not permitted; everything "
                        + "changed was put back");
        assertThat(sysctls()).isEqualTo(before);
        assertThat(host.addresses).isEmpty();
        assertThat(store.file(VIP)).doesNotExist();
    }

    @Test
    void aFailedStopKeepsTheStateForAnotherTry() throws Exception {
        setup.start(VIP, "lo");
        host.failWrite = p -> p.equals(ALL_IGNORE);
        assertThatThrownBy(() -> setup.stop(VIP)).isInstanceOf(RealServerException.class)
                .hasMessageContaining("cannot set net.ipv4.conf.all.arp_ignore back to 0: Operation not permitted")
                .hasMessageContaining("is kept");
        assertThat(store.file(VIP)).exists();
        assertThat(host.sysctls).as("the others were put back").containsEntry(LO_IGNORE, "0")
                .containsEntry(ALL_ANNOUNCE, "0");
        host.failWrite = p -> false;
        assertThat(said).contains("removed 192.0.2.10/32 from lo");
        setup.stop(VIP);
        assertThat(host.sysctls).containsEntry(ALL_IGNORE, "0");
        assertThat(said).contains("192.0.2.10 is not on lo any more: nothing to remove");
        assertThat(store.file(VIP)).doesNotExist();
    }

    @Test
    void theDecapsulatorsInterfaceAndAllGetRpFilterZero() throws Exception {
        host.sysctls.put("net/ipv4/conf/all/rp_filter", "1");
        setup.start(VIP, "lo");
        assertThatThrownBy(() -> setup.startDecap(IpAddress.parse("192.0.2.99"), "tun9", 9,
                new DecapRecord("tun9", 1, ""))).isInstanceOf(NoStateException.class);
        host.addLink("fulcrum-ipip0", 7);
        DecapRecord process = new DecapRecord("fulcrum-ipip0", 4242, "then");
        RealServerState s = setup.startDecap(VIP, "fulcrum-ipip0", 7, process);
        assertThat(s.decap()).contains(process);
        assertThat(s.sysctls()).endsWith(new SysctlChange("net/ipv4/conf/fulcrum-ipip0/rp_filter", "1", "0"),
                new SysctlChange("net/ipv4/conf/all/rp_filter", "1", "0"));
        assertThat(host.sysctls).containsEntry("net/ipv4/conf/fulcrum-ipip0/rp_filter", "0")
                .containsEntry("net/ipv4/conf/all/rp_filter", "0");
        assertThat(host.up).containsExactly("fulcrum-ipip0");
        assertThat(store.load(VIP)).contains(s);

        // the decapsulator's process ends: its interface goes with it
        host.removeLink("fulcrum-ipip0");
        setup.stop(VIP);
        assertThat(host.sysctls).containsEntry("net/ipv4/conf/all/rp_filter", "1");
        assertThat(said).contains("net.ipv4.conf.fulcrum-ipip0.rp_filter: gone (its interface was removed): "
                + "nothing to put back");
    }

    @Test
    void rpFilterOffOnAllIsLeftAloneLooseIsTurnedOff() throws Exception {
        setup.start(VIP, "lo");
        host.addLink("t0", 5);
        RealServerState s = setup.startDecap(VIP, "t0", 5, new DecapRecord("t0", 1, ""));
        assertThat(s.change(Sysctl.ipv4Conf("all", "rp_filter"))).isEmpty();
        assertThat(host.sysctls).containsEntry("net/ipv4/conf/all/rp_filter", "0");

        IpAddress other = IpAddress.parse("192.0.2.11");
        host.sysctls.put("net/ipv4/conf/all/rp_filter", "2");
        setup.start(other, "lo");
        host.addLink("t1", 6);
        RealServerState loose = setup.startDecap(other, "t1", 6, new DecapRecord("t1", 1, ""));
        assertThat(loose.change(Sysctl.ipv4Conf("all", "rp_filter")))
                .contains(new SysctlChange("net/ipv4/conf/all/rp_filter", "2", "0"));
    }

    @Test
    void theStateFileIsReadableJson() throws Exception {
        setup.start(VIP, "lo");
        assertThat(Files.readString(store.file(VIP))).contains("\"previous\" : \"0\"");
    }
}
