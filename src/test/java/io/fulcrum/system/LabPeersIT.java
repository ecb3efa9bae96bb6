package io.fulcrum.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.lab.Netns;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The lab itself: namespaces on one bridge reach each other, and the real peers start, serve and stop in them. */
@Tag("system")
class LabPeersIT {

    @Test
    void hostsOnTheBridgeReachTheRealPeersAndEverythingIsRemovedAfterwards() throws Exception {
        String prefix;
        try (SystemLab lab = SystemLab.create()) {
            Netns client = lab.host("client", "10.77.0.2/24");
            Netns rs = lab.host("rs1", "10.77.0.11/24");
            prefix = client.name().substring(0, client.name().indexOf('-'));
            Nginx nginx = Nginx.start(lab, rs, "nginx1", "10.77.0.11", "This is Real Server1\n", true);
            assertThat(client.run("curl", "-s", "--max-time", "5", "http://10.77.0.11/"))
                    .isEqualTo("This is Real Server1\n");
            assertThat(client.run("curl", "-sk", "--max-time", "5", "https://10.77.0.11/"))
                    .isEqualTo("This is Real Server1\n");
            nginx.kill();
            assertThat(client.run("bash", "-c", "curl -s --max-time 5 http://10.77.0.11/; echo \" exit $?\""))
                    .isEqualTo(" exit 7\n");
            nginx.start();
            assertThat(client.run("curl", "-s", "--max-time", "5", "http://10.77.0.11/"))
                    .isEqualTo("This is Real Server1\n");
        }
        assertThat(new ProcessBuilder("ip", "netns", "list").start().getInputStream().readAllBytes())
                .asString().doesNotContain(prefix + "-");
    }
}
