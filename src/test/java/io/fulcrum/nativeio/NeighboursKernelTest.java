package io.fulcrum.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Neighbours in namespace A of a {@link NetnsPair}, checked against {@code ip neigh}. Needs root. */
class NeighboursKernelTest {

    private static NetnsPair pair;
    private static Neighbours neighbours;
    private static int eth0;
    private static long macB;

    @BeforeAll
    static void createNamespaces() throws Exception {
        NetnsPair.assumeRootAndIp();
        pair = NetnsPair.create("n");
        neighbours = pair.inA.call(Neighbours::open);
        try (Rtnetlink a = pair.inA.call(Rtnetlink::open); Rtnetlink b = pair.inB.call(Rtnetlink::open)) {
            eth0 = a.links().stream().filter(l -> l.name().equals(NetnsPair.IF)).findFirst().orElseThrow().index();
            for (byte x : b.links().stream().filter(l -> l.name().equals(NetnsPair.IF)).findFirst().orElseThrow()
                    .mac()) {
                macB = (macB << 8) | (x & 0xff);
            }
        }
    }

    @AfterAll
    static void removeNamespaces() {
        if (neighbours != null) {
            neighbours.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    @BeforeEach
    void flushTheTable() throws Exception {
        NetnsPair.run("ip", "-n", pair.a, "neigh", "flush", "dev", NetnsPair.IF);
    }

    private static OptionalLong awaitEntry(IpAddress address) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        OptionalLong mac = neighbours.lookup(eth0, address);
        while (mac.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            mac = neighbours.lookup(eth0, address);
        }
        return mac;
    }

    private static String ipNeigh(String address) throws Exception {
        return NetnsPair.output("ip", "-n", pair.a, "neigh", "show", address, "dev", NetnsPair.IF);
    }

    @Test
    void lookupFindsThePeerAfterAnExchange() throws Exception {
        IpAddress b = IpAddress.parse(NetnsPair.B_ADDRESS);
        assertThat(neighbours.lookup(eth0, b)).isEmpty();
        pair.inA.call(() -> {
            try (DatagramChannel udp = DatagramChannel.open()) {
                udp.send(ByteBuffer.wrap(new byte[] {1}), new InetSocketAddress(NetnsPair.B_ADDRESS, 9));
            }
            return null;
        });
        assertThat(awaitEntry(b)).hasValue(macB);
        assertThat(ipNeigh(NetnsPair.B_ADDRESS)).contains("lladdr " + macText(macB));
    }

    @Test
    void resolveMakesTheKernelAskAndThePeersAnswerFillsTheEntry() throws Exception {
        IpAddress b = IpAddress.parse(NetnsPair.B_ADDRESS);
        assertThat(ipNeigh(NetnsPair.B_ADDRESS)).isBlank();
        neighbours.resolve(eth0, b);
        assertThat(awaitEntry(b)).hasValue(macB);
        assertThat(ipNeigh(NetnsPair.B_ADDRESS)).contains("lladdr " + macText(macB));
    }

    @Test
    void resolveWorksForIpv6ThroughNeighbourDiscovery() throws Exception {
        IpAddress linkLocalB = IpAddress.parse(NetnsPair.linkLocal(pair.b));
        neighbours.resolve(eth0, linkLocalB);
        assertThat(awaitEntry(linkLocalB)).hasValue(macB);
    }

    @Test
    void anAddressNobodyAnswersStaysUnresolved() throws Exception {
        IpAddress nobody = IpAddress.parse("192.0.2.77");
        neighbours.resolve(eth0, nobody);
        assertThat(ipNeigh("192.0.2.77")).as("the entry NTF_USE created").containsAnyOf("INCOMPLETE", "FAILED");
        Thread.sleep(300);
        assertThat(neighbours.lookup(eth0, nobody)).isEmpty();
    }

    @Test
    void aPermanentEntryIsUsableAndAFailedOneIsNot() throws Exception {
        NetnsPair.run("ip", "-n", pair.a, "neigh", "replace", "192.0.2.50", "lladdr", "02:00:00:00:00:50", "dev",
                NetnsPair.IF, "nud", "permanent");
        NetnsPair.run("ip", "-n", pair.a, "neigh", "replace", "192.0.2.51", "lladdr", "02:00:00:00:00:51", "dev",
                NetnsPair.IF, "nud", "failed");
        assertThat(neighbours.lookup(eth0, IpAddress.parse("192.0.2.50"))).hasValue(0x02_00_00_00_00_50L);
        assertThat(neighbours.lookup(eth0, IpAddress.parse("192.0.2.51"))).isEmpty();
        NetnsPair.run("ip", "-n", pair.a, "neigh", "del", "192.0.2.50", "dev", NetnsPair.IF);
    }

    @Test
    void anUnknownInterfaceIsEnodev() {
        assertThatThrownBy(() -> neighbours.lookup(9999, IpAddress.parse(NetnsPair.B_ADDRESS)))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Libc.ENODEV);
                    assertThat(e.operation()).startsWith("RTM_GETNEIGH 192.0.2.2");
                });
        assertThatThrownBy(() -> neighbours.resolve(9999, IpAddress.parse(NetnsPair.B_ADDRESS)))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Libc.ENODEV);
                    assertThat(e.operation()).startsWith("RTM_NEWNEIGH NTF_USE 192.0.2.2");
                });
    }

    private static String macText(long mac) {
        StringBuilder out = new StringBuilder();
        for (int i = 5; i >= 0; i--) {
            out.append(String.format("%02x", (mac >>> (8 * i)) & 0xff)).append(i > 0 ? ":" : "");
        }
        return out.toString();
    }
}
