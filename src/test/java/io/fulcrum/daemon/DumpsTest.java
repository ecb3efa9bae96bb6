package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.check.HealthState;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.control.DumpKind;
import io.fulcrum.control.Errno;
import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.InstanceStatus;
import io.fulcrum.vrrp.VrrpStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dumps of a daemon without VRRP: the data dump's LVS part from the configuration and the health state, the
 * files written with mode 0600, a symbolic link refused, the log lines keepalived writes.
 */
class DumpsTest {

    private static final String CONFIG = """
            global_defs {
                router_id dumps
            }
            virtual_server 192.0.2.10 80 {
                delay_loop 3
                protocol TCP
                lvs_sched wrr
                lvs_method FNAT
                persistence_timeout 60
                quorum 2
                hysteresis 1
                sorry_server 192.0.2.99 80
                real_server 192.0.2.11 8080 {
                    weight 3
                    uthreshold 100
                    TCP_CHECK {
                        connect_timeout 2
                    }
                }
            }
            """;

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private Dumps dumps(KeepalivedConfig config, Optional<HealthState> health) {
        Dumps.Source none = new Dumps.Source() {
            @Override
            public List<InstanceSettings> vrrpSettings() {
                return List.of();
            }

            @Override
            public List<InstanceStatus> vrrpStatuses() {
                return List.of();
            }

            @Override
            public List<VrrpStats> vrrpStats() {
                return List.of();
            }

            @Override
            public Optional<HealthState> health() {
                return health;
            }
        };
        return new Dumps(config, "dumps", 4242, DumpFiles.of(config.globalDefs().files(), Map.of("TMPDIR",
                dir.toString())), none, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), () -> 0L, log::add);
    }

    @Test
    void lvsTopologyWithTheHealthNow() {
        KeepalivedConfig c = TableFixtures.config(CONFIG);
        HealthState health = new HealthState(c.virtualServers(), c.globalDefs(), "host");
        health.startActions(); // the real server starts up (keepalived: alive until a check fails): 3 >= quorum 2
        String text = dumps(c, Optional.of(health)).text(DumpKind.DATA);
        assertThat(text).startsWith("------< Global definitions >------\n Router ID = dumps\n");
        assertThat(text.substring(text.indexOf("------< LVS Topology >------"))).isEqualTo("""
                ------< LVS Topology >------
                 System is compiled with LVS v1.2.1
                 ------< Virtual server >------
                 VS VIP = 192.0.2.10, VPORT = 80
                   Address family = inet
                   connection timeout = 5.000000
                   delay_loop = 3.000000
                   lvs_sched = wrr
                   Hashed = disabled
                   One packet scheduling = disabled
                   persistence timeout = 60
                   protocol = TCP
                   alpha is OFF
                   omega is OFF
                   Inhibit on failure is OFF
                   quorum = 2, hysteresis = 1
                   Using smtp notification = no
                   default forwarding method = FNAT
                   sorry server = 192.0.2.99:80
                   sorry server forwarding method = FNAT
                   quorum_state_up = 1
                   ------< Real server >------
                   RIP = 192.0.2.11, RPORT = 8080, WEIGHT = 3
                   forwarding method = FNAT
                   Alpha is OFF
                   connection timeout = 5.000000
                   connection limit range = 0 -> 100
                   Delay loop = 3.000000
                   Inhibit on failure is OFF
                   Using smtp notification = no
                   initial weight = 3
                   alive = 1
                ------< Health checkers >------
                 [192.0.2.11]:tcp:8080
                   Keepalive method = TCP_CHECK
                   Virtual server = [192.0.2.10]:tcp:80
                """);
    }

    @Test
    void answerWritesTheFileOwnerOnlyAndReturnsItsText() throws IOException {
        KeepalivedConfig c = TableFixtures.config(CONFIG);
        ControlResponse r = dumps(c, Optional.empty()).answer(DumpKind.DATA);
        Path file = dir.resolve("keepalived.data");
        assertThat(r).isInstanceOf(ControlResponse.Ok.class);
        ControlResponse.Dumped d = (ControlResponse.Dumped) ((ControlResponse.Ok) r).payload();
        assertThat(d.path()).isEqualTo(file.toString());
        assertThat(Files.readString(file)).isEqualTo(d.text()).contains(" VS VIP = 192.0.2.10, VPORT = 80\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(log).containsExactly("Printing data for process(4242) on request (fulcrum dump)");
    }

    @Test
    void aSignalWritesTheFileAndLogsAsKeepalived() throws IOException {
        KeepalivedConfig c = TableFixtures.config(CONFIG);
        Files.writeString(dir.resolve("keepalived.stats"), "an older, longer dump that must not survive");
        dumps(c, Optional.empty()).onSignal(DumpKind.STATS);
        assertThat(Files.readString(dir.resolve("keepalived.stats"))).isEmpty(); // no VRRP instance
        assertThat(log).containsExactly("Printing VRRP stats for process(4242) on signal");
    }

    @Test
    void aSymbolicLinkIsNotWrittenThrough() throws IOException {
        KeepalivedConfig c = TableFixtures.config(CONFIG);
        Path target = dir.resolve("elsewhere");
        Files.writeString(target, "precious");
        Files.createSymbolicLink(dir.resolve("keepalived.json"), target);
        ControlResponse r = dumps(c, Optional.empty()).answer(DumpKind.JSON);
        assertThat(r).isInstanceOf(ControlResponse.Error.class);
        assertThat(((ControlResponse.Error) r).errno()).isEqualTo(Errno.EIO);
        assertThat(((ControlResponse.Error) r).message()).startsWith("Can't open " + dir.resolve("keepalived.json"));
        assertThat(Files.readString(target)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(dir.resolve("keepalived.json"))).isTrue();
        assertThat(Files.exists(dir.resolve("keepalived.json"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void jsonVersion2IsSaidToBeWrittenInVersion1() {
        dumps(TableFixtures.config("global_defs {\n json_version 2\n}\n"), Optional.empty());
        assertThat(log).singleElement().asString().contains("json_version 2").contains("(version 1)");
    }
}
