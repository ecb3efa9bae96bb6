package io.fulcrum.config;

import static io.fulcrum.config.VrrpTestSupport.config;
import static io.fulcrum.config.VrrpTestSupport.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.NftablesSettings;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** nftables, nftables_priority, nftables_counters, nftables_ifindex and vrrp_iptables, as keepalived 2.2.7 reads them. */
class GlobalDefsNftablesKeywordsTest {

    private static NftablesSettings nft(String body) {
        return config("global_defs {\n" + body + "}\n").globalDefs().nftables();
    }

    @Test
    void absentMeansNoTableNamedWithKeepalivedsDefaultsUsedWhenNeeded() {
        assertThat(nft("")).isEqualTo(NftablesSettings.defaults());
        assertThat(nft("").tableName()).isEqualTo("keepalived");
        assertThat(nft("").priority()).isEqualTo(-1);
    }

    @Test
    void readsTheTableThePriorityAndTheFlags() {
        assertThat(nft("nftables\n")).isEqualTo(new NftablesSettings(Optional.of("keepalived"), -1, false, false));
        assertThat(nft("nftables vrrp_fw\nnftables_priority -150\nnftables_counters\nnftables_ifindex\n"))
                .isEqualTo(new NftablesSettings(Optional.of("vrrp_fw"), -150, true, true));
    }

    @Test
    void aSecondNftablesIsIgnoredAndAnEarlierPriorityIsResetAsInKeepalived() {
        assertThat(nft("nftables a\nnftables b\n").tableName()).isEqualTo("a");
        assertThat(problems("global_defs {\nnftables a\nnftables b\n}\n")).singleElement().asString()
                .startsWith("3:").contains("nftables already specified - ignoring");
        assertThat(nft("nftables_priority 5\nnftables\n").priority()).isEqualTo(-1);
        assertThat(problems("global_defs {\nnftables_priority 5\nnftables\n}\n")).singleElement().asString()
                .startsWith("2:").contains("put it after nftables");
        assertThat(nft("nftables\nnftables_priority 5\n").priority()).isEqualTo(5);
    }

    @Test
    void badValuesAreErrorsWithTheirPlace() {
        assertThat(problems("global_defs {\nnftables 1abc\n}\n")).singleElement().asString().startsWith("2:")
                .contains("invalid table name '1abc'");
        assertThat(problems("global_defs {\nnftables " + "t".repeat(256) + "\n}\n")).singleElement().asString()
                .contains("nftables table name too long - ignoring");
        assertThat(problems("global_defs {\nnftables_priority high\n}\n")).singleElement().asString()
                .startsWith("2:").contains("invalid number 'high'");
        assertThat(nft("nftables 1abc\n").table()).isEmpty();
    }

    @Test
    void vrrpIptablesMeansNftablesWithAWarningAsInKeepalivedBuiltWithNftablesOnly() {
        assertThat(nft("vrrp_iptables INPUT OUTPUT\n").table()).hasValue("keepalived");
        assertThat(problems("global_defs {\nvrrp_iptables\n}\n")).singleElement().asString()
                .contains("iptables not supported, using nftables instead");
    }

    @Test
    void theDumpWritesThemBack() {
        var cfg = config("global_defs {\nnftables vrrp_fw\nnftables_priority 7\nnftables_counters\n}\n");
        String dump = ConfigDumper.dump(cfg);
        assertThat(dump).contains("nftables vrrp_fw\n").contains("nftables_priority 7").contains("nftables_counters");
        assertThat(dump.indexOf("nftables vrrp_fw")).isLessThan(dump.indexOf("nftables_priority"));
        assertThat(config(dump).globalDefs().nftables()).isEqualTo(cfg.globalDefs().nftables());
        assertThat(ConfigDumper.dump(config(""))).doesNotContain("nftables");
    }
}
