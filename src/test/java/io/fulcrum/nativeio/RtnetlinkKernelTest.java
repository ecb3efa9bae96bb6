package io.fulcrum.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rtnetlink against the kernel, in namespace A of a {@link NetnsPair}; checked against {@code ip}. Needs root. */
class RtnetlinkKernelTest {

    private static NetnsPair pair;
    private static Rtnetlink netlink;
    private static int eth0;

    @BeforeAll
    static void createNamespaces() throws Exception {
        NetnsPair.assumeRootAndIp();
        pair = NetnsPair.create("r");
        netlink = pair.inA.call(Rtnetlink::open);
        eth0 = netlink.links().stream().filter(l -> l.name().equals(NetnsPair.IF)).findFirst().orElseThrow().index();
    }

    @AfterAll
    static void removeNamespaces() throws Exception {
        if (netlink != null) {
            netlink.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    private static String ipAddr() throws Exception {
        return NetnsPair.output("ip", "-n", pair.a, "-o", "addr", "show", "dev", NetnsPair.IF);
    }

    @Test
    void linksAreThoseOfTheNamespace() throws Exception {
        List<Link> links = netlink.links();
        assertThat(links).extracting(Link::name).containsExactlyInAnyOrder("lo", NetnsPair.IF);
        Link e = links.stream().filter(l -> l.name().equals(NetnsPair.IF)).findFirst().orElseThrow();
        assertThat(e.up()).isTrue();
        assertThat(e.running()).isTrue();
        assertThat(e.mtu()).isEqualTo(1500);
        String ipLink = NetnsPair.output("ip", "-n", pair.a, "-o", "link", "show", "dev", NetnsPair.IF);
        assertThat(ipLink).contains("link/ether " + e.macText()).startsWith(e.index() + ": ");
        assertThat(netlink.nameOf(e.index())).contains(NetnsPair.IF);
        assertThat(netlink.nameOf(9999)).isEmpty();
    }

    @Test
    void addressesIncludeTheConfiguredOnes() throws Exception {
        List<InterfaceAddress> all = netlink.addresses();
        assertThat(all).anySatisfy(a -> {
            assertThat(a.address()).isEqualTo(IpAddress.parse(NetnsPair.A_ADDRESS));
            assertThat(a.prefixLength()).isEqualTo(24);
            assertThat(a.index()).isEqualTo(eth0);
            assertThat(a.label()).contains(NetnsPair.IF);
            assertThat(a.scope()).isEqualTo(InterfaceAddress.SCOPE_UNIVERSE);
        });
        assertThat(all).anySatisfy(a -> {
            assertThat(a.address()).isEqualTo(IpAddress.parse(NetnsPair.linkLocal(pair.a)));
            assertThat(a.scope()).isEqualTo(InterfaceAddress.SCOPE_LINK);
        });
        assertThat(all).anySatisfy(a -> assertThat(a.address()).isEqualTo(IpAddress.parse("127.0.0.1")));
    }

    @Test
    void anAddedAddressIsSeenByBothAndARepeatIsEexist() throws Exception {
        IpAddress vip = IpAddress.parse("192.0.2.100");
        AddressRequest r = AddressRequest.of(eth0, vip, 32);
        netlink.addAddress(r);
        try {
            assertThat(netlink.addresses()).anySatisfy(a -> {
                assertThat(a.address()).isEqualTo(vip);
                assertThat(a.prefixLength()).isEqualTo(32);
                assertThat(a.index()).isEqualTo(eth0);
            });
            assertThat(ipAddr()).contains("inet 192.0.2.100/32 scope global eth0");
            assertThatThrownBy(() -> netlink.addAddress(r)).isInstanceOfSatisfying(NativeException.class, e -> {
                assertThat(e.errno()).isEqualTo(Libc.EEXIST);
                assertThat(e.operation()).isEqualTo("RTM_NEWADDR 192.0.2.100/32 dev eth0");
                assertThat(e.reason()).startsWith("File exists");
            });
        } finally {
            netlink.removeAddress(r);
        }
        assertThat(netlink.addresses()).noneSatisfy(a -> assertThat(a.address()).isEqualTo(vip));
        assertThat(ipAddr()).doesNotContain("192.0.2.100");
        assertThatThrownBy(() -> netlink.removeAddress(r)).isInstanceOfSatisfying(NativeException.class, e -> {
            assertThat(e.errno()).isEqualTo(Libc.EADDRNOTAVAIL);
            assertThat(e.operation()).isEqualTo("RTM_DELADDR 192.0.2.100/32 dev eth0");
        });
    }

    @Test
    void theOptionsOfVirtualIpaddressReachTheKernel() throws Exception {
        AddressRequest v4 = new AddressRequest(eth0, IpAddress.parse("198.51.100.10"), 24,
                Optional.of(IpAddress.parse("198.51.100.255")), Optional.empty(), Optional.of("eth0:vip"),
                InterfaceAddress.SCOPE_LINK, false, true, AddressRequest.FOREVER);
        AddressRequest v6 = new AddressRequest(eth0, IpAddress.parse("2001:db8::100"), 64, Optional.empty(),
                Optional.empty(), Optional.empty(), InterfaceAddress.SCOPE_UNIVERSE, true, false, 0);
        AddressRequest p2p = new AddressRequest(eth0, IpAddress.parse("203.0.113.1"), 32, Optional.empty(),
                Optional.of(IpAddress.parse("203.0.113.2")), Optional.empty(), 0, false, false,
                AddressRequest.FOREVER);
        netlink.addAddress(v4);
        netlink.addAddress(v6);
        netlink.addAddress(p2p);
        try {
            String ip = ipAddr();
            assertThat(ip).contains("inet 198.51.100.10/24 brd 198.51.100.255 scope link noprefixroute eth0:vip");
            assertThat(ip).containsPattern("inet6 2001:db8::100/64 scope global (deprecated )?nodad");
            assertThat(ip).containsPattern("2001:db8::100/64 .*preferred_lft 0sec");
            assertThat(ip).contains("inet 203.0.113.1 peer 203.0.113.2/32 scope global eth0");
            InterfaceAddress seen = netlink.addresses().stream()
                    .filter(a -> a.address().equals(v6.address())).findFirst().orElseThrow();
            assertThat(seen.hasFlag(InterfaceAddress.F_NODAD)).isTrue();
            assertThat(seen.hasFlag(InterfaceAddress.F_DEPRECATED)).isTrue();
            InterfaceAddress labelled = netlink.addresses().stream()
                    .filter(a -> a.address().equals(v4.address())).findFirst().orElseThrow();
            assertThat(labelled.label()).contains("eth0:vip");
            assertThat(labelled.scope()).isEqualTo(InterfaceAddress.SCOPE_LINK);
            assertThat(labelled.hasFlag(InterfaceAddress.F_NOPREFIXROUTE)).isTrue();
            String routes = NetnsPair.output("ip", "-n", pair.a, "route", "show", "dev", NetnsPair.IF);
            assertThat(routes).as("noprefixroute").doesNotContain("198.51.100.0/24");
        } finally {
            netlink.removeAddress(v4);
            netlink.removeAddress(v6);
            netlink.removeAddress(p2p);
        }
        assertThat(ipAddr()).doesNotContain("198.51.100.10").doesNotContain("2001:db8::100")
                .doesNotContain("203.0.113.1");
    }

    @Test
    void anUnknownInterfaceIsNamedByIndex() {
        assertThatThrownBy(() -> netlink.addAddress(AddressRequest.of(9999, IpAddress.parse("192.0.2.200"), 32)))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Libc.ENODEV);
                    assertThat(e.operation()).isEqualTo("RTM_NEWADDR 192.0.2.200/32 dev ifindex 9999");
                });
    }
}
