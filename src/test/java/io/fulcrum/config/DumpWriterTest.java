package io.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.ScriptSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DumpWriterTest {

    @Test
    void writesIndentedBlocksWithOneKeywordPerLine() {
        String text = new DumpWriter()
                .open("vrrp_instance", "VI_1")
                .line("priority", 100)
                .line("advert_int", Duration.ofMillis(1500))
                .flag("nopreempt", true)
                .flag("preempt", false)
                .optional("mcast_src_ip", Optional.of(IpAddress.parse("10.0.0.1")))
                .open("virtual_ipaddress")
                .words(List.of("192.168.1.10/24", "dev", "eth0"))
                .close()
                .script("notify_master", new ScriptSpec(List.of("/bin/n.sh", "a b"), Optional.of("nobody"),
                        Optional.empty()))
                .close()
                .text();
        assertThat(text).isEqualTo("""
                vrrp_instance VI_1 {
                    priority 100
                    advert_int 1.5
                    nopreempt
                    mcast_src_ip 10.0.0.1
                    virtual_ipaddress {
                        192.168.1.10/24 dev eth0
                    }
                    notify_master "/bin/n.sh 'a b'" nobody
                }
                """);
    }

    @Test
    void quotesOnlyWhatWouldNotReadBack() {
        assertThat(DumpWriter.quote("plain-word_1.2")).isEqualTo("plain-word_1.2");
        assertThat(DumpWriter.quote("two words")).isEqualTo("\"two words\"");
        assertThat(DumpWriter.quote("a#b")).isEqualTo("\"a#b\"");
        assertThat(DumpWriter.quote("a!b")).isEqualTo("\"a!b\"");
        assertThat(DumpWriter.quote("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(DumpWriter.quote("{")).isEqualTo("\"{\"");
        assertThat(DumpWriter.quote("")).isEqualTo("\"\"");
        assertThat(DumpWriter.quote("@id")).isEqualTo("\"@id\"");
        assertThat(DumpWriter.quote("a@b")).isEqualTo("a@b");
        // a control character before a hex digit: octal, since the reader's \x would swallow the 'c' (fuzzing)
        assertThat(DumpWriter.quote("ba\bckup")).isEqualTo("\"ba\\010ckup\"");
    }

    @Test
    void unbalancedBlocksAreAProgrammingError() {
        assertThatThrownBy(() -> new DumpWriter().open("x").text()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new DumpWriter().close()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void timersKeepMicrosecondsAndDropTrailingZeros() {
        assertThat(Durations.format(Duration.ofSeconds(3))).isEqualTo("3");
        assertThat(Durations.format(Duration.ofMillis(100))).isEqualTo("0.1");
        assertThat(Durations.format(Duration.ofNanos(2_718_280_000L))).isEqualTo("2.71828");
        assertThat(Durations.parse("2.71828")).contains(Duration.ofNanos(2_718_280_000L));
        assertThat(Durations.parse(".5")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("1.0000004")).contains(Duration.ofSeconds(1));
        assertThat(Durations.parse("-1")).isEmpty();
        assertThat(Durations.parse("1e3")).isEmpty();
        assertThat(Durations.parse("")).isEmpty();
        assertThat(Durations.parse("99999999999999999999")).isEmpty();
    }
}
