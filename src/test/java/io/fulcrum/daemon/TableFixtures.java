package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.ConfigLoader;
import io.fulcrum.config.FileAccess;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.PreprocessOptions;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.ipvs.DestinationSnapshot;
import io.fulcrum.ipvs.ServiceSnapshot;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.sched.SchedulerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Configurations and tables for the loader tests. */
final class TableFixtures {

    private TableFixtures() {
    }

    /** An empty table with every scheduler, on a clock that does not move. */
    static ServiceTable table() {
        return new ServiceTable(new SchedulerFactory(() -> 0L, () -> new SplittableRandom(1)));
    }

    static KeepalivedConfig config(String text) {
        LoadResult r = new ConfigLoader(FileAccess.none(), PreprocessOptions.of("host", Map.of()))
                .loadText("t.conf", Path.of("."), text);
        assertThat(r.config()).isPresent();
        return r.config().orElseThrow();
    }

    static KeepalivedConfig resource(String path) throws IOException {
        try (InputStream in = TableFixtures.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return config(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * A service as one line, like ipvsadm's listing: {@code TCP 10.0.0.1:80 rr persistent 60} followed by its
     * destinations {@code -> 10.0.1.1:80 Route 1}, with thresholds when set ({@code x1000/750}).
     */
    static String line(ServiceSnapshot s) {
        StringBuilder b = new StringBuilder(s.key().toString()).append(' ')
                .append(VirtualServerNames.settings(s.settings(), s.key().isV6()));
        for (DestinationSnapshot d : s.destinations()) {
            b.append(" -> ").append(d.address().isV6() ? "[" + d.address() + "]" : d.address().toString())
                    .append(':').append(d.port()).append(' ').append(d.settings().forwarding().ipvsadmName())
                    .append(' ').append(d.settings().weight());
            if (d.settings().upperThreshold() != 0 || d.settings().lowerThreshold() != 0) {
                b.append(" x").append(d.settings().upperThreshold()).append('/').append(d.settings().lowerThreshold());
            }
        }
        return b.toString();
    }

    /** The lines a load logged and the table it filled. */
    record Loaded(List<String> log, ServiceTable table) {
        List<String> lines() {
            return TableFixtures.lines(table);
        }

        /**
         * The log without the closing line (totals) every non-empty load ends with, and without the health state's
         * "Activating healthchecker" lines, which {@link #checkers()} gives.
         */
        List<String> body() {
            assertThat(log.getLast()).startsWith("IPVS table built from");
            return log.subList(0, log.size() - 1).stream().filter(l -> !l.startsWith("Activating healthchecker"))
                    .toList();
        }

        /** The "Activating healthchecker for service ... for VS ..." lines, one per checker. */
        List<String> checkers() {
            return log.stream().filter(l -> l.startsWith("Activating healthchecker")).toList();
        }
    }

    static Loaded load(KeepalivedConfig config, ServiceTable table) {
        return new Loaded(TableLoader.apply(config, table), table);
    }

    static Loaded load(String text) {
        return load(config(text), table());
    }

    /** {@code config} with other virtual servers (for models the grammar would not build). */
    static KeepalivedConfig withVirtualServers(KeepalivedConfig c, List<VirtualServer> servers) {
        return new KeepalivedConfig(c.globalDefs(), c.linkbeatInterfaces(), c.interfaceUpDownDelays(),
                c.trackGroups(), c.staticAddresses(), c.staticRoutes(), c.staticRules(), c.trackFiles(),
                c.trackProcesses(), c.bfdInstances(), c.vrrpScripts(), c.syncGroups(), c.garpGroups(),
                c.vrrpInstances(), c.virtualServerGroups(), servers, c.ssl());
    }

    /** {@code v} with other real servers. */
    static VirtualServer withRealServers(VirtualServer v, List<RealServer> servers) {
        return new VirtualServer(v.address(), v.protocol(), v.family(), v.scheduler(), v.flags(), v.ops(), v.hashed(),
                v.forwarding(), v.persistence(), v.haSuspend(), v.omega(), v.quorum(), v.sorryServer(),
                v.virtualhost(), v.smtpAlert(), v.snmpName(), v.proxyProtocol(), v.weight(), v.checks(), servers);
    }

    /** The whole table, one {@link #line} per service in ipvsadm's order. */
    static List<String> lines(ServiceTable t) {
        return t.snapshot().services().stream().map(TableFixtures::line).toList();
    }
}
