package io.fulcrum.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.lab.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A unicast instance whose unicast_src_ip is not on the host at start, as keepalived 2.2.7 takes it (checked in a
 * namespace): the bind fails and is logged, the instance goes to FAULT "(src address not configured)" while the
 * daemon runs on, and it stays in FAULT when the address appears later (keepalived opens the socket only at start
 * and at a reload).
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackSrcIpSystemIT {

    private SystemLab lab;
    private Netns d1;

    @BeforeAll
    void lab() throws Exception {
        lab = SystemLab.create();
        d1 = lab.host("d1", "10.76.0.1/24");
    }

    @AfterAll
    void teardown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aMissingUnicastSourceAtStartHoldsTheInstanceInFaultAndTheDaemonRuns() throws Exception {
        Path conf = lab.dir().resolve("f1.conf");
        Files.writeString(conf, """
                vrrp_instance VI_1 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 71
                    priority 100
                    advert_int 1
                    unicast_src_ip 10.76.0.50
                    unicast_peer {
                        10.76.0.2
                    }
                    track_src_ip
                    virtual_ipaddress {
                        10.76.0.100/24
                    }
                }
                """);
        Fulcrum f = Fulcrum.run(lab, d1, "f1", conf, "--log-detail");
        try {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(f.log()).contains(
                    "bind unicast_src 10.76.0.50 failed 99 - Cannot assign requested address",
                    "(VI_1): entering FAULT state (src address not configured)"));
            assertThat(f.status()).contains("VI_1 (vrid 71 on eth0): FAULT");
            d1.ip("addr", "add", "10.76.0.50/24", "dev", "eth0");
            Thread.sleep(4000); // more than the master-down interval
            assertThat(f.status()).contains("VI_1 (vrid 71 on eth0): FAULT");
            assertThat(d1.ip("-o", "addr", "show", "dev", "eth0")).doesNotContain("10.76.0.100");
            assertThat(f.alive()).isTrue();
        } finally {
            f.kill();
        }
    }
}
