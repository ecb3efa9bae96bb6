package io.fulcrum.realserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.nativeio.NetnsThread;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * start and stop against the kernel, in a network namespace of their own: the address through rtnetlink, the
 * sysctls through /proc/sys/net of that namespace, checked with ip and sysctl. Needs root.
 */
class RealServerSetupKernelTest {

    private static final IpAddress VIP = IpAddress.parse("203.0.113.10");

    @TempDir
    Path stateDir;

    private Namespaces namespaces;
    private String ns;
    private NetnsThread inside;
    private final List<String> said = new ArrayList<>();
    private RealServerSetup setup;

    @BeforeEach
    void createNamespace() throws Exception {
        Namespaces.assumeRootAndIp();
        namespaces = new Namespaces("s");
        ns = namespaces.create("n");
        // a second interface for --dev: a veth pair inside the namespace (no dummy module on this kernel)
        Namespaces.run("ip", "-n", ns, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1");
        Namespaces.run("ip", "-n", ns, "link", "set", "veth0", "up");
        inside = namespaces.thread(ns);
        setup = new RealServerSetup(new NetlinkInterfaces(), new ProcSysctls(), new StateStore(stateDir), said::add);
    }

    @AfterEach
    void deleteNamespace() {
        if (namespaces != null) {
            namespaces.close();
        }
    }

    private String addresses(String dev) throws Exception {
        return Namespaces.output("ip", "-n", ns, "-o", "addr", "show", "dev", dev);
    }

    @Test
    void startSetsWhatTheTutorialsSetAndStopPutsBackNonDefaultValuesExactly() throws Exception {
        Namespaces.setSysctl(ns, "net.ipv4.conf.all.arp_ignore", "2");
        Namespaces.setSysctl(ns, "net.ipv4.conf.lo.arp_announce", "1");
        String before = Namespaces.ipv4Conf(ns);
        String loBefore = addresses("lo");

        inside.call(() -> setup.start(VIP, "lo"));
        assertThat(addresses("lo")).contains("inet 203.0.113.10/32 scope global lo");
        for (String dev : List.of("lo", "all")) {
            assertThat(Namespaces.sysctl(ns, "net.ipv4.conf." + dev + ".arp_ignore")).isEqualTo("1");
            assertThat(Namespaces.sysctl(ns, "net.ipv4.conf." + dev + ".arp_announce")).isEqualTo("2");
        }
        assertThat(Namespaces.sysctl(ns, "net.ipv4.conf.veth0.arp_ignore")).as("other interfaces untouched")
                .isEqualTo("0");
        assertThat(new StateStore(stateDir).load(VIP).orElseThrow().sysctls()).containsExactly(
                new SysctlChange("net/ipv4/conf/lo/arp_ignore", "0", "1"),
                new SysctlChange("net/ipv4/conf/all/arp_ignore", "2", "1"),
                new SysctlChange("net/ipv4/conf/lo/arp_announce", "1", "2"),
                new SysctlChange("net/ipv4/conf/all/arp_announce", "0", "2"));

        // again: nothing changes, the record stays
        inside.call(() -> setup.start(VIP, "lo"));
        assertThat(said).contains("203.0.113.10/32 is on lo already: left as it is",
                "net.ipv4.conf.all.arp_ignore = 1 (already; 2 before the first start)");

        inside.call(() -> setup.stop(VIP));
        assertThat(Namespaces.ipv4Conf(ns)).isEqualTo(before);
        assertThat(addresses("lo")).isEqualTo(loBefore);
        assertThat(new StateStore(stateDir).file(VIP)).doesNotExist();
    }

    @Test
    void anAddressThatWasThereBeforeStaysAfterStop() throws Exception {
        Namespaces.run("ip", "-n", ns, "addr", "add", "203.0.113.10/32", "dev", "lo");
        String before = Namespaces.ipv4Conf(ns);
        inside.call(() -> setup.start(VIP, "lo"));
        inside.call(() -> setup.stop(VIP));
        assertThat(addresses("lo")).contains("inet 203.0.113.10/32 scope global lo");
        assertThat(Namespaces.ipv4Conf(ns)).isEqualTo(before);
    }

    @Test
    void anotherDeviceGetsTheVipAndItsOwnArpSysctls() throws Exception {
        String before = Namespaces.ipv4Conf(ns);
        inside.call(() -> setup.start(VIP, "veth0"));
        assertThat(addresses("veth0")).contains("inet 203.0.113.10/32 scope global veth0");
        assertThat(addresses("lo")).doesNotContain("203.0.113.10");
        assertThat(Namespaces.sysctl(ns, "net.ipv4.conf.veth0.arp_ignore")).isEqualTo("1");
        assertThat(Namespaces.sysctl(ns, "net.ipv4.conf.veth0.arp_announce")).isEqualTo("2");
        assertThat(Namespaces.sysctl(ns, "net.ipv4.conf.veth1.arp_announce")).isEqualTo("0");
        inside.call(() -> setup.stop(VIP));
        assertThat(Namespaces.ipv4Conf(ns)).isEqualTo(before);
        assertThat(addresses("veth0")).doesNotContain("203.0.113.10");
    }

    @Test
    void anIpv6VipGoesOnLoWithNodadAndNoSysctl() throws Exception {
        IpAddress v6 = IpAddress.parse("2001:db8::10");
        String before = Namespaces.ipv4Conf(ns);
        inside.call(() -> setup.start(v6, "lo"));
        assertThat(addresses("lo")).containsPattern("inet6 2001:db8::10/128 scope global (\\S+ )*nodad");
        assertThat(Namespaces.ipv4Conf(ns)).isEqualTo(before);
        inside.call(() -> setup.stop(v6));
        assertThat(addresses("lo")).doesNotContain("2001:db8::10");
    }

    @Test
    void theNamespacesOwnValuesAreReadNotTheHosts() throws Exception {
        // the JVM's other threads stay in the root namespace: its value must not be what the namespace thread saw
        Namespaces.setSysctl(ns, "net.ipv4.conf.lo.arp_ignore", "3");
        assertThat(inside.call(() -> new ProcSysctls().read(Sysctl.ipv4Conf("lo", "arp_ignore")))).contains("3");
        assertThat(inside.call(() -> new ProcSysctls().read(Sysctl.ipv4Conf("veth1", "arp_ignore")))).contains("0");
        assertThat(inside.call(() -> new NetlinkInterfaces().index("veth1"))).isPresent();
    }
}
