package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.config.model.NftablesSettings;
import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.VipFirewall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The no_accept firewall's calls of nft, with a stand-in nft that logs each call (arguments and script) and fails
 * when a file says so: tables are made with their family's first address, addresses come and go with the
 * instances, a shared address stays until its last instance lets it go, close deletes the tables.
 */
class NftVipFirewallTest {

    @TempDir
    Path dir;

    private Path fakeNft() throws IOException {
        Path script = dir.resolve("nft");
        Files.writeString(script, "#!/bin/sh\necho \"ARGS $*\" >> " + dir.resolve("log") + "\ncat >> "
                + dir.resolve("log") + "\nif [ -e " + dir.resolve("fail") + " ]; then echo 'Error: boom' >&2;"
                + " exit 1; fi\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** The scripts nft was given since the last call, one string per call. */
    private List<String> calls() throws IOException {
        Path log = dir.resolve("log");
        if (!Files.exists(log)) {
            return List.of();
        }
        String text = Files.readString(log);
        Files.delete(log);
        List<String> out = new ArrayList<>();
        for (String part : text.split("ARGS ")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }

    private NftVipFirewall firewall() throws IOException {
        return new NftVipFirewall(fakeNft().toString(), NftablesSettings.defaults());
    }

    @Test
    void addressesComeAndGoWithTheInstancesAndCloseDeletesTheTables() throws Exception {
        List<InstanceSettings> in = VrrpNftRulesTest.instances("", "");
        NftVipFirewall fw = firewall();
        fw.addDropRule(in.get(0));
        List<String> c = calls();
        assertThat(c).hasSize(1);
        assertThat(c.getFirst()).startsWith("-f -\ntable ip keepalived {}\ndelete table ip keepalived\n")
                .contains("ip daddr @vips drop").doesNotContain("ip6")
                .endsWith("add element ip keepalived vips { 10.88.0.100, 10.88.0.101, 10.99.0.1 }\n");

        fw.addDropRule(in.get(1));
        c = calls();
        assertThat(c).hasSize(1);
        assertThat(c.getFirst()).contains("table ip6 keepalived {\n", "add set ip6 keepalived vips_link_local {")
                .doesNotContain("table ip keepalived").endsWith("""
                        add element ip6 keepalived vips { fd00::100 }
                        add element ip6 keepalived vips_link_local { fe80::100 . "eth0", fe80::200 . "eth1" }
                        """);

        fw.removeDropRule(in.get(0));
        assertThat(calls()).containsExactly(
                "-f -\ndelete element ip keepalived vips { 10.88.0.100, 10.88.0.101, 10.99.0.1 }\n");
        fw.removeDropRule(in.get(0)); // nothing left under that name
        assertThat(calls()).isEmpty();

        fw.addDropRule(in.get(0)); // the table exists: only the elements
        assertThat(calls()).containsExactly(
                "-f -\nadd element ip keepalived vips { 10.88.0.100, 10.88.0.101, 10.99.0.1 }\n");

        fw.close();
        assertThat(calls()).containsExactly("-f -\ntable ip keepalived {}\ndelete table ip keepalived\n"
                + "table ip6 keepalived {}\ndelete table ip6 keepalived\n");
        fw.close();
        assertThat(calls()).isEmpty();
    }

    @Test
    void anAddressTwoInstancesShareStaysUntilBothLetItGo() throws Exception {
        List<InstanceSettings> in = VrrpNftRulesTest.instances("", "");
        var twin = TableFixtures.config(VrrpNftRulesTest.TWO_INSTANCES.formatted("", "")
                .replace("vrrp_instance VI_1", "vrrp_instance VI_2")).vrrpInstances().getFirst();
        InstanceSettings other = new InstanceSettings(twin, in.get(0).primaryAddress(), in.get(0).multicastGroup());
        NftVipFirewall fw = firewall();
        fw.addDropRule(in.get(0));
        fw.addDropRule(other);
        calls();
        fw.removeDropRule(in.get(0));
        assertThat(calls()).isEmpty();
        fw.removeDropRule(other);
        assertThat(calls()).hasSize(1).first().asString().startsWith("-f -\ndelete element ip keepalived vips");
    }

    @Test
    void aRefusalCarriesNftsMessageAndChangesNothing() throws Exception {
        List<InstanceSettings> in = VrrpNftRulesTest.instances("", "");
        NftVipFirewall fw = firewall();
        Files.writeString(dir.resolve("fail"), "");
        assertThatThrownBy(() -> fw.addDropRule(in.get(0))).isInstanceOf(IOException.class)
                .hasMessageEndingWith("-f - failed (exit 1): Error: boom");
        Files.delete(dir.resolve("fail"));
        calls();
        fw.addDropRule(in.get(0)); // the table is made again: the failed transaction left nothing
        assertThat(calls()).hasSize(1).first().asString().contains("table ip keepalived {\n");
    }

    @Test
    void theFirewallIsNftablesOnlyWhenAnInstanceIsNoAcceptAndNftIsThere() throws Exception {
        List<String> log = new ArrayList<>();
        String nft = fakeNft().toString();
        List<InstanceSettings> accepting = VrrpNftRulesTest.instances("", "").stream().map(i -> new InstanceSettings(
                TableFixtures.config(VrrpNftRulesTest.TWO_INSTANCES.formatted("", "").replace("vrrp_strict", ""))
                        .vrrpInstances().stream().filter(s -> s.name().equals(i.name())).findFirst().orElseThrow(),
                i.primaryAddress(), i.multicastGroup())).toList();
        assertThat(NftVipFirewall.forInstances(accepting, NftablesSettings.defaults(), true, nft, log::add))
                .isSameAs(VipFirewall.NONE);
        assertThat(log).isEmpty();
        assertThat(calls()).isEmpty();

        assertThat(NftVipFirewall.forInstances(VrrpNftRulesTest.instances("", ""), NftablesSettings.defaults(),
                false, nft, log::add)).isSameAs(VipFirewall.NONE);
        assertThat(log).containsExactly("no_accept/strict specified, but the nft program is missing (install"
                + " nftables): packets to the VIPs of VI_1, VI_6 will not be dropped");

        log.clear();
        assertThat(NftVipFirewall.forInstances(VrrpNftRulesTest.instances("", ""), NftablesSettings.defaults(),
                true, nft, log::add)).isInstanceOf(NftVipFirewall.class);
        assertThat(log).containsExactly(
                "use_vmac or no_accept/strict specified, but no firewall configured - using nftables");
        assertThat(calls()).as("stale tables removed at the start").containsExactly("-f -\n"
                + "table ip keepalived {}\ndelete table ip keepalived\ntable ip6 keepalived {}\n"
                + "delete table ip6 keepalived\n");
    }
}
