package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.NftablesSettings;
import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.VipFirewall;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The text of the no_accept drop rules. The expected tables are those keepalived 2.2.7 made in a network
 * namespace for the same instances ({@code nft list ruleset}), written as a script.
 */
class VrrpNftRulesTest {

    static final String TWO_INSTANCES = """
            global_defs {
                vrrp_strict
                %s
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 100
                virtual_ipaddress {
                    10.88.0.100/24
                    10.88.0.101/24
                }
                virtual_ipaddress_excluded {
                    10.99.0.1/24 dev eth1
                }
            }
            vrrp_instance VI_6 {
                interface eth0
                %s
                virtual_router_id 52
                priority 100
                virtual_ipaddress {
                    fe80::100/64
                    fd00::100/64
                    fe80::200/64 dev eth1
                }
            }
            """;

    static List<InstanceSettings> instances(String globals, String vi6) {
        KeepalivedConfig c = TableFixtures.config(TWO_INSTANCES.formatted(globals, vi6));
        return c.vrrpInstances().stream().map(i -> new InstanceSettings(i, IpAddress.parse(
                i.name().equals("VI_1") ? "10.88.0.1" : "fe80::1"), IpAddress.parse(
                i.name().equals("VI_1") ? "224.0.0.18" : "ff02::12"))).toList();
    }

    private static VrrpNftRules rules(String globals) {
        return new VrrpNftRules(TableFixtures.config(TWO_INSTANCES.formatted(globals, "")).globalDefs().nftables());
    }

    @Test
    void strictInstancesBelowPriority255AreNoAcceptAndNeedTheDropRule() {
        assertThat(instances("", "")).allSatisfy(i -> assertThat(VipFirewall.needsDropRule(i)).isTrue());
        KeepalivedConfig owner = TableFixtures.config(TWO_INSTANCES.formatted("", "").replace("priority 100",
                "priority 255"));
        assertThat(owner.vrrpInstances()).allSatisfy(i -> assertThat(VipFirewall.needsDropRule(new InstanceSettings(
                i, IpAddress.parse("fe80::1"), IpAddress.parse("ff02::12")))).isFalse());
        KeepalivedConfig accept = TableFixtures.config(TWO_INSTANCES.formatted("", "accept").replace("vrrp_strict",
                ""));
        assertThat(VipFirewall.needsDropRule(new InstanceSettings(accept.vrrpInstances().get(1),
                IpAddress.parse("fe80::1"), IpAddress.parse("ff02::12")))).isFalse();
    }

    @Test
    void theIpv4TableDropsPacketsToAndFromTheVipSet() {
        assertThat(rules("").createTable("ip")).isEqualTo("""
                table ip keepalived {}
                delete table ip keepalived
                table ip keepalived {
                \tset vips {
                \t\ttype ipv4_addr
                \t}
                \tchain out {
                \t\ttype filter hook output priority -1; policy accept;
                \t\tip saddr @vips drop
                \t}
                \tchain in {
                \t\ttype filter hook input priority -1; policy accept;
                \t\tip daddr @vips drop
                \t}
                }
                """);
    }

    @Test
    void theIpv6TableLetsNeighbourDiscoveryThroughAndSendsLinkLocalToItsOwnChains() {
        assertThat(rules("nftables vrrp_fw\nnftables_priority -150\nnftables_counters").createTable("ip6"))
                .isEqualTo("""
                table ip6 vrrp_fw {}
                delete table ip6 vrrp_fw
                table ip6 vrrp_fw {
                \tset vips {
                \t\ttype ipv6_addr
                \t}
                \tset neighbor-discovery {
                \t\ttype icmpv6_type
                \t\tflags constant
                \t\telements = { nd-neighbor-solicit, nd-neighbor-advert }
                \t}
                \tchain out {
                \t\ttype filter hook output priority -150; policy accept;
                \t\ticmpv6 type @neighbor-discovery counter accept
                \t\tip6 saddr fe80::/10 counter goto out_link_local
                \t\tip6 saddr @vips counter drop
                \t}
                \tchain in {
                \t\ttype filter hook input priority -150; policy accept;
                \t\ticmpv6 type @neighbor-discovery counter accept
                \t\tip6 daddr fe80::/10 counter goto in_link_local
                \t\tip6 daddr @vips counter drop
                \t}
                \tchain in_link_local {
                \t}
                \tchain out_link_local {
                \t}
                }
                """);
    }

    @Test
    void linkLocalVipsAreKeyedByInterfaceIndexUnlessTheInstanceIgnoresItsInterface() {
        VrrpNftRules r = rules("");
        List<InstanceSettings> plain = instances("", "");
        assertThat(r.elements("add", r.elements(plain.get(0)))).isEqualTo(
                "add element ip keepalived vips { 10.88.0.100, 10.88.0.101, 10.99.0.1 }\n");
        assertThat(r.elements("add", r.elements(plain.get(1)))).isEqualTo("""
                add element ip6 keepalived vips { fd00::100 }
                add element ip6 keepalived vips_link_local { fe80::100 . "eth0", fe80::200 . "eth1" }
                """);
        assertThat(r.createLinkLocalSet(VrrpNftRules.SetKind.V6_LINK_LOCAL)).isEqualTo("""
                add set ip6 keepalived vips_link_local { type ipv6_addr . iface_index; }
                add rule ip6 keepalived in_link_local ip6 daddr . iif @vips_link_local drop
                add rule ip6 keepalived out_link_local ip6 saddr . oif @vips_link_local drop
                """);

        // dont_track_primary: the instance's own interface by name (keepalived), another one still by index
        InstanceSettings untracked = instances("", "dont_track_primary").get(1);
        assertThat(r.elements("delete", r.elements(untracked))).isEqualTo("""
                delete element ip6 keepalived vips { fd00::100 }
                delete element ip6 keepalived vips_link_local { fe80::200 . "eth1" }
                delete element ip6 keepalived vips_link_local_name { fe80::100 . "eth0" }
                """);
        assertThat(r.createLinkLocalSet(VrrpNftRules.SetKind.V6_LINK_LOCAL_NAME)).isEqualTo("""
                add set ip6 keepalived vips_link_local_name { type ipv6_addr . ifname; }
                add rule ip6 keepalived in_link_local ip6 daddr . iifname @vips_link_local_name drop
                add rule ip6 keepalived out_link_local ip6 saddr . oifname @vips_link_local_name drop
                """);
        // nftables_ifindex: by index even then
        VrrpNftRules byIndex = rules("nftables_ifindex");
        assertThat(byIndex.elements("add", byIndex.elements(untracked))).doesNotContain("vips_link_local_name")
                .contains("vips_link_local { fe80::100 . \"eth0\", fe80::200 . \"eth1\" }");
    }

    @Test
    void theTableNameDefaultsToKeepalivedsAndFollowsTheNftablesKeyword() {
        assertThat(NftablesSettings.defaults().tableName()).isEqualTo("keepalived");
        assertThat(rules("nftables").table()).isEqualTo("keepalived");
        assertThat(rules("nftables fulcrum_vrrp").table()).isEqualTo("fulcrum_vrrp");
    }
}
