package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.InstanceState;
import io.fulcrum.vrrp.InstanceStatus;
import io.fulcrum.vrrp.Transition;
import io.fulcrum.vrrp.VrrpStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dump formatters against keepalived 2.2.7's real dumps (src/test/resources/dumps/keepalived-2.2.7, captured
 * from two keepalived processes in network namespaces, see its README): the same configuration and the same state
 * (state, master, priorities, last transition time, counters) give the same text.
 *
 * <p>The stats and JSON dumps are compared byte for byte. In the data dump's VRRP part Fulcrum omits these lines,
 * having no such thing: the three fault counters (Fulcrum's trackers do not count), "Read timeout" (the machine's
 * next deadline is not exposed), "fd_in / fd_out" (sockets are shared per interface and family, not per
 * instance) and "Notify deleted" (no notify_deleted keyword); every other line is keepalived's. Of the global
 * definitions Fulcrum writes a subset (namespaces, SNMP, DBus, process priorities, netlink buffers and nftables
 * are not Fulcrum's): each line it writes is one keepalived wrote, in keepalived's order.
 */
class DumpFormatTest {

    private static final String DIR = "/dumps/keepalived-2.2.7/";
    /** The backup's last transition (INIT to BACKUP) as keepalived dumped it: 1795285634.548651. */
    private static final Instant BACKUP_TRANSITION = Instant.ofEpochSecond(1795285634L, 548_651_000L);
    private static final Instant MASTER_TRANSITION = Instant.ofEpochSecond(1795285637L, 962_930_000L);
    private static final long NOW_NANOS = 5_000_000_000_000L;
    private static final Instant NOW = Instant.ofEpochSecond(1795285640L);
    private static final DumpClock CLOCK = new DumpClock(NOW, NOW_NANOS, ZoneOffset.UTC);

    /** keepalived's lines about things Fulcrum has not (see the class comment). */
    private static final Set<String> OMITTED = Set.of("   Number of config faults", "   Number of interface and"
            + " track script faults", "   Number of track scripts init", "   Read timeout", "   fd_in",
            "   Notify deleted");

    private static String resource(String name) throws IOException {
        try (InputStream in = DumpFormatTest.class.getResourceAsStream(DIR + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static KeepalivedConfig config(String name) throws IOException {
        return TableFixtures.config(resource(name));
    }

    private static long nanosAt(Instant wall) {
        return NOW_NANOS - Duration.between(wall, NOW).toNanos();
    }

    private static InstanceSettings settings(KeepalivedConfig c, String source) {
        return new InstanceSettings(c.vrrpInstances().getFirst(), IpAddress.parse(source),
                IpAddress.parse("224.0.0.18"));
    }

    private static InstanceStatus backup() {
        return new InstanceStatus("VI_1", 51, InstanceState.BACKUP, 100, 100, Duration.ofSeconds(1),
                Optional.of(new InstanceStatus.Master(IpAddress.parse("10.77.0.1"), 150)),
                List.of(new Transition(nanosAt(BACKUP_TRANSITION), InstanceState.INIT, InstanceState.BACKUP,
                        "init")));
    }

    private static InstanceStatus master() {
        return new InstanceStatus("VI_1", 51, InstanceState.MASTER, 150, 150, Duration.ofSeconds(1),
                Optional.of(new InstanceStatus.Master(IpAddress.parse("10.77.0.1"), 150)),
                List.of(new Transition(nanosAt(MASTER_TRANSITION.minusSeconds(3)), InstanceState.INIT,
                        InstanceState.BACKUP, "init"),
                        new Transition(nanosAt(MASTER_TRANSITION), InstanceState.BACKUP, InstanceState.MASTER,
                                "advertisement timeout")));
    }

    private static VrrpStats stats(long received, long sent, long becameMaster, long priorityZeroReceived) {
        return new VrrpStats("VI_1", received, sent, becameMaster, 0, 0, 0, 0, 0, 0, 0, 0, 0, priorityZeroReceived,
                0, 0, 0);
    }

    /** keepalived's VRRP Topology section, without the lines Fulcrum omits. */
    private static String vrrpSection(String data) {
        String section = data.substring(data.indexOf("------< VRRP Topology >------"),
                data.indexOf("------< VRRP Sockpool >------"));
        return Arrays.stream(section.split("\n", -1)).filter(l -> OMITTED.stream().noneMatch(l::startsWith))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void statsAreKeepalivedsLineForLine() throws IOException {
        assertThat(StatsDump.text(List.of(stats(0, 8, 1, 0)))).isEqualTo(resource("master.stats"));
        assertThat(StatsDump.text(List.of(stats(12, 0, 0, 0)))).isEqualTo(resource("backup.stats"));
        assertThat(StatsDump.text(List.of(stats(16, 3, 1, 1)))).isEqualTo(resource("backup-after-master-stop.stats"));
    }

    @Test
    void everyStatsCounterHasItsLine() {
        VrrpStats s = new VrrpStats("X", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        assertThat(StatsDump.text(List.of(s))).isEqualTo("""
                VRRP Instance: X
                  Advertisements:
                    Received: 1
                    Sent: 2
                  Became master: 3
                  Released master: 4
                  Packet Errors:
                    Length: 5
                    TTL: 6
                    Invalid Type: 7
                    Advertisement Interval: 8
                    Address List: 9
                  Authentication Errors:
                    Invalid Type: 10
                    Type Mismatch: 11
                    Failure: 12
                  Priority Zero:
                    Received: 13
                    Sent: 14
                """);
    }

    @Test
    void backupTopologyIsKeepalivedsLessTheLinesFulcrumHasNot() throws IOException {
        StringBuilder out = new StringBuilder();
        VrrpDataDump.write(out, List.of(settings(config("backup.conf"), "10.77.0.2")), List.of(backup()), List.of(),
                CLOCK);
        assertThat(out.toString()).isEqualTo(vrrpSection(resource("backup.data")));
    }

    @Test
    void masterTopologyIsKeepalivedsLessTheLinesFulcrumHasNot() throws IOException {
        StringBuilder out = new StringBuilder();
        VrrpDataDump.write(out, List.of(settings(config("master.conf"), "10.77.0.1")), List.of(master()), List.of(),
                CLOCK);
        assertThat(out.toString()).isEqualTo(vrrpSection(resource("master.data")));
    }

    private static final Instant SYNC_VI_1 = Instant.ofEpochSecond(1795287216L, 204_129_000L);
    private static final Instant SYNC_VI_2 = Instant.ofEpochSecond(1795287216L, 204_391_000L);

    private static InstanceStatus syncMaster(String name, int vrid, Duration interval, Instant at) {
        return new InstanceStatus(name, vrid, InstanceState.MASTER, 200, 200, interval,
                Optional.of(new InstanceStatus.Master(IpAddress.parse("10.77.1.1"), 200)),
                List.of(new Transition(nanosAt(at), InstanceState.BACKUP, InstanceState.MASTER, "sync group")));
    }

    @Test
    void syncGroupUnicastAndVrrpV3AreKeepalivedsLessTheLinesFulcrumHasNot() throws IOException {
        KeepalivedConfig c = config("sync-group.conf");
        List<InstanceSettings> settings = c.vrrpInstances().stream().map(i -> new InstanceSettings(i,
                IpAddress.parse("10.77.1.1"), IpAddress.parse("224.0.0.18"))).toList();
        List<InstanceStatus> statuses = List.of(syncMaster("VI_1", 61, Duration.ofSeconds(1), SYNC_VI_1),
                syncMaster("VI_2", 62, Duration.ofMillis(500), SYNC_VI_2));
        StringBuilder out = new StringBuilder();
        VrrpDataDump.write(out, settings, statuses, c.syncGroups(), CLOCK);
        String data = resource("sync-group.data");
        String groups = data.substring(data.indexOf("------< VRRP Sync groups >------"),
                data.indexOf("------< Interfaces >------"));
        assertThat(out.toString()).isEqualTo(vrrpSection(data) + groups);

        VrrpStats zero = stats(0, 0, 0, 0);
        String json = JsonDump.text(settings, statuses, List.of(zero, zero), CLOCK);
        // the counters differ (keepalived's ran for a few seconds; they are compared above): all but them
        String theirs = resource("sync-group.json").strip();
        String counters = "\"stats\":\\{[^}]*}";
        assertThat(json.replaceAll(counters, "S")).isEqualTo(theirs.replaceAll(counters, "S"));
    }

    @Test
    void jsonIsKeepalivedsByteForByte() throws IOException {
        assertThat(JsonDump.text(List.of(settings(config("backup.conf"), "10.77.0.2")), List.of(backup()),
                List.of(stats(12, 0, 0, 0)), CLOCK)).isEqualTo(resource("backup.json").strip());
        assertThat(JsonDump.text(List.of(settings(config("master.conf"), "10.77.0.1")), List.of(master()),
                List.of(stats(0, 9, 1, 0)), CLOCK)).isEqualTo(resource("master.json").strip());
    }

    @Test
    void globalDefinitionsAreASubsetOfKeepalivedsInItsOrder() throws IOException {
        String data = resource("master.data");
        List<String> keepalived = List.of(data.substring(0, data.indexOf("------< VRRP Topology >------"))
                .split("\n"));
        StringBuilder out = new StringBuilder();
        KeepalivedConfig c = config("master.conf");
        GlobalDataDump.write(out, c.globalDefs(), "kdA");
        List<String> ours = List.of(out.toString().split("\n"));
        int at = -1;
        for (String line : ours) {
            int found = keepalived.subList(at + 1, keepalived.size()).indexOf(line);
            assertThat(found).as("'" + line + "' in keepalived's global definitions, after line " + at).isNotNegative();
            at += 1 + found;
        }
        assertThat(ours).hasSizeGreaterThan(15);
    }

    @Test
    void masterDownTimerFollowsBothRfcs() {
        // keepalived's own figures: priority 150 -> 3414062, 100 -> 3609375 (VRRPv2, advert_int 1)
        assertThat(VrrpDataDump.masterDownMicros(Duration.ofSeconds(1), 3, 150, 2)).isEqualTo(3_414_062);
        assertThat(VrrpDataDump.masterDownMicros(Duration.ofSeconds(1), 3, 100, 2)).isEqualTo(3_609_375);
        // VRRPv2 skew is of one second whatever the interval; VRRPv3's is of the interval
        assertThat(VrrpDataDump.masterDownMicros(Duration.ofSeconds(2), 3, 100, 2)).isEqualTo(6_609_375);
        assertThat(VrrpDataDump.masterDownMicros(Duration.ofMillis(500), 3, 100, 3)).isEqualTo(1_804_687);
    }

    @Test
    void jsonStringsAreEscapedAsJsonCDoes() {
        assertThat(JsonDump.quote("a/b\"c\\d\n\u0001")).isEqualTo("\"a\\/b\\\"c\\\\d\\n\\u0001\"");
    }
}
