package io.fulcrum.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.ConfigLoader;
import io.fulcrum.config.FileAccess;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.PreprocessOptions;
import io.fulcrum.config.model.CheckerSpec;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.config.model.VirtualServerAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checkers as the daemon gets them: a keepalived.conf text with one virtual server 192.168.10.100:80 and one real
 * server (on a test server's port), loaded by the real parser.
 */
final class CheckFixtures {

    /** What a loaded configuration gives a checker. */
    record Loaded(KeepalivedConfig config, VirtualServer vs, RealServer rs, CheckerSpec checker, CheckTarget target) {
    }

    private String protocol = "TCP";
    private String rsAddress = "127.0.0.1";
    private final int rsPort;
    private String vsBody = "";
    private String rsBody = "";
    private String top = "";

    private CheckFixtures(int rsPort) {
        this.rsPort = rsPort;
    }

    /** A TCP virtual server with a real server 127.0.0.1:{@code port}. */
    static CheckFixtures realServer(int port) {
        return new CheckFixtures(port);
    }

    CheckFixtures udp() {
        protocol = "UDP";
        return this;
    }

    CheckFixtures address(String address) {
        rsAddress = address;
        return this;
    }

    /** Lines inside the virtual_server block. */
    CheckFixtures vs(String body) {
        vsBody = body;
        return this;
    }

    /** Lines inside the real_server block, before the checker. */
    CheckFixtures rs(String body) {
        rsBody = body;
        return this;
    }

    /** Top-level blocks (an SSL block). */
    CheckFixtures top(String text) {
        top = text;
        return this;
    }

    /** Loads the configuration with {@code checker} (a whole checker block) and asserts it has no problems. */
    Loaded checker(String checker) {
        String text = top + "virtual_server 192.168.10.100 80 {\n    protocol " + protocol
                + "\n    lvs_sched rr\n    lvs_method NAT\n" + vsBody + "\n    real_server " + rsAddress + " " + rsPort
                + " {\n" + rsBody + "\n" + checker + "\n    }\n}\n";
        LoadResult r = new ConfigLoader(FileAccess.none(), PreprocessOptions.of("test", Map.of()))
                .loadText("test.conf", Path.of("."), text);
        assertThat(r.problems()).as(text).isEmpty();
        KeepalivedConfig config = r.config().orElseThrow();
        VirtualServer vs = config.virtualServers().getFirst();
        RealServer rs = vs.realServers().getFirst();
        VirtualServerAddress.IpPort ip = (VirtualServerAddress.IpPort) vs.address();
        CheckTarget target = new CheckTarget(vs, rs, CheckNames.trio(ip.address(), vs.protocol(), ip.port()),
                CheckNames.trio(rs.address(), vs.protocol(), rs.port()));
        return new Loaded(config, vs, rs, rs.checkers().getFirst(), target);
    }
}
