package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.nativeio.InterfaceAddress;
import io.fulcrum.nativeio.Link;
import io.fulcrum.notify.ScriptRunner;
import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.InstanceState;
import io.fulcrum.vrrp.VrrpEngine;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * vrrp_track_process in the daemon's tracking, end to end on this host: an instance whose unweighted tracked
 * process is not running starts in FAULT, comes up when the test starts a {@code sleep} with the configured
 * parameter, and goes back to FAULT when the test kills it; track_src_ip follows the host's addresses. The
 * engine's ports do nothing (no packet leaves).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VrrpTrackingHostTest {

    private static final String ARG = "314159.25";
    private static final String CONFIG = """
            vrrp_track_process chk_sleep {
                process sleep %s
            }
            vrrp_instance VI_1 {
                interface fake0
                dont_track_primary
                virtual_router_id 51
                priority 100
                virtual_ipaddress {
                    192.0.2.1
                }
                track_process {
                    chk_sleep weight 0
                }
            }
            """.formatted(ARG);

    private static InstanceState state(VrrpEngine engine) {
        return engine.statuses().getFirst().state();
    }

    /** An engine whose ports do nothing. */
    private static VrrpEngine engine(InstanceSettings settings, List<String> log) {
        return new VrrpEngine(List.of(settings), List.of(), new VrrpEngine.Ports(
                (i, m, d) -> { }, new io.fulcrum.vrrp.VipInstaller() {
                    @Override
                    public void add(InstanceSettings instance) {
                    }

                    @Override
                    public void remove(InstanceSettings instance) {
                    }
                }, (i, r) -> { }, new io.fulcrum.vrrp.VrrpNotifier() {
                    @Override
                    public void stateChanged(InstanceSettings i, InstanceState from, InstanceState to, int p) {
                    }

                    @Override
                    public void masterRxLowerPriority(InstanceSettings i, int p) {
                    }

                    @Override
                    public void groupChanged(String g, InstanceState from, InstanceState to) {
                    }
                }), System::nanoTime, log::add, false, false);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            source on the host    | 127.0.0.1   | BACKUP
            source not on it      | 192.0.2.77  | FAULT
            """)
    void trackSrcIpFollowsTheHostsAddresses(String what, String source, InstanceState expected) throws Exception {
        KeepalivedConfig config = TableFixtures.config("""
                vrrp_instance VI_1 {
                    interface fake0
                    dont_track_primary
                    track_src_ip
                    unicast_src_ip %s
                    virtual_router_id 51
                    priority 100
                    virtual_ipaddress {
                        192.0.2.1
                    }
                }
                """.formatted(source));
        List<String> log = new CopyOnWriteArrayList<>();
        InstanceSettings settings = new InstanceSettings(config.vrrpInstances().getFirst(), IpAddress.parse(source),
                IpAddress.parse("224.0.0.18"));
        VrrpEngine engine = engine(settings, log);
        VrrpHost host = new VrrpHost(List.of(new Link(9999, "fake0", new byte[6], true, true, 1500)),
                List.of(new InterfaceAddress(1, IpAddress.parse("127.0.0.1"), 8, Optional.empty(), 254, 0)));
        try (ScriptRunner scripts = new ScriptRunner(Optional.empty(), System::nanoTime, log::add, 2);
             VrrpTracking tracking = VrrpTracking.start(config, List.of(settings), new AtomicReference<>(host),
                     engine, scripts, log::add)) {
            engine.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> state(engine) != InstanceState.INIT);
            assertThat(state(engine)).isEqualTo(expected);
        } finally {
            engine.stop(5000);
        }
    }

    @Test
    void aTrackedProcessMovesTheInstanceOutOfFaultAndBack() throws Exception {
        KeepalivedConfig config = TableFixtures.config(CONFIG);
        List<String> log = new CopyOnWriteArrayList<>();
        InstanceSettings settings = new InstanceSettings(config.vrrpInstances().getFirst(),
                IpAddress.parse("192.0.2.10"), IpAddress.parse("224.0.0.18"));
        VrrpEngine engine = engine(settings, log);
        VrrpHost host = new VrrpHost(List.of(new Link(9999, "fake0", new byte[6], true, true, 1500)), List.of());
        Process sleep = null;
        try (ScriptRunner scripts = new ScriptRunner(Optional.empty(), System::nanoTime, log::add, 2);
             VrrpTracking tracking = VrrpTracking.start(config, List.of(settings), new AtomicReference<>(host),
                     engine, scripts, log::add)) {
            engine.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> state(engine) == InstanceState.FAULT);
            sleep = new ProcessBuilder("sleep", ARG).start();
            await().atMost(Duration.ofSeconds(10)).until(() -> state(engine) != InstanceState.FAULT);
            assertThat(log).contains("Quorum gained for tracked process chk_sleep");
            sleep.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> state(engine) == InstanceState.FAULT);
            assertThat(log).contains("Quorum lost for tracked process chk_sleep");
        } finally {
            if (sleep != null) {
                sleep.destroyForcibly();
            }
            engine.stop(5000);
        }
    }
}
