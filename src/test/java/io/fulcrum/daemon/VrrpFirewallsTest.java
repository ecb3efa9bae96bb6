package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.vrrp.InstanceSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The firewall port across reloads, with a stand-in nft logging its scripts: stale tables go at the start even
 * without a no_accept instance; a reload that brings the first no_accept instance brings the nftables firewall;
 * a reload cannot rename the table.
 */
class VrrpFirewallsTest {

    @TempDir
    Path dir;

    private String fakeNft() throws IOException {
        Path script = dir.resolve("nft");
        Files.writeString(script, "#!/bin/sh\necho \"ARGS $*\" >> " + dir.resolve("log") + "\ncat >> "
                + dir.resolve("log") + "\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script.toString();
    }

    private String calls() throws IOException {
        Path log = dir.resolve("log");
        String text = Files.exists(log) ? Files.readString(log) : "";
        Files.deleteIfExists(log);
        return text;
    }

    private static KeepalivedConfig config(String globals, String accept) {
        return TableFixtures.config("""
                global_defs {
                    %s
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority 100
                    %s
                    virtual_ipaddress {
                        10.0.0.100/24
                    }
                }
                """.formatted(globals, accept));
    }

    private static List<InstanceSettings> settings(KeepalivedConfig c) {
        return c.vrrpInstances().stream().map(i -> new InstanceSettings(i, IpAddress.parse("10.0.0.1"),
                IpAddress.parse("224.0.0.18"))).toList();
    }

    @Test
    void theFirstNoAcceptInstanceOfAReloadBringsTheTablesAndTheNameStays() throws Exception {
        List<String> log = new ArrayList<>();
        VrrpFirewalls fw = new VrrpFirewalls(true, fakeNft(), log::add);
        KeepalivedConfig accepting = config("nftables vrrp_fw", "");
        fw.configure(settings(accepting), accepting.globalDefs().nftables());
        assertThat(calls()).as("a crashed run's tables deleted at the start").contains("delete table ip vrrp_fw",
                "delete table ip6 vrrp_fw");
        fw.addDropRule(settings(accepting).getFirst()); // not asked by the engine for an accept instance: no-op
        assertThat(calls()).isEmpty();

        KeepalivedConfig strict = config("vrrp_strict\nnftables vrrp_fw", "");
        fw.configure(settings(strict), strict.globalDefs().nftables());
        calls();
        fw.addDropRule(settings(strict).getFirst());
        assertThat(calls()).contains("table ip vrrp_fw {", "add element ip vrrp_fw vips { 10.0.0.100 }");

        KeepalivedConfig renamed = config("vrrp_strict\nnftables other", "");
        fw.configure(settings(renamed), renamed.globalDefs().nftables());
        assertThat(log).containsExactly("Cannot change nftables table name at a reload - please restart fulcrum"
                + " (the rules stay in table vrrp_fw)");
        fw.removeDropRule(settings(renamed).getFirst());
        assertThat(calls()).contains("delete element ip vrrp_fw vips { 10.0.0.100 }");
        fw.close();
        assertThat(calls()).contains("delete table ip vrrp_fw").doesNotContain("ip6");
    }

    @Test
    void withoutNftNothingIsRunAndTheLogSaysSo() throws Exception {
        List<String> log = new ArrayList<>();
        VrrpFirewalls fw = new VrrpFirewalls(false, fakeNft(), log::add);
        KeepalivedConfig strict = config("vrrp_strict", "");
        fw.configure(settings(strict), strict.globalDefs().nftables());
        fw.addDropRule(settings(strict).getFirst());
        fw.close();
        assertThat(calls()).isEmpty();
        assertThat(log).singleElement().asString().contains("the nft program is missing (install nftables)");
    }
}
