package io.fulcrum.vrrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.KeepalivedConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link VrrpEngine#reload}: one engine alone on its segment (so each instance becomes MASTER), with recording
 * ports; a reload must leave an unchanged instance alone (no transition, no VIP change, no gratuitous ARP, no
 * advert at another priority) and re-initialise, start or stop the others.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VrrpEngineReloadTest {

    private static final IpAddress SELF = IpAddress.parse("10.0.0.2");
    private static final IpAddress GROUP = IpAddress.parse("224.0.0.18");

    /** The ports, recording by instance. */
    private static final class Ports implements VrrpTransport, VipInstaller, GratuitousSender, VrrpNotifier {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void send(InstanceSettings instance, byte[] message, IpAddress destination) {
            int priority = message[2] & 0xff;
            if (priority == 0) {
                events.add(instance.name() + " advert 0");
            }
        }

        @Override
        public void add(InstanceSettings instance) {
            events.add(instance.name() + " +vips");
        }

        @Override
        public void remove(InstanceSettings instance) {
            events.add(instance.name() + " -vips");
        }

        @Override
        public void send(InstanceSettings instance, int repeat) {
            events.add(instance.name() + " garp");
        }

        @Override
        public void stateChanged(InstanceSettings instance, InstanceState from, InstanceState to, int priority) {
            events.add(instance.name() + " " + from + "->" + to);
        }

        @Override
        public void masterRxLowerPriority(InstanceSettings instance, int priority) {
        }

        @Override
        public void groupChanged(String group, InstanceState from, InstanceState to) {
            events.add(group + " group " + from + "->" + to);
        }

        List<String> of(String instance) {
            return events.stream().filter(e -> e.startsWith(instance + " ")).toList();
        }
    }

    private final Ports ports = new Ports();
    private VrrpEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.stop(5000);
        }
    }

    private static String instance(String name, int vrid, int priority) {
        return """
                vrrp_instance %s {
                    interface eth0
                    state BACKUP
                    virtual_router_id %d
                    priority %d
                    advert_int 0.1
                    version 3
                    virtual_ipaddress {
                        192.168.%d.1
                    }
                }
                """.formatted(name, vrid, priority, vrid);
    }

    private static List<InstanceSettings> settings(KeepalivedConfig c) {
        return c.vrrpInstances().stream().map(i -> new InstanceSettings(i, SELF, GROUP)).toList();
    }

    private KeepalivedConfig start(String text) {
        KeepalivedConfig c = Fixtures.config(text);
        engine = new VrrpEngine(settings(c), c.syncGroups(), new VrrpEngine.Ports(ports, ports, ports, ports),
                System::nanoTime, line -> { }, true, false);
        engine.start();
        return c;
    }

    private List<String> reload(String text) throws Exception {
        KeepalivedConfig c = Fixtures.config(text);
        return engine.reload(settings(c), c.syncGroups(), Map.of()).get(10, TimeUnit.SECONDS);
    }

    private void awaitMaster(String... names) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String n : names) {
                assertThat(state(n)).as(n).isEqualTo(InstanceState.MASTER);
            }
        });
    }

    private static List<String> withoutGarp(List<String> events) {
        return events.stream().filter(e -> !e.endsWith(" garp")).toList();
    }

    private InstanceState state(String name) {
        return engine.statuses().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().state();
    }

    @Test
    void anUnchangedInstanceKeepsItsStateWhileOthersAreReinitialisedStartedAndStopped() throws Exception {
        start(instance("VI_1", 51, 100) + instance("VI_2", 52, 100));
        awaitMaster("VI_1", "VI_2");
        Thread.sleep(300); // the MASTERs' start-up gratuitous ARPs are done
        List<String> vi1 = withoutGarp(ports.of("VI_1"));
        long vi1Since = engine.statuses().getFirst().transitions().size();

        List<String> lines = reload(instance("VI_1", 51, 100) + instance("VI_2", 52, 150)
                + instance("VI_3", 53, 100));

        assertThat(lines).containsExactly("(VI_2) changed by the reload: re-initialising",
                "(VI_3) added by the reload: starting");
        assertThat(ports.of("VI_2")).containsSubsequence("VI_2 advert 0", "VI_2 -vips", "VI_2 MASTER->STOP",
                "VI_2 INIT->BACKUP");
        awaitMaster("VI_2", "VI_3");

        lines = reload(instance("VI_1", 51, 100) + instance("VI_3", 53, 100));
        assertThat(lines).containsExactly("(VI_2) removed by the reload: stopping");
        assertThat(engine.statuses()).extracting(InstanceStatus::name).containsExactly("VI_1", "VI_3");
        assertThat(ports.of("VI_2")).endsWith("VI_2 advert 0", "VI_2 -vips", "VI_2 MASTER->STOP");

        Thread.sleep(300);
        assertThat(state("VI_1")).isEqualTo(InstanceState.MASTER);
        // its gratuitous ARPs follow its own schedule (the delayed burst may fall in this window): left out
        assertThat(withoutGarp(ports.of("VI_1"))).as("nothing happened to VI_1").isEqualTo(vi1);
        assertThat(engine.statuses().getFirst().transitions()).hasSize((int) vi1Since);
    }

    @Test
    void aChangedMemberReinitialisesItsSyncGroupAndAnUnchangedGroupIsLeftAlone() throws Exception {
        String group = """
                vrrp_sync_group G {
                    group {
                        VI_1
                        VI_2
                    }
                }
                """;
        start(instance("VI_1", 51, 100) + instance("VI_2", 52, 100) + instance("VI_3", 53, 100) + group);
        awaitMaster("VI_1", "VI_2", "VI_3");
        Thread.sleep(300);

        assertThat(reload(instance("VI_1", 51, 100) + instance("VI_2", 52, 100) + instance("VI_3", 53, 120)
                + group)).containsExactly("(VI_3) changed by the reload: re-initialising");
        assertThat(reload(instance("VI_1", 51, 100) + instance("VI_2", 52, 110) + instance("VI_3", 53, 120)
                + group)).containsExactly("(VI_1) changed by the reload: re-initialising",
                "(VI_2) changed by the reload: re-initialising");
        awaitMaster("VI_1", "VI_2", "VI_3");
        assertThat(ports.of("VI_1")).containsSubsequence("VI_1 MASTER->STOP", "VI_1 INIT->BACKUP",
                "VI_1 BACKUP->MASTER");
    }
}
