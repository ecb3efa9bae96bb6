package io.fulcrum.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VrrpOnlyConfigTest {

    @Test
    void virtualServerBlocksAreLeftOutAndEverythingElseKept() {
        String in = """
                global_defs {
                   router_id LVS_DEVEL # a comment with a brace {
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_ipaddress {
                        10.0.0.1
                    }
                }
                virtual_server 10.0.0.1 80
                {
                    real_server 10.0.0.2 80 { # }
                        TCP_CHECK {
                        }
                    }
                }
                virtual_server_group G { 10.0.0.1 80 }
                vrrp_script chk { script "/bin/true" }
                """;
        String out = VrrpOnlyConfig.strip(in);
        assertThat(out).doesNotContain("virtual_server 10", "real_server", "TCP_CHECK", "group G")
                .contains("router_id LVS_DEVEL # a comment with a brace {", "vrrp_instance VI_1 {",
                        "        10.0.0.1\n", "vrrp_script chk { script \"/bin/true\" }")
                .contains("# (virtual_server left out", "# (virtual_server_group left out");
        assertThat(out.chars().filter(c -> c == '\n').count()).isLessThan(in.chars().filter(c -> c == '\n').count());
    }

    @Test
    void everySeedKeepsItsVrrpInstanceAndLosesItsVirtualServer() throws Exception {
        try (var files = Files.list(Path.of("src/test/resources/seeds"))) {
            for (Path p : files.toList()) {
                String out = VrrpOnlyConfig.strip(Files.readString(p));
                assertThat(out).as(p.toString()).contains("vrrp_instance").contains("virtual_ipaddress")
                        .doesNotContain("real_server").doesNotContain("lb_algo");
                long open = out.replaceAll("(?m)[#!].*$", "").chars().filter(c -> c == '{').count();
                long close = out.replaceAll("(?m)[#!].*$", "").chars().filter(c -> c == '}').count();
                assertThat(open).as(p + " braces").isEqualTo(close);
            }
        }
    }
}
