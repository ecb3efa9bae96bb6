package io.fulcrum.config;

import static io.fulcrum.config.VrrpTestSupport.load;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.common.IpPrefix;
import io.fulcrum.config.model.AuthType;
import io.fulcrum.config.model.Authentication;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.SmtpServer;
import io.fulcrum.config.model.VrrpInstance;
import io.fulcrum.config.model.VrrpState;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The VRRP parts of real-world configurations (the seeds). Problems from virtual_server blocks belong to the LVS
 * grammar and are left out: only problems before the first virtual_server line are checked.
 */
class VrrpSeedConfigsTest {

    private record Seed(KeepalivedConfig config, List<String> problems) {
    }

    private static Seed seed(String name) throws IOException {
        String text = VrrpDumpRoundTripTest.resource("/seeds/" + name);
        String[] lines = text.split("\n", -1);
        int firstVs = Integer.MAX_VALUE;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().startsWith("virtual_server")) {
                firstVs = i + 1;
                break;
            }
        }
        int limit = firstVs;
        LoadResult r = load(text);
        List<String> vrrpProblems = r.problems().stream().filter(p -> p.pos().line() < limit)
                .map(VrrpTestSupport::format).toList();
        return new Seed(r.config().orElseThrow(), vrrpProblems);
    }

    private static VrrpInstance only(Seed s) {
        assertThat(s.config().vrrpInstances()).hasSize(1);
        return s.config().vrrpInstances().getFirst();
    }

    @Test
    void seed000MasterAndBackup() throws IOException {
        Seed m = seed("000-master.conf");
        assertThat(m.problems()).isEmpty();
        var g = m.config().globalDefs();
        assertThat(g.routerId()).contains("LVS_DEVEL");
        assertThat(g.email().recipients()).containsExactly("richardwei@localhost");
        assertThat(g.email().from()).contains("root");
        assertThat(g.email().server()).contains(new SmtpServer("127.0.0.1", 25));
        assertThat(g.email().connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        VrrpInstance i = only(m);
        assertThat(i.name()).isEqualTo("VI_1");
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
        assertThat(i.interfaceName()).contains("eth0");
        assertThat(i.vrid()).isEqualTo(51);
        assertThat(i.priority()).isEqualTo(101);
        assertThat(i.advertInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(i.authentication()).contains(new Authentication(AuthType.PASS, "1111"));
        assertThat(i.virtualIpAddresses()).extracting(v -> v.address())
                .containsExactly(IpPrefix.host(IpAddress.parse("172.17.0.10")));
        Seed b = seed("000-backup.conf");
        assertThat(b.problems()).isEmpty();
        assertThat(only(b).state()).isEqualTo(VrrpState.BACKUP);
        assertThat(only(b).priority()).isEqualTo(99);
    }

    @Test
    void seed001UsesAFiveSecondAdvert() throws IOException {
        for (String name : List.of("001-master.conf", "001-backup.conf")) {
            Seed s = seed(name);
            assertThat(s.problems()).isEmpty();
            VrrpInstance i = only(s);
            assertThat(i.interfaceName()).contains("ens32");
            assertThat(i.advertInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(i.virtualIpAddresses()).extracting(v -> v.address().address())
                    .containsExactly(IpAddress.parse("192.168.179.199"));
        }
        assertThat(only(seed("001-master.conf")).priority()).isEqualTo(100);
        assertThat(only(seed("001-backup.conf")).priority()).isEqualTo(50);
    }

    @Test
    void seed002NopreemptIsClearedOnTheMasterAsKeepalivedDoes() throws IOException {
        Seed m = seed("002-master.conf");
        assertThat(m.problems()).containsExactly(
                "7:3: warning: (VI_1) Warning - nopreempt will not work with initial state MASTER - clearing");
        VrrpInstance i = only(m);
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
        assertThat(i.priority()).isEqualTo(200);
        assertThat(i.nopreempt()).isFalse();
        assertThat(i.vrid()).isEqualTo(62);
        Seed b = seed("002-backup.conf");
        assertThat(b.problems()).isEmpty();
        assertThat(only(b).nopreempt()).isTrue();
        assertThat(only(b).state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void seed003LvsIdIsRemoved() throws IOException {
        Seed m = seed("003-master.conf");
        assertThat(m.problems())
                .containsExactly("3:2: error: unknown keyword 'lvs_id': lvs_id was replaced by router_id");
        assertThat(m.config().globalDefs().routerId()).isEmpty();
        VrrpInstance i = only(m);
        assertThat(i.name()).isEqualTo("LVS");
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
        assertThat(i.priority()).isEqualTo(151);
        assertThat(i.authentication()).contains(new Authentication(AuthType.PASS, "123456"));
        assertThat(seed("003-backup.conf").problems())
                .containsExactly("3:2: error: unknown keyword 'lvs_id': lvs_id was replaced by router_id");
    }

    @Test
    void seed004TruncatesThePasswordAndQuotesNotifyArguments() throws IOException {
        Seed n1 = seed("004-node1.conf");
        assertThat(n1.problems()).containsExactly("39:1: warning: Truncating auth_pass to 8 characters");
        var g = n1.config().globalDefs();
        assertThat(g.routerId()).contains("node1");
        assertThat(g.vrrp().mcastGroup4()).isEqualTo(IpAddress.parse("224.1.100.88"));
        assertThat(g.email().recipients()).containsExactly("root@localhost");
        assertThat(g.email().from()).contains("node1@localhost");
        VrrpInstance i = only(n1);
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
        assertThat(i.interfaceName()).contains("ens160");
        assertThat(i.vrid()).isEqualTo(50);
        assertThat(i.priority()).isEqualTo(100);
        assertThat(i.authentication()).contains(new Authentication(AuthType.PASS, "IDDf1j+y"));
        assertThat(i.notifyScripts().master().orElseThrow().argv())
                .containsExactly("/etc/keepalived/notify.sh", "master");
        assertThat(i.notifyScripts().backup().orElseThrow().argv())
                .containsExactly("/etc/keepalived/notify.sh", "backup");
        assertThat(i.notifyScripts().fault().orElseThrow().argv())
                .containsExactly("/etc/keepalived/notify.sh", "fault");
        Seed n2 = seed("004-node2.conf");
        assertThat(n2.problems()).containsExactly("39:1: warning: Truncating auth_pass to 8 characters");
        assertThat(only(n2).state()).isEqualTo(VrrpState.BACKUP);
        assertThat(only(n2).priority()).isEqualTo(98);
    }
}
