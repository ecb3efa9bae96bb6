package io.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.VirtualServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Loading helpers shared by the LVS and checker tests. */
final class LvsFixtures {

    private LvsFixtures() {
    }

    static LoadResult load(String text) {
        return new ConfigLoader(FileAccess.none(), PreprocessOptions.of("host", Map.of()))
                .loadText("t.conf", Path.of("."), text);
    }

    static KeepalivedConfig config(LoadResult r) {
        assertThat(r.config()).isPresent();
        return r.config().orElseThrow();
    }

    /** Problems as {@code "error 3:5 message"}, in the order reported. */
    static List<String> problems(LoadResult r) {
        return r.problems().stream()
                .map(p -> p.severity().label() + " " + p.pos().line() + ":" + p.pos().column() + " " + p.message())
                .toList();
    }

    /** The single virtual server of a configuration. */
    static VirtualServer vs(LoadResult r) {
        assertThat(config(r).virtualServers()).hasSize(1);
        return config(r).virtualServers().getFirst();
    }

    /** The first real server of the single virtual server. */
    static RealServer rs(LoadResult r) {
        return vs(r).realServers().getFirst();
    }

    /** A TCP virtual server 10.0.0.1:80 with lvs_sched and lvs_method set, around {@code body}. */
    static String tcpVs(String body) {
        return "virtual_server 10.0.0.1 80 {\n    protocol TCP\n    lvs_sched rr\n    lvs_method NAT\n" + body
                + "}\n";
    }

    /** A real server 10.0.0.2:80 with {@code body}, inside {@link #tcpVs}. */
    static String tcpRs(String body) {
        return tcpVs("    real_server 10.0.0.2 80 {\n" + body + "    }\n");
    }
}
