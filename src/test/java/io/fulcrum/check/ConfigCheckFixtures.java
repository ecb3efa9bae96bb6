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
import java.nio.file.Path;
import java.util.Map;

/** Checkers of a real keepalived.conf text: the first real server of the first virtual server. */
final class ConfigCheckFixtures {

    static final String VS = "[192.168.10.100]:tcp:80";
    static final String RS = "[10.0.0.11]:tcp:80";

    private ConfigCheckFixtures() {
    }

    /** A config whose only real server (10.0.0.11:80, weight 5, of 192.168.10.100:80, delay_loop 7) has these. */
    static KeepalivedConfig config(String topLevel, String checkers) {
        String text = topLevel + """
                virtual_server 192.168.10.100 80 {
                    delay_loop 7
                    protocol TCP
                    real_server 10.0.0.11 80 {
                        weight 5
                """ + checkers + """
                    }
                }
                """;
        LoadResult r = new ConfigLoader(FileAccess.none(), PreprocessOptions.of("host", Map.of()))
                .loadText("t.conf", Path.of("."), text);
        assertThat(r.config()).as(r.toString()).isPresent();
        return r.config().orElseThrow();
    }

    static CheckTarget target(KeepalivedConfig c) {
        VirtualServer vs = c.virtualServers().getFirst();
        RealServer rs = vs.realServers().getFirst();
        return new CheckTarget(vs, rs, VS, RS);
    }

    static <T extends CheckerSpec> T checker(KeepalivedConfig c, Class<T> kind) {
        return kind.cast(c.virtualServers().getFirst().realServers().getFirst().checkers().getFirst());
    }
}
