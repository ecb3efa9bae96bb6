package io.fulcrum.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.ConfigLoader;
import io.fulcrum.config.FileAccess;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.PreprocessOptions;
import io.fulcrum.config.model.KeepalivedConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Configurations for the health tests, and a model table the actions are applied to. */
final class HealthFixtures {

    private HealthFixtures() {
    }

    static KeepalivedConfig config(String text) {
        LoadResult r = new ConfigLoader(FileAccess.none(), PreprocessOptions.of("host", Map.of()))
                .loadText("t.conf", Path.of("."), text);
        assertThat(r.config()).as(r.problems().toString()).isPresent();
        return r.config().orElseThrow();
    }

    static HealthState state(String text) {
        KeepalivedConfig c = config(text);
        return new HealthState(c.virtualServers(), c.globalDefs(), "host1");
    }

    /** A TCP virtual server 10.0.0.1:80 around {@code body}, after {@code globals} (a global_defs block or ""). */
    static String vs(String globals, String body) {
        return globals + "virtual_server 10.0.0.1 80 {\n    protocol TCP\n    lvs_sched rr\n    lvs_method DR\n"
                + body + "}\n";
    }

    /** A real server 10.0.1.N:80 with {@code body} (settings and checkers). */
    static String rs(int n, String body) {
        return "    real_server 10.0.1." + n + " 80 {\n" + body + "    }\n";
    }

    static final String TCP = "        TCP_CHECK {\n        }\n";
    static final String ALPHA_TCP = "        TCP_CHECK {\n            alpha\n        }\n";

    static final String MAIL = "global_defs {\n    router_id LB1\n    notification_email {\n        ops@example.org\n"
            + "    }\n    smtp_server 127.0.0.1\n    notify_fifo /run/fulcrum.fifo\n}\n";

    static HealthEvent up(int vs, int rs, int c) {
        return new HealthEvent.CheckerUp(new CheckerId(vs, rs, c));
    }

    static HealthEvent down(int vs, int rs, int c) {
        return new HealthEvent.CheckerDown(new CheckerId(vs, rs, c));
    }

    static HealthEvent weight(int vs, int rs, int c, long w) {
        return new HealthEvent.WeightChanged(new CheckerId(vs, rs, c), w);
    }

    static List<String> logs(List<HealthAction> actions) {
        return actions.stream().filter(a -> a instanceof HealthAction.Log).map(a -> ((HealthAction.Log) a).line())
                .toList();
    }

    static List<HealthAction> without(List<HealthAction> actions, Class<?> kind) {
        return actions.stream().filter(a -> !kind.isInstance(a)).toList();
    }

    static List<HealthAction> only(List<HealthAction> actions, Class<?> kind) {
        return actions.stream().filter(kind::isInstance).toList();
    }

    /**
     * The destinations of each virtual server as the actions leave them: {@code rs1=1} for real server index 1
     * with weight 1, {@code sorry=0}. Adding an existing or changing/removing a missing destination fails, as the
     * kernel's table would refuse it.
     */
    static final class Table {
        private final Map<String, Integer> entries = new TreeMap<>();

        Table apply(List<HealthAction> actions) {
            for (HealthAction a : actions) {
                switch (a) {
                    case HealthAction.AddRealServer x -> add(x.vsIndex() + ":rs" + x.rsIndex(), x.weight());
                    case HealthAction.RemoveRealServer x -> remove(x.vsIndex() + ":rs" + x.rsIndex());
                    case HealthAction.SetRealServerWeight x -> edit(x.vsIndex() + ":rs" + x.rsIndex(), x.weight());
                    case HealthAction.AddSorryServer x -> add(x.vsIndex() + ":sorry", x.weight());
                    case HealthAction.RemoveSorryServer x -> remove(x.vsIndex() + ":sorry");
                    case HealthAction.SetSorryServerWeight x -> edit(x.vsIndex() + ":sorry", x.weight());
                    case HealthAction.Log l -> { }
                    case HealthAction.RunScript s -> { }
                    case HealthAction.SendAlert s -> { }
                    case HealthAction.WriteFifo f -> { }
                }
            }
            return this;
        }

        private void add(String key, int weight) {
            assertThat(entries).as("add " + key).doesNotContainKey(key);
            entries.put(key, weight);
        }

        private void remove(String key) {
            assertThat(entries).as("remove " + key).containsKey(key);
            entries.remove(key);
        }

        private void edit(String key, int weight) {
            assertThat(entries).as("edit " + key).containsKey(key);
            entries.put(key, weight);
        }

        /** {@code rs0=1 rs2=0 sorry=1} for virtual server {@code vs}. */
        String of(int vs) {
            List<String> parts = new ArrayList<>();
            entries.forEach((k, v) -> {
                if (k.startsWith(vs + ":")) {
                    parts.add(k.substring(k.indexOf(':') + 1) + "=" + v);
                }
            });
            return String.join(" ", parts);
        }
    }
}
