package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.nativeio.NetnsThread;
import io.fulcrum.nativeio.RawIpv4Socket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fulcrum realserver} as the built jar: bad arguments give one message naming the argument and exit 2,
 * missing privileges exit 1 saying what is needed; never a stack trace, never a change to the host.
 */
class RealserverIT {

    @TempDir
    Path dir;

    private static void assertClean(FulcrumProcess.Run r) {
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badArgumentsAreNamedWithExitTwo() throws Exception {
        FulcrumProcess.Run missing = FulcrumProcess.run("", "realserver", "start");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("fulcrum realserver start: Missing required option: '--vip=VIP'\n"
                + "Try 'fulcrum realserver start --help' for usage.\n");
        assertClean(missing);

        FulcrumProcess.Run bad = FulcrumProcess.run("", "realserver", "start", "--vip", "192.0.2.300",
                "--state-dir", dir.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("fulcrum realserver start: --vip '192.0.2.300': not an IPv4 or IPv6 "
                + "address\n");
        assertClean(bad);

        FulcrumProcess.Run device = FulcrumProcess.run("", "realserver", "start", "--vip", "192.0.2.10", "--dev",
                "no-such-if0", "--state-dir", dir.toString());
        assertThat(device.code()).isEqualTo(2);
        assertThat(device.err()).startsWith("fulcrum realserver start: --dev 'no-such-if0': there is no network "
                + "interface of that name\n");
        assertClean(device);

        FulcrumProcess.Run stop = FulcrumProcess.run("", "realserver", "stop", "--vip", "192.0.2.10",
                "--state-dir", dir.toString());
        assertThat(stop.code()).isEqualTo(1);
        assertThat(stop.err()).startsWith("fulcrum realserver stop: no state for VIP 192.0.2.10");
        assertClean(stop);
        assertThat(dir).isEmptyDirectory();
    }

    /** Root without CAP_NET_ADMIN (dropped from the bounding set by setpriv): refused before any change. */
    @Test
    void withoutCapNetAdminItSaysWhatIsNeeded() throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        Assumptions.assumeTrue(Files.isExecutable(setpriv), "needs setpriv (util-linux)");
        Assumptions.assumeTrue(Files.readString(Path.of("/proc/self/status")).contains("\nUid:\t0\t"),
                "needs root to drop capabilities from");
        List<String> cmd = new ArrayList<>(List.of(setpriv.toString(), "--inh-caps=-all",
                "--bounding-set=-net_admin,-net_raw", "--"));
        cmd.addAll(FulcrumProcess.command("realserver", "start", "--vip", "192.0.2.10", "--decap", "--state-dir",
                dir.toString()));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile()).start();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("err"));
        assertThat(p.exitValue()).as(err).isEqualTo(1);
        assertThat(err).startsWith("fulcrum realserver start: needs root, or CAP_NET_ADMIN (to add the VIP and set the"
                + " net.ipv4.conf sysctls) and CAP_NET_RAW (for the raw IPIP socket of --decap)");
        assertThat(err).doesNotContain("Exception");
        assertThat(Files.readString(dir.resolve("out"))).isEmpty();
        assertThat(dir.resolve("192.0.2.10.json")).doesNotExist();
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }

    /** An IPv4 header (20 bytes, checksum set) before {@code payload}. */
    private static byte[] ipv4(byte[] src, byte[] dst, int protocol, byte[] payload) {
        byte[] p = new byte[20 + payload.length];
        p[0] = 0x45;
        p[2] = (byte) (p.length >> 8);
        p[3] = (byte) p.length;
        p[8] = 64;
        p[9] = (byte) protocol;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((p[i] & 0xff) << 8) | (p[i + 1] & 0xff);
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        p[10] = (byte) (~sum >> 8);
        p[11] = (byte) ~sum;
        System.arraycopy(payload, 0, p, 20, payload.length);
        return p;
    }

    /**
     * The decapsulator as an operator runs it: {@code start --decap} in the foreground of a process in the real
     * server's namespace B, an IPIP packet from the director's namespace A, the UDP answer of a server on the VIP
     * arriving at the client's namespace C (which only B reaches), then {@code stop} from another process ending the
     * decapsulator (its counters printed, its TUN interface gone) and putting back every sysctl.
     */
    @Test
    void startDecapRunsUntilStopFromAnotherProcess() throws Exception {
        Assumptions.assumeTrue(Files.readString(Path.of("/proc/self/status")).contains("\nUid:\t0\t"),
                "needs root (network namespaces)");
        String prefix = "frsit" + ProcessHandle.current().pid();
        String a = prefix + "a";
        String b = prefix + "b";
        String c = prefix + "c";
        List<String> created = new ArrayList<>();
        List<AutoCloseable> toClose = new ArrayList<>();
        Process decap = null;
        try {
            for (String ns : List.of(a, b, c)) {
                run("ip", "netns", "add", ns);
                created.add(ns);
                run("ip", "-n", ns, "link", "set", "lo", "up");
            }
            run("ip", "-n", a, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", b);
            run("ip", "-n", b, "link", "add", "eth1", "type", "veth", "peer", "name", "eth0", "netns", c);
            run("ip", "-n", a, "addr", "add", "192.0.2.1/24", "dev", "eth0");
            run("ip", "-n", b, "addr", "add", "192.0.2.2/24", "dev", "eth0");
            run("ip", "-n", b, "addr", "add", "198.51.100.2/24", "dev", "eth1");
            run("ip", "-n", c, "addr", "add", "198.51.100.1/24", "dev", "eth0");
            run("ip", "-n", a, "link", "set", "eth0", "up");
            run("ip", "-n", b, "link", "set", "eth0", "up");
            run("ip", "-n", b, "link", "set", "eth1", "up");
            run("ip", "-n", c, "link", "set", "eth0", "up");
            String before = run("ip", "netns", "exec", b, "sysctl", "-a", "-r", "^net\\.ipv4\\.conf\\.");

            List<String> start = new ArrayList<>(List.of("ip", "netns", "exec", b));
            start.addAll(FulcrumProcess.command("realserver", "start", "--vip", "203.0.113.10", "--decap",
                    "--state-dir", dir.toString()));
            decap = new ProcessBuilder(start).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(decap.getInputStream(),
                    StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("fulcrum realserver: decapsulating")) {
                    break;
                }
            }
            assertThat(lines).as(String.join("\n", lines)).contains("fulcrum realserver: added 203.0.113.10/32 to lo",
                    "fulcrum realserver: decapsulating IPIP packets for 203.0.113.10 into fulcrum-ipip0, in the "
                            + "foreground until SIGTERM or SIGINT ('fulcrum realserver stop --vip 203.0.113.10' ends "
                            + "it and puts everything back)");

            NetnsThread inA = NetnsThread.enter(a);
            toClose.add(inA);
            NetnsThread inB = NetnsThread.enter(b);
            toClose.add(inB);
            NetnsThread inC = NetnsThread.enter(c);
            toClose.add(inC);
            DatagramSocket server = inB.call(() -> new DatagramSocket(new InetSocketAddress("203.0.113.10", 7000)));
            toClose.add(server);
            DatagramSocket client = inC.call(() -> new DatagramSocket(new InetSocketAddress("198.51.100.1", 5000)));
            toClose.add(client);
            server.setSoTimeout(10_000);
            client.setSoTimeout(10_000);

            byte[] clientAddress = IpAddress.parse("198.51.100.1").bytes();
            byte[] vip = IpAddress.parse("203.0.113.10").bytes();
            byte[] data = "ping".getBytes(StandardCharsets.US_ASCII);
            byte[] udp = new byte[8 + data.length]; // checksum 0: none, as IPv4 allows
            udp[0] = (byte) (5000 >> 8);
            udp[1] = (byte) 5000;
            udp[2] = (byte) (7000 >> 8);
            udp[3] = (byte) 7000;
            udp[5] = (byte) udp.length;
            System.arraycopy(data, 0, udp, 8, data.length);
            byte[] inner = ipv4(clientAddress, vip, 17, udp);
            inA.call(() -> {
                try (RawIpv4Socket director = RawIpv4Socket.open(RawIpv4Socket.IPIP)) {
                    director.send(IpAddress.parse("192.0.2.2"), inner, 0, inner.length);
                }
                return null;
            });
            DatagramPacket got = new DatagramPacket(new byte[1500], 1500);
            server.receive(got);
            assertThat(got.getSocketAddress()).isEqualTo(new InetSocketAddress("198.51.100.1", 5000));
            server.send(new DatagramPacket("pong".getBytes(StandardCharsets.US_ASCII), 4, got.getSocketAddress()));
            DatagramPacket reply = new DatagramPacket(new byte[1500], 1500);
            client.receive(reply);
            assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII)).isEqualTo("pong");
            assertThat(reply.getSocketAddress()).isEqualTo(new InetSocketAddress("203.0.113.10", 7000));

            List<String> stopCmd = new ArrayList<>(List.of("ip", "netns", "exec", b));
            stopCmd.addAll(FulcrumProcess.command("realserver", "stop", "--vip", "203.0.113.10", "--state-dir",
                    dir.toString()));
            String stopped = run(stopCmd.toArray(String[]::new));
            assertThat(stopped).contains("fulcrum realserver: ending the decapsulator (pid ",
                    "fulcrum realserver: removed 203.0.113.10/32 from lo",
                    "fulcrum realserver: 203.0.113.10 stopped: everything start changed is put back");
            assertThat(decap.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(decap.exitValue()).isZero();
            StringBuilder rest = new StringBuilder();
            while ((line = out.readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertThat(rest).contains("fulcrum realserver: decapsulator stopped, fulcrum-ipip0 removed: 1 packet "
                    + "decapsulated (" + inner.length + " bytes), 0 dropped").doesNotContain("Exception");
            assertThat(run("ip", "-n", b, "link", "show")).doesNotContain("fulcrum-ipip0");
            assertThat(run("ip", "netns", "exec", b, "sysctl", "-a", "-r", "^net\\.ipv4\\.conf\\."))
                    .isEqualTo(before);
            assertThat(dir.resolve("203.0.113.10.json")).doesNotExist();
        } finally {
            for (int i = toClose.size() - 1; i >= 0; i--) {
                toClose.get(i).close();
            }
            if (decap != null) {
                decap.destroyForcibly();
            }
            for (String ns : created) {
                new ProcessBuilder("ip", "netns", "del", ns).start().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }
}
