package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.cli.FulcrumProcess.Backend;
import io.fulcrum.cli.FulcrumProcess.Daemon;
import io.fulcrum.cli.FulcrumProcess.Run;
import io.fulcrum.common.IpAddress;
import io.fulcrum.lab.BackendAddress;
import io.fulcrum.lab.BackendServer;
import io.fulcrum.lab.BackendSettings;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the built jar: {@code fulcrum run} forwarding HTTP through its user-space proxy to
 * {@code fulcrum backend} servers on 127.0.0.x, changed with {@code fulcrum ipvsadm}; {@code --dataplane} on a DR
 * configuration; the open-file limit; {@code fulcrum demo}. Traffic goes to loopback only.
 */
class ProxyDaemonIT {

    static final String HEADER = "IP Virtual Server version 1.2.1 (size=4096)\n"
            + "Prot LocalAddress:Port Scheduler Flags\n"
            + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";

    @TempDir
    Path dir;

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : started.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T started(T c) {
        started.add(c);
        return c;
    }

    private Daemon daemon(String name, Path config, String... more) throws Exception {
        Daemon d = Daemon.start(dir, name, config, dir.resolve(name + ".sock"), more);
        started.add(d::stop);
        return d;
    }

    private Path config(String name, String text) throws IOException {
        Path f = dir.resolve(name + ".conf");
        Files.writeString(f, text);
        return f;
    }

    /** A port free on 127.0.0.1 now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private BackendServer inProcessBackend(String address, int port, String text) throws Exception {
        return started(BackendServer.start(BackendSettings.of(List.of(new BackendAddress(IpAddress.parse(address),
                port))).withText(text).withThreads(1), note -> { }));
    }

    private static String get(String host, int port) throws IOException {
        return HttpProbe.get(new InetSocketAddress(host, port), Duration.ofSeconds(5)).body().strip();
    }

    private static List<String> gets(String host, int port, int n) throws IOException {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(get(host, port));
        }
        return answers;
    }

    /** Round robin over two servers: the answers alternate and both are seen. */
    private static void assertAlternates(List<String> answers, String a, String b) {
        assertThat(answers).containsOnly(a, b);
        for (int i = 1; i < answers.size(); i++) {
            assertThat(answers.get(i)).as("answer %d of %s", i, answers).isNotEqualTo(answers.get(i - 1));
        }
    }

    /** {@code fulcrum ipvsadm} in this process (the daemon is the jar's); expects success, returns stdout. */
    private static String ipvsadm(Daemon d, String... args) {
        CliRunner r = CliRunner.run(Map.of("FULCRUM_SOCKET", d.socket().toString()), prepend("ipvsadm", args));
        assertThat(r.err()).as(String.join(" ", args)).isEmpty();
        assertThat(r.code()).as(String.join(" ", args)).isZero();
        return r.out();
    }

    /** {@code fulcrum ipvsadm} as a process of the jar. */
    private static String ipvsadmProcess(Daemon d, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("ipvsadm", "--socket", d.socket().toString()));
        all.addAll(List.of(args));
        Run r = FulcrumProcess.run("", all.toArray(String[]::new));
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        return r.out();
    }

    private static String[] prepend(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** The listing once it equals {@code expected} (connection states settle a moment after the client is done). */
    private static void awaitListing(Daemon d, String expected, String... args) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String now = ipvsadm(d, args);
        while (!now.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            now = ipvsadm(d, args);
        }
        assertThat(now).isEqualTo(expected);
    }

    static String row(String address, String forward, int weight, int active, int inactive) {
        return String.format("  -> %-28s %-7s %-6d %-10d %-10d\n", address, forward, weight, active, inactive);
    }

    /** Two FNAT destinations on 127.0.0.1 with weight 1, in ipvsadm's order (by address, then port). */
    static String fullNatRows(int port1, int port2, int inactive) {
        return row("127.0.0.1:" + Math.min(port1, port2), "FNAT", 1, 0, inactive)
                + row("127.0.0.1:" + Math.max(port1, port2), "FNAT", 1, 0, inactive);
    }

    @Test
    void fullNatThroughTheProxyBalancesCountsDrainsAndFallsBackToTheSorryServer() throws Exception {
        Process p1 = Backend.start(dir, "rs1", "Real Server 1");
        Process p2 = Backend.start(dir, "rs2", "Real Server 2");
        Backend rs1 = started(Backend.ready(p1));
        Backend rs2 = started(Backend.ready(p2));
        BackendServer sorry = inProcessBackend("127.0.0.1", 0, "Sorry Server");
        int sorryPort = sorry.addresses().getFirst().port();
        int vip = freePort();
        Daemon d = daemon("fnat", config("fnat", """
                virtual_server 127.0.0.1 %d {
                    protocol TCP
                    lvs_sched rr
                    lvs_method FNAT
                    sorry_server 127.0.0.1 %d
                    real_server 127.0.0.1 %d {
                    }
                    real_server 127.0.0.1 %d {
                    }
                }
                """.formatted(vip, sorryPort, rs1.port(), rs2.port()))).awaitReady();
        assertThat(d.log()).contains(": Forwarding: 1 service(s) through the user-space proxy (full NAT)\n");
        String service = "127.0.0.1:" + vip;
        String one = "127.0.0.1:" + rs1.port();
        String two = "127.0.0.1:" + rs2.port();

        assertAlternates(gets("127.0.0.1", vip, 4), "Real Server 1", "Real Server 2");
        awaitListing(d, HEADER + "TCP  " + service + " rr\n" + fullNatRows(rs1.port(), rs2.port(), 2), "-Ln");
        String stats = ipvsadmProcess(d, "-Ln", "--stats");
        assertThat(stats).containsPattern("(?m)^TCP  " + Pattern.quote(service) + " +4 +[1-9]")
                .containsPattern("(?m)^  -> " + Pattern.quote(one) + " +2 +[1-9]")
                .containsPattern("(?m)^  -> " + Pattern.quote(two) + " +2 +[1-9]");
        String conns = ipvsadmProcess(d, "-lnc");
        assertThat(conns.lines().filter(l -> l.matches("TCP .* " + Pattern.quote(service) + " +"
                + Pattern.quote(one)))).hasSize(2);
        assertThat(conns.lines().filter(l -> l.matches("TCP .* " + Pattern.quote(service) + " +"
                + Pattern.quote(two)))).hasSize(2);

        try (KeepAliveClient kept = new KeepAliveClient(new InetSocketAddress("127.0.0.1", vip), 5000)) {
            String first = kept.get().strip();
            String other = first.equals("Real Server 1") ? "Real Server 2" : "Real Server 1";
            String firstAddress = first.equals("Real Server 1") ? one : two;
            String otherAddress = first.equals("Real Server 1") ? two : one;
            // -e -w 0 drains: new connections go to the other server, the established one stays
            ipvsadm(d, "-e", "-t", service, "-r", firstAddress, "--fullnat", "-w", "0");
            assertThat(gets("127.0.0.1", vip, 3)).containsOnly(other);
            assertThat(kept.get().strip()).as("an established connection continues").isEqualTo(first);
            assertThat(ipvsadm(d, "-Ln")).contains(row(firstAddress, "FNAT", 0, 1, 2).strip());
            // -d removes the other: nothing is available (weight 0 is not), the sorry server answers
            ipvsadm(d, "-d", "-t", service, "-r", otherAddress);
            assertThat(gets("127.0.0.1", vip, 2)).containsOnly("Sorry Server");
            ipvsadm(d, "-e", "-t", service, "-r", firstAddress, "--fullnat", "-w", "1");
            assertThat(gets("127.0.0.1", vip, 2)).containsOnly(first);
            ipvsadm(d, "-d", "-t", service, "-r", firstAddress);
            assertThat(get("127.0.0.1", vip)).isEqualTo("Sorry Server");
            assertThat(ipvsadm(d, "-Ln")).isEqualTo(HEADER + "TCP  " + service + " rr\n");
        }
        assertThat(d.signal("TERM")).isZero();
        assertThat(Files.exists(d.socket(), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(d.errors()).isEmpty();
    }

    /** A UDP echo server answering "NAME:payload" to every datagram, on its own thread. */
    private DatagramSocket udpEcho(String name) throws IOException {
        DatagramSocket s = started(new DatagramSocket(0, InetAddress.getByName("127.0.0.1")));
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[2048];
            try {
                while (true) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    s.receive(p);
                    byte[] answer = (name + ":" + new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                    s.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        return s;
    }

    /** UDP through the proxy: flows alternate between the real servers, replies come from VIP:port, -lnc lists them. */
    @Test
    void udpFlowsThroughTheProxyAreTableEntries() throws Exception {
        DatagramSocket a = udpEcho("A");
        DatagramSocket b = udpEcho("B");
        int vport = freePort();
        Path conf = config("udp", """
                virtual_server 127.0.0.1 %d {
                    protocol UDP
                    lvs_sched rr
                    lvs_method FNAT
                    real_server 127.0.0.1 %d {
                    }
                    real_server 127.0.0.1 %d {
                    }
                }
                """.formatted(vport, a.getLocalPort(), b.getLocalPort()));
        Daemon d = daemon("udp", conf).awaitReady();
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try (DatagramSocket c = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
                c.setSoTimeout(5000);
                byte[] q = ("q" + i).getBytes(StandardCharsets.UTF_8);
                c.send(new DatagramPacket(q, q.length, InetAddress.getByName("127.0.0.1"), vport));
                DatagramPacket r = new DatagramPacket(new byte[2048], 2048);
                c.receive(r);
                assertThat(r.getPort()).as("reply source port").isEqualTo(vport);
                answers.add(new String(r.getData(), 0, r.getLength(), StandardCharsets.UTF_8));
            }
        }
        assertThat(answers).hasSize(4).allMatch(x -> x.matches("[AB]:q\\d"));
        assertAlternates(answers.stream().map(x -> x.substring(0, 1)).toList(), "A", "B");
        String lnc = ipvsadmProcess(d, "-lnc");
        assertThat(lnc.lines().filter(l -> l.startsWith("UDP ") && l.contains(" UDP ")
                && l.contains("127.0.0.1:" + vport))).hasSize(4);
        String stats = ipvsadm(d, "-Ln", "--stats");
        assertThat(stats).contains("UDP  127.0.0.1:" + vport);
        assertThat(d.signal("TERM")).isZero();
    }

    /** A DR configuration on loopback addresses: refused under the default, served with --dataplane proxy. */
    @Test
    void aDirectRoutingConfigurationIsAStartErrorWithoutThePacketEnginesRightsUnlessTheProxyIsAskedToServeIt()
            throws Exception {
        int port = freePort();
        inProcessBackend("127.0.0.3", port, "DR Server 1");
        inProcessBackend("127.0.0.4", port, "DR Server 2");
        Path conf = config("dr", """
                virtual_server 127.0.0.2 %d {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 127.0.0.3 %d {
                    }
                    real_server 127.0.0.4 %d {
                    }
                }
                """.formatted(port, port, port));
        Path sock = dir.resolve("dr.sock");
        Run refused = FulcrumProcess.runUnprivileged("run", "-f", conf.toString(), "--socket", sock.toString());
        assertThat(refused.code()).as(refused.err()).isEqualTo(1);
        assertThat(refused.err()).startsWith("fulcrum run: virtual_server [127.0.0.2]:tcp:" + port
                + " (virtual_server #1) uses lvs_method DR: DR, NAT and TUN need Fulcrum's packet engine, which"
                + " cannot run here (").endsWith("), so nothing could forward it. Run as root (or with CAP_NET_RAW"
                + " and CAP_NET_ADMIN), or use lvs_method FNAT (full NAT through the user-space proxy), or run with"
                + " --dataplane proxy (the proxy serves DR/NAT/TUN services too; responses then flow back through the"
                + " director), or with --dataplane none (the table is served, nothing is forwarded)\n");
        assertThat(Files.exists(sock, LinkOption.NOFOLLOW_LINKS)).isFalse();

        Daemon d = daemon("dr", conf, "--dataplane", "proxy").awaitReady();
        assertThat(d.log()).contains(": --dataplane proxy: DR, NAT and TUN services are forwarded through the"
                + " user-space proxy as full NAT; their responses flow back through the director")
                .contains(": Forwarding: 1 service(s) through the user-space proxy (full NAT)\n");
        assertAlternates(gets("127.0.0.2", port, 4), "DR Server 1", "DR Server 2");
        assertThat(ipvsadm(d, "-Ln")).containsPattern("(?m)^  -> 127\\.0\\.0\\.3:" + port + " +Route +1 ")
                .containsPattern("(?m)^  -> 127\\.0\\.0\\.4:" + port + " +Route +1 ");
        assertThat(d.signal("TERM")).isZero();
    }

    /**
     * Under a low open-file limit the proxy refuses what it cannot take, says so in its log, survives, and serves
     * again once descriptors are free.
     */
    @Test
    void atTheOpenFileLimitNewConnectionsAreRefusedAndServiceRecovers() throws Exception {
        BackendServer backend = inProcessBackend("127.0.0.1", 0, "Limited");
        int vip = freePort();
        Path conf = config("fd", """
                virtual_server 127.0.0.1 %d {
                    protocol TCP
                    lvs_method FNAT
                    real_server 127.0.0.1 %d {
                    }
                }
                """.formatted(vip, backend.addresses().getFirst().port()));
        Path sock = dir.resolve("fd.sock");
        String run = FulcrumProcess.command("run", "-f", conf.toString(), "--socket", sock.toString()).stream()
                .map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        Daemon d = Daemon.launch(dir, "fd", sock, List.of("bash", "-c", "ulimit -n 256 && exec " + run));
        started.add(d::stop);
        d.awaitReady();

        List<KeepAliveClient> open = new ArrayList<>();
        int served = 0;
        boolean refused = false;
        try {
            while (open.size() < 400 && !refused) {
                try {
                    KeepAliveClient c = new KeepAliveClient(new InetSocketAddress("127.0.0.1", vip), 2000);
                    open.add(c);
                    assertThat(c.get()).isEqualTo("Limited\n");
                    served++;
                } catch (IOException e) {
                    refused = true;
                }
            }
            assertThat(refused).as("refused after %d connections", served).isTrue();
            // two descriptors each, and the JVM's own (jar, event loops: more on bigger machines) come first
            assertThat(served).as("connections served before the limit").isBetween(1, 127);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!d.log().toLowerCase(java.util.Locale.ROOT).contains("too many open files")
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(d.log()).containsIgnoringCase("too many open files");
        } finally {
            for (KeepAliveClient c : open) {
                c.close();
            }
        }
        // the descriptors come back as the proxy sees the clients go; then it serves again
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> after = List.of();
        while (System.nanoTime() < deadline) {
            try {
                after = gets("127.0.0.1", vip, 5);
                break;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        assertThat(after).containsOnly("Limited").hasSize(5);
        assertThat(d.process().isAlive()).isTrue();
        assertThat(d.signal("TERM")).isZero();
    }

    @Test
    void theDemoShowsTheTableAndRequestsAlternatingBetweenItsBackends() throws Exception {
        int port = freePort();
        Run r = FulcrumProcess.run("", "demo", "--port", Integer.toString(port), "--requests", "4", "--exit");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        Matcher backends = Pattern.compile("real server 127\\.0\\.0\\.1:(\\d+): 'fulcrum backend' answering \"This is"
                + " Real Server 1\".*\\n.*real server 127\\.0\\.0\\.1:(\\d+): 'fulcrum backend' answering \"This is"
                + " Real Server 2\"").matcher(r.out());
        assertThat(backends.find()).as(r.out()).isTrue();
        assertThat(r.out()).contains("$ fulcrum ipvsadm -Ln\n" + HEADER + "TCP  127.0.0.1:" + port + " rr\n"
                + fullNatRows(Integer.parseInt(backends.group(1)), Integer.parseInt(backends.group(2)), 0));
        List<String> answers = r.out().lines().filter(l -> l.matches("  \\d: .*")).map(l -> l.substring(5)).toList();
        assertThat(answers).hasSize(4);
        assertAlternates(answers, "This is Real Server 1", "This is Real Server 2");
        assertThat(r.out()).containsPattern("(?m)^TCP  127\\.0\\.0\\.1:" + port + " +4 ")
                .endsWith("Stopped.\n");
        assertThat(DemoCommand.inUse(port)).as("the demo let its port go").isNull();
    }
}
