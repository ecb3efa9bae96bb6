package io.fulcrum.vrrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.KeepalivedConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine's use of the firewall port: a no_accept instance's drop rule goes in before its VIPs when it becomes
 * MASTER and out after them when it stops, with keepalived's detail lines; an accept instance (or the address
 * owner) sets none; a firewall that fails is logged and the VIPs are still set. One engine alone on its segment
 * (it becomes MASTER after its master-down interval), with recording ports.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VrrpEngineFirewallTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> logs = new CopyOnWriteArrayList<>();

    private static String config(String strict, String extra, int priority) {
        return """
                global_defs {
                    %s
                }
                vrrp_instance VI_1 {
                    interface eth0
                    state BACKUP
                    virtual_router_id 51
                    priority %d
                    advert_int 0.1
                    version 3
                    %s
                    virtual_ipaddress {
                        192.168.51.1
                    }
                }
                """.formatted(strict, priority, extra);
    }

    private VrrpEngine engine(String config, boolean firewallFails) {
        KeepalivedConfig c = Fixtures.config(config);
        List<InstanceSettings> settings = c.vrrpInstances().stream().map(i -> new InstanceSettings(i,
                IpAddress.parse("10.0.0.1"), IpAddress.parse("224.0.0.18"))).toList();
        VipInstaller vips = new VipInstaller() {
            @Override
            public void add(InstanceSettings i) {
                events.add("+vips " + i.name());
            }

            @Override
            public void remove(InstanceSettings i) {
                events.add("-vips " + i.name());
            }
        };
        VipFirewall firewall = new VipFirewall() {
            @Override
            public void addDropRule(InstanceSettings i) throws IOException {
                if (firewallFails) {
                    throw new IOException("nft -f - failed (exit 1): Error: Could not process rule");
                }
                events.add("+drop " + i.name());
            }

            @Override
            public void removeDropRule(InstanceSettings i) {
                events.add("-drop " + i.name());
            }
        };
        VrrpNotifier notifier = new VrrpNotifier() {
            @Override
            public void stateChanged(InstanceSettings i, InstanceState from, InstanceState to, int p) {
            }

            @Override
            public void masterRxLowerPriority(InstanceSettings i, int p) {
            }

            @Override
            public void groupChanged(String g, InstanceState from, InstanceState to) {
            }
        };
        return new VrrpEngine(settings, c.syncGroups(), new VrrpEngine.Ports((i, m, d) -> { }, vips, (i, r) -> { },
                notifier, firewall), System::nanoTime, logs::add, true, false);
    }

    private void runUntilMasterThenStop(VrrpEngine engine) {
        engine.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.statuses().getFirst().state()
                == InstanceState.MASTER);
        engine.stop(5000);
    }

    @Test
    void aNoAcceptMasterDropsBeforeItsVipsComeAndAfterTheyGo() {
        runUntilMasterThenStop(engine(config("vrrp_strict", "", 100), false));
        assertThat(events).containsExactly("+drop VI_1", "+vips VI_1", "-vips VI_1", "-drop VI_1");
        assertThat(logs).containsSubsequence("(VI_1) Entering MASTER STATE", "(VI_1) setting firewall drop rule",
                "(VI_1) setting VIPs.", "(VI_1) removing VIPs.", "(VI_1) removing firewall drop rule");
    }

    @Test
    void anAcceptInstanceOrTheAddressOwnerSetsNoDropRule() {
        runUntilMasterThenStop(engine(config("", "", 100), false));
        runUntilMasterThenStop(engine(config("vrrp_strict", "", 255), false));
        // the removal is still asked for (it removes nothing unless a rule was set under that name)
        assertThat(events).containsExactly("+vips VI_1", "-vips VI_1", "-drop VI_1",
                "+vips VI_1", "-vips VI_1", "-drop VI_1");
        assertThat(logs).noneMatch(l -> l.contains("firewall drop rule"));
    }

    @Test
    void aFailingFirewallIsLoggedAndTheVipsAreStillSet() {
        runUntilMasterThenStop(engine(config("", "no_accept", 100), true));
        assertThat(events).containsExactly("+vips VI_1", "-vips VI_1", "-drop VI_1");
        assertThat(logs).contains("(VI_1) setting firewall drop rule failed: nft -f - failed (exit 1): Error: Could"
                + " not process rule");
    }
}
