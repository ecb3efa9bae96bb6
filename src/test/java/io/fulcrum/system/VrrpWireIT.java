package io.fulcrum.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.common.IpAddress;
import io.fulcrum.lab.LabException;
import io.fulcrum.lab.Netns;
import io.fulcrum.vrrp.ChecksumMode;
import io.fulcrum.vrrp.VrrpAdvert;
import io.fulcrum.vrrp.VrrpCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input on the wire: one Fulcrum director (BACKUP, priority 100, VRRPv2 with PASS authentication, advert_int
 * 1) and an attacker on the same bridge that sends crafted VRRP packets from a raw socket (python3, IP_HDRINCL,
 * so TTL and lengths are its own). The messages are built with the project's {@link VrrpCodec}, then corrupted.
 * Every bad packet is logged in keepalived's words and changes nothing: although each claims priority 200, the
 * director still becomes MASTER after its master-down interval and stays there. A flood of valid lower-priority
 * adverts does not stop the takeover; a flood of higher-priority adverts keeps it BACKUP until it stops. Through
 * it all the daemon answers {@code fulcrum status}.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VrrpWireIT {

    static final String VIP = "10.79.0.100";
    static final IpAddress VIP_ADDRESS = IpAddress.parse(VIP);
    static final String DIRECTOR_IP = "10.79.0.1";
    static final IpAddress ATTACKER = IpAddress.parse("10.79.0.66");
    static final IpAddress GROUP = IpAddress.parse("224.0.0.18");
    static final String PASSWORD = "1111";
    /** Master-down 3 x 1 s + skew 0.61 s, plus room for a loaded machine. */
    static final Duration TAKEOVER = Duration.ofSeconds(8);

    /**
     * Sends crafted IPv4 datagrams to a multicast group from a raw socket with IP_HDRINCL (the kernel fills in
     * the total length, id and header checksum). Arguments: source, destination, rounds, pause between rounds
     * in seconds, then TTL:HEX for each VRRP message to send once per round.
     */
    static final String SENDER = """
            import socket, sys, time
            src, dst, rounds, pause = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
            packets = [(int(t), bytes.fromhex(h)) for t, h in (a.split(':') for a in sys.argv[5:])]
            s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(src))
            head = lambda ttl: bytes([0x45, 0xc0, 0, 0, 0, 0, 0, 0, ttl, 112, 0, 0]) \\
                + socket.inet_aton(src) + socket.inet_aton(dst)
            sent = 0
            for r in range(rounds):
                for ttl, p in packets:
                    s.sendto(head(ttl) + p, (dst, 0))
                    sent += 1
                if pause > 0:
                    time.sleep(pause)
            print('sent', sent, flush=True)
            """;

    private SystemLab lab;
    private Netns director;
    private Netns attacker;
    private final List<Fulcrum> running = new ArrayList<>();
    private int senders;

    @BeforeAll
    void lab() throws Exception {
        lab = SystemLab.create();
        director = lab.host("d1", DIRECTOR_IP + "/24");
        attacker = lab.host("attacker", ATTACKER + "/24");
    }

    @AfterEach
    void stopDirector() throws Exception {
        for (Fulcrum f : running) {
            f.kill();
        }
        running.clear();
        if (hasVip()) {
            director.ip("addr", "del", VIP + "/24", "dev", "eth0");
        }
    }

    @AfterAll
    void teardown() {
        if (lab != null) {
            lab.close();
        }
    }

    static String config() {
        return """
                global_defs {
                    router_id d1
                    log_unknown_vrids
                }
                vrrp_instance VI_1 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority 100
                    advert_int 1
                    authentication {
                        auth_type PASS
                        auth_pass %s
                    }
                    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(PASSWORD, VIP);
    }

    private Fulcrum startDirector(String name) throws Exception {
        Path conf = lab.dir().resolve(name + ".conf");
        Files.writeString(conf, config());
        Fulcrum f = Fulcrum.run(lab, director, name, conf);
        running.add(f);
        return f;
    }

    // ---- packets ----

    /** A valid VRRPv2 advert from the attacker's address, as the director's peers would send it. */
    static byte[] v2(int vrid, int priority, String password) {
        return VrrpCodec.encode(new VrrpAdvert(2, vrid, priority, 1, Duration.ofSeconds(1), List.of(VIP_ADDRESS),
                VrrpCodec.passwordData(password)), ATTACKER, GROUP, ChecksumMode.AS_V2);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Starts the sender in the attacker namespace; {@code packets} are TTL:HEX. */
    private Process send(int rounds, double pause, List<String> packets) throws LabException {
        List<String> cmd = new ArrayList<>(List.of(python(), "-c", SENDER, ATTACKER.toString(), GROUP.toString(),
                Integer.toString(rounds), Double.toString(pause)));
        cmd.addAll(packets);
        return lab.start(attacker, "sender" + senders++, cmd);
    }

    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private static void finished(Process sender, Duration within) throws InterruptedException {
        assertThat(sender.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)).as("the sender finished").isTrue();
        assertThat(sender.exitValue()).as("the sender's exit code").isZero();
    }

    // ---- observations ----

    private boolean hasVip() throws LabException {
        return director.ip("-o", "addr", "show", "dev", "eth0").contains(" " + VIP + "/");
    }

    private static boolean isMaster(Fulcrum f) {
        return f.status().contains("VI_1 (vrid 51 on eth0): MASTER, priority 100");
    }

    private Duration awaitMaster(Fulcrum f, long since) {
        await().atMost(TAKEOVER.plusSeconds(4)).pollInterval(Duration.ofMillis(100))
                .until(() -> isMaster(f) && hasVip());
        return Duration.ofNanos(System.nanoTime() - since);
    }

    private static long count(String log, String line) {
        return log.lines().filter(l -> l.endsWith(line)).count();
    }

    // ---- the tests ----

    @Test
    void badPacketsAreLoggedAsKeepalivedLogsThemAndChangeNothing() throws Exception {
        Fulcrum f = startDirector("bad");
        long ready = System.nanoTime();
        byte[] good = v2(51, 200, PASSWORD);
        byte[] badSum = good.clone();
        badSum[6] ^= 0x5a;
        byte[] v3 = VrrpCodec.encode(new VrrpAdvert(3, 51, 200, 0, Duration.ofSeconds(1), List.of(VIP_ADDRESS),
                new byte[0]), ATTACKER, GROUP, ChecksumMode.PSEUDO_HEADER);
        byte[] truncated = good.clone();
        truncated[3] = 3; // three addresses announced, one carried
        byte[] oversized = Arrays.copyOf(good, good.length + 40);
        List<String> bad = List.of(
                "64:" + hex(good),                          // wrong TTL
                "255:" + hex(badSum),                       // wrong checksum
                "255:" + hex(v3),                           // VRRPv3 to a VRRPv2 instance
                "255:" + hex(v2(51, 200, "guess")),         // wrong password
                "255:" + hex(v2(99, 200, PASSWORD)),        // a VRID nobody here runs
                "255:" + hex(truncated),                    // shorter than its address count says
                "255:" + hex(Arrays.copyOf(good, 4)),       // shorter than a VRRP header
                "255:" + hex(oversized));                   // longer than its address count explains
        // each one claims priority 200 > 100, ten times a second: one accepted would keep the director BACKUP
        Process sender = send(120, 0.1, bad);

        Duration took = awaitMaster(f, ready);
        System.out.println("VrrpWireIT: MASTER " + took.toMillis() + " ms after ready, under bad packets");
        finished(sender, Duration.ofSeconds(60));
        assertThat(isMaster(f)).as("still MASTER after the last bad packet").isTrue();
        assertThat(hasVip()).isTrue();

        String log = f.log();
        assertThat(log).contains(
                "(VI_1) invalid TTL/HL. Received 64 and expect 255",
                "(VI_1) Invalid VRRPv2 checksum",
                "(VI_1) wrong version. Received 3 and expect 2",
                "(VI_1) received an invalid passwd!",
                "Unknown VRID(99) received on interface(eth0). ignoring...",
                "(VI_1) vrrp packet too short, length 40 and expect 48",
                "IPv4 VRRP packet too short - 24 bytes",
                "(VI_1) vrrp packet too long, length 80 and expect 40",
                "(VI_1) Entering BACKUP STATE (init)");
        assertThat(count(log, "(VI_1) Entering MASTER STATE")).as("MASTER entered once").isEqualTo(1);
        assertThat(count(log, "(VI_1) Entering BACKUP STATE")).as("never back to BACKUP").isZero();
        assertThat(log).doesNotContain("with higher priority 200");
        assertThat(f.alive()).isTrue();
        assertThat(f.status()).contains("VI_1 (vrid 51 on eth0): MASTER");
    }

    @Test
    void aFloodOfLowerPriorityAdvertsDoesNotStopTheTakeover() throws Exception {
        Fulcrum f = startDirector("lower");
        long ready = System.nanoTime();
        String lower = "255:" + hex(v2(51, 50, PASSWORD));
        Process burst = send(5000, 0, List.of(lower));           // at once
        Process sustained = send(6000, 0.001, List.of(lower));   // about 1000/s for several seconds

        Duration took = awaitMaster(f, ready);
        System.out.println("VrrpWireIT: MASTER " + took.toMillis() + " ms after ready, under a lower-priority flood");
        assertThat(took).isLessThan(TAKEOVER);
        assertThat(f.status()).contains("VI_1 (vrid 51 on eth0): MASTER");
        finished(burst, Duration.ofSeconds(60));
        finished(sustained, Duration.ofSeconds(60));
        assertThat(isMaster(f)).isTrue();

        String log = f.log();
        assertThat(log).contains("(VI_1) received lower priority (50) advert from " + ATTACKER + " - discarding");
        assertThat(log).contains("(VI_1) Received advert from " + ATTACKER
                + " with lower priority 50, ours 100, forcing new election");
        assertThat(count(log, "(VI_1) Entering MASTER STATE")).isEqualTo(1);
        System.out.println("VrrpWireIT: queue-full lines in the director's log: "
                + log.lines().filter(l -> l.contains("VRRP input queue full")).count());
        assertThat(f.alive()).isTrue();
    }

    @Test
    void aFloodOfHigherPriorityAdvertsKeepsItBackupUntilItStops() throws Exception {
        Fulcrum f = startDirector("higher");
        String higher = "255:" + hex(v2(51, 200, PASSWORD));
        Process flood = send(8000, 0.001, List.of(higher)); // some 8 s, well past the 3.61 s master-down

        await().atMost(TAKEOVER).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(f.status())
                .contains("VI_1 (vrid 51 on eth0): BACKUP, priority 100")
                .contains("master: " + ATTACKER + " (priority 200)"));
        Thread.sleep(4500); // more than the master-down interval, the flood still running
        assertThat(flood.isAlive()).as("the flood lasts longer than this check").isTrue();
        assertThat(f.status()).contains("BACKUP, priority 100");
        assertThat(hasVip()).isFalse();

        finished(flood, Duration.ofSeconds(60));
        long stopped = System.nanoTime();
        Duration took = awaitMaster(f, stopped);
        System.out.println("VrrpWireIT: MASTER " + took.toMillis() + " ms after the higher-priority flood stopped");
        assertThat(took).isLessThan(TAKEOVER);
        String log = f.log();
        assertThat(count(log, "(VI_1) Entering MASTER STATE")).isEqualTo(1);
        assertThat(log).doesNotContain("invalid passwd").doesNotContain("checksum");
        assertThat(f.alive()).isTrue();
    }
}
