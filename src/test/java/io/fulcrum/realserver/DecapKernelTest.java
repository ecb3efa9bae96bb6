package io.fulcrum.realserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.nativeio.NetnsThread;
import io.fulcrum.nativeio.RawIpv4Socket;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IPIP decapsulator end to end, in three namespaces this test creates and deletes:
 *
 * <pre>
 *   A "director" eth0 192.0.2.1 ──── 192.0.2.2 eth0  B "real server"  eth1 198.51.100.2 ──── 198.51.100.1 eth0  C "client"
 *                                                    VIP 203.0.113.10 on lo
 * </pre>
 *
 * A, as an LVS director in TUN mode would, sends B IPIP packets whose inner packet goes from the client C to the
 * VIP. B runs the decapsulator (in this JVM, on a thread inside B) and servers on the VIP. A has no link to C and no
 * route to it, so the replies that reach C came from B directly, as TUN forwarding means. Needs root.
 */
class DecapKernelTest {

    private static final String VIP_TEXT = "203.0.113.10";
    private static final IpAddress VIP = IpAddress.parse(VIP_TEXT);
    private static final byte[] VIP_BYTES = Packets.v4(203, 0, 113, 10);
    private static final byte[] CLIENT = Packets.v4(198, 51, 100, 1);
    private static final IpAddress REAL_SERVER = IpAddress.parse("192.0.2.2");
    private static final int UDP_PORT = 7000;
    private static final int TCP_PORT = 8000;
    private static final int CLIENT_UDP_PORT = 5000;
    private static final int CLIENT_TCP_PORT = 40000;

    @TempDir
    Path stateDir;

    private Namespaces namespaces;
    private String a;
    private String b;
    private String c;
    private final List<AutoCloseable> closeLast = new ArrayList<>();

    @BeforeEach
    void createNamespaces() throws Exception {
        Namespaces.assumeRootAndIp();
        namespaces = new Namespaces("d");
        a = namespaces.create("a");
        b = namespaces.create("b");
        c = namespaces.create("c");
        Namespaces.link(a, "eth0", "192.0.2.1/24", b, "eth0", "192.0.2.2/24");
        Namespaces.link(b, "eth1", "198.51.100.2/24", c, "eth0", "198.51.100.1/24");
    }

    @AfterEach
    void deleteNamespaces() throws Exception {
        Collections.reverse(closeLast);
        for (AutoCloseable x : closeLast) {
            x.close();
        }
        if (namespaces != null) {
            namespaces.close();
        }
    }

    private static byte[] udpToVip(String text) {
        return Packets.ipv4(CLIENT, VIP_BYTES, Packets.UDP, Packets.udp(CLIENT, VIP_BYTES, CLIENT_UDP_PORT, UDP_PORT,
                text.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void innerPacketsReachTheVipAndRepliesGoStraightToTheClient() throws Exception {
        // reverse-path filtering on all (strict or loose) would drop what comes out of the address-less TUN interface
        Namespaces.setSysctl(b, "net.ipv4.conf.all.rp_filter", "1");
        String before = Namespaces.ipv4Conf(b);
        NetnsThread inA = namespaces.thread(a);
        NetnsThread inB = namespaces.thread(b);
        NetnsThread decapThread = namespaces.thread(b);
        NetnsThread inC = namespaces.thread(c);

        // B: the real server's set-up, the decapsulator, and servers on the VIP
        List<String> said = Collections.synchronizedList(new ArrayList<>());
        RealServerSetup setup = new RealServerSetup(new NetlinkInterfaces(), new ProcSysctls(),
                new StateStore(stateDir), said::add);
        Decapsulator decapsulator = inB.call(() -> {
            setup.start(VIP, "lo");
            IpipTunnel tunnel = IpipTunnel.open(IpipTunnel.DEFAULT_DEVICE);
            int index = new NetlinkInterfaces().index(tunnel.device()).orElseThrow();
            setup.startDecap(VIP, tunnel.device(), index, DecapProcess.current(tunnel.device()));
            return tunnel.decapsulator(VIP);
        });
        Future<?> loop = decapThread.submit(() -> {
            decapsulator.run();
            return null;
        });
        assertThat(Namespaces.sysctl(b, "net.ipv4.conf.fulcrum-ipip0.rp_filter")).isEqualTo("0");
        assertThat(Namespaces.sysctl(b, "net.ipv4.conf.all.rp_filter")).isEqualTo("0");
        assertThat(Namespaces.output("ip", "-n", b, "link", "show", "fulcrum-ipip0")).contains(",UP");

        DatagramSocket udpServer = inB.call(() -> new DatagramSocket(new InetSocketAddress(VIP_TEXT, UDP_PORT)));
        closeLast.add(udpServer);
        ServerSocket tcpServer = inB.call(() -> new ServerSocket(TCP_PORT, 10, InetAddress.getByName(VIP_TEXT)));
        closeLast.add(tcpServer);
        List<String> serverSaw = Collections.synchronizedList(new ArrayList<>());
        Thread echo = Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[1500];
            try {
                udpServer.setSoTimeout(10_000);
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udpServer.receive(p);
                String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
                serverSaw.add(p.getSocketAddress() + " " + text);
                byte[] answer = ("echo: " + text).getBytes(StandardCharsets.US_ASCII);
                udpServer.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
            } catch (Exception e) {
                serverSaw.add("failed: " + e);
            }
        });

        // C: the client's UDP socket, and a raw TCP socket to see the SYN-ACK it never asked for
        DatagramSocket client = inC.call(() -> new DatagramSocket(new InetSocketAddress("198.51.100.1",
                CLIENT_UDP_PORT)));
        closeLast.add(client);
        client.setSoTimeout(10_000);
        RawIpv4Socket tcpSeen = inC.call(() -> RawIpv4Socket.open(Packets.TCP));

        // A: the director's IPIP packets to B
        RawIpv4Socket director = inA.call(() -> RawIpv4Socket.open(RawIpv4Socket.IPIP));
        try {
            assertThat(Namespaces.attempt("ip", "-n", a, "route", "get", "198.51.100.1").code())
                    .as("the director has no route to the client").isNotZero();

            byte[] notForVip = Packets.ipv4(CLIENT, Packets.v4(203, 0, 113, 99), Packets.UDP,
                    Packets.udp(CLIENT, Packets.v4(203, 0, 113, 99), CLIENT_UDP_PORT, UDP_PORT, new byte[4]));
            byte[] badChecksum = udpToVip("spoiled");
            badChecksum[10] ^= 0x10;
            byte[] datagram = udpToVip("hello through the tunnel");
            long isn = 0x01020304L;
            byte[] syn = Packets.ipv4(CLIENT, VIP_BYTES, Packets.TCP,
                    Packets.tcpSyn(CLIENT, VIP_BYTES, CLIENT_TCP_PORT, TCP_PORT, isn));
            for (byte[] inner : List.of(notForVip, badChecksum, datagram, syn)) {
                inA.call(() -> {
                    director.send(REAL_SERVER, inner, 0, inner.length);
                    return null;
                });
            }

            // the UDP reply: from the VIP, at the client, over B's link to C
            byte[] buf = new byte[1500];
            DatagramPacket reply = new DatagramPacket(buf, buf.length);
            client.receive(reply);
            assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII))
                    .isEqualTo("echo: hello through the tunnel");
            assertThat(reply.getSocketAddress()).isEqualTo(new InetSocketAddress(VIP_TEXT, UDP_PORT));
            echo.join(10_000);
            assertThat(serverSaw).containsExactly("/198.51.100.1:" + CLIENT_UDP_PORT + " hello through the tunnel");

            // the SYN-ACK of the TCP server on the VIP, answering the client's SYN directly
            byte[] seen = awaitSynAck(inC, tcpSeen);
            assertThat(Packets.checksum(seen, 0, 20)).isZero();
            assertThat(IpAddress.ofBytes(java.util.Arrays.copyOfRange(seen, 12, 16))).isEqualTo(VIP);
            assertThat(IpAddress.ofBytes(java.util.Arrays.copyOfRange(seen, 16, 20)))
                    .isEqualTo(IpAddress.parse("198.51.100.1"));
            long ack = ((seen[28] & 0xffL) << 24) | ((seen[29] & 0xff) << 16) | ((seen[30] & 0xff) << 8)
                    | (seen[31] & 0xff);
            assertThat(ack).isEqualTo(isn + 1);

            assertThat(Namespaces.output("ip", "-n", c, "neigh", "show", "dev", "eth0"))
                    .as("the client learnt the real server's link, never the director's").contains("198.51.100.2")
                    .doesNotContain("192.0.2.");
        } finally {
            inA.call(() -> {
                director.close();
                return null;
            });
            inC.call(() -> {
                tcpSeen.close();
                return null;
            });
        }

        DecapCounters counters = decapsulator.counters();
        assertThat(counters.decapsulated()).isEqualTo(2);
        assertThat(counters.dropped(DropReason.NOT_FOR_VIP)).isEqualTo(1);
        assertThat(counters.dropped(DropReason.INNER_CHECKSUM)).isEqualTo(1);
        assertThat(counters.summary()).startsWith("2 packets decapsulated (")
                .endsWith("2 dropped (1 bad inner header checksum, 1 inner destination not the VIP)");

        // the decapsulator's end removes the TUN interface; stop puts back everything else
        decapsulator.stop();
        assertThat(decapsulator.awaitStopped(Duration.ofSeconds(5))).isTrue();
        loop.get(5, TimeUnit.SECONDS);
        assertThat(decapsulator.failure()).isEmpty();
        assertThat(Namespaces.attempt("ip", "-n", b, "link", "show", "fulcrum-ipip0").code()).isNotZero();
        inB.call(() -> setup.stop(VIP));
        assertThat(Namespaces.ipv4Conf(b)).isEqualTo(before);
        assertThat(Namespaces.output("ip", "-n", b, "-o", "addr", "show", "dev", "lo")).doesNotContain(VIP_TEXT);
        assertThat(said).contains("net.ipv4.conf.fulcrum-ipip0.rp_filter: gone (its interface was removed): "
                + "nothing to put back", "net.ipv4.conf.all.rp_filter = 1 (was 0)");
    }

    /** The first TCP packet C sees that is a SYN-ACK from the VIP's port to the client's. */
    private static byte[] awaitSynAck(NetnsThread inC, RawIpv4Socket socket) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        byte[] buf = new byte[1500];
        while (System.nanoTime() < deadline) {
            int n = inC.call(() -> socket.receive(buf, 200));
            if (n < 40) {
                continue;
            }
            int ihl = (buf[0] & 0x0f) * 4;
            int srcPort = ((buf[ihl] & 0xff) << 8) | (buf[ihl + 1] & 0xff);
            int dstPort = ((buf[ihl + 2] & 0xff) << 8) | (buf[ihl + 3] & 0xff);
            int flags = buf[ihl + 13] & 0x3f;
            if (srcPort == TCP_PORT && dstPort == CLIENT_TCP_PORT && flags == 0x12) {
                return java.util.Arrays.copyOf(buf, n);
            }
        }
        throw new SocketTimeoutException("no SYN-ACK from " + VIP_TEXT + ":" + TCP_PORT + " at the client");
    }
}
