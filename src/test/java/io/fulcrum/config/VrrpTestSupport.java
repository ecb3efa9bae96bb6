package io.fulcrum.config;

import io.fulcrum.common.Problem;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.VrrpInstance;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Loads plain configuration text and renders its problems as {@code LINE:COL: severity: message}. */
final class VrrpTestSupport {

    private VrrpTestSupport() {
    }

    static LoadResult load(String text) {
        return new ConfigLoader(FileAccess.none(), PreprocessOptions.of("host", Map.of()))
                .loadText("t.conf", Path.of("."), text);
    }

    static KeepalivedConfig config(String text) {
        return load(text).config().orElseThrow();
    }

    static List<String> problems(String text) {
        return problems(load(text));
    }

    static List<String> problems(LoadResult r) {
        return r.problems().stream().map(VrrpTestSupport::format).toList();
    }

    static String format(Problem p) {
        return p.pos().line() + ":" + p.pos().column() + ": " + p.severity().label() + ": " + p.message();
    }

    /** An instance with the given body lines, named VI_1 on eth0 with VRID 51 unless the body says otherwise. */
    static String instance(String body) {
        return "vrrp_instance VI_1 {\n" + body + "}\n";
    }

    static VrrpInstance only(String text) {
        List<VrrpInstance> l = config(text).vrrpInstances();
        if (l.size() != 1) {
            throw new AssertionError("expected one instance, got " + l.size() + ": " + problems(text));
        }
        return l.getFirst();
    }
}
