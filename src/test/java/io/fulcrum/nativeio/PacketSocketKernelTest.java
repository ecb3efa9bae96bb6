package io.fulcrum.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gratuitous ARP sent through a PacketSocket in namespace A of a {@link NetnsPair} updates the neighbour entry B
 * holds for A's address. Needs root.
 */
class PacketSocketKernelTest {

    private static final byte[] OTHER_MAC = {0x02, 0, 0, 0, 0, 0x42};
    private static NetnsPair pair;

    @BeforeAll
    static void createNamespaces() throws Exception {
        NetnsPair.assumeRootAndIp();
        pair = NetnsPair.create("p");
        // B accepts a new MAC at once (the default locktime ignores a change within 1 s of the last update)
        NetnsPair.run("ip", "netns", "exec", pair.b, "sysctl", "-q", "-w", "net.ipv4.neigh.eth0.locktime=0");
    }

    @AfterAll
    static void removeNamespaces() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    /** A broadcast gratuitous ARP request: sender and target are {@code ip}, the sender's MAC is {@code mac}. */
    static byte[] gratuitousArp(byte[] mac, IpAddress ip) {
        byte[] frame = new byte[60];
        for (int i = 0; i < 6; i++) {
            frame[i] = (byte) 0xff;
        }
        System.arraycopy(mac, 0, frame, 6, 6);
        frame[12] = 0x08;
        frame[13] = 0x06;
        byte[] arp = {0, 1, 0x08, 0, 6, 4, 0, 1};
        System.arraycopy(arp, 0, frame, 14, arp.length);
        System.arraycopy(mac, 0, frame, 22, 6);
        System.arraycopy(ip.bytes(), 0, frame, 28, 4);
        System.arraycopy(ip.bytes(), 0, frame, 38, 4);
        return frame;
    }

    private static String neighbourInB() throws Exception {
        return NetnsPair.output("ip", "-n", pair.b, "neigh", "show", NetnsPair.A_ADDRESS, "dev", NetnsPair.IF);
    }

    @Test
    void aGratuitousArpChangesThePeersNeighbourEntry() throws Exception {
        String realMac;
        try (Rtnetlink netlink = pair.inA.call(Rtnetlink::open)) {
            realMac = netlink.links().stream().filter(l -> l.name().equals(NetnsPair.IF)).findFirst()
                    .orElseThrow().macText();
        }
        NetnsPair.run("ip", "-n", pair.b, "neigh", "replace", NetnsPair.A_ADDRESS, "lladdr", realMac, "dev",
                NetnsPair.IF, "nud", "stale");
        assertThat(neighbourInB()).contains("lladdr " + realMac);
        try (PacketSocket socket = pair.inA.call(() -> PacketSocket.open(NetnsPair.IF))) {
            assertThat(socket.interfaceName()).isEqualTo(NetnsPair.IF);
            socket.send(gratuitousArp(OTHER_MAC, IpAddress.parse(NetnsPair.A_ADDRESS)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (!neighbourInB().contains("lladdr 02:00:00:00:00:42") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(neighbourInB()).contains("lladdr 02:00:00:00:00:42");
        }
    }

    @Test
    void failuresAreTyped() throws Exception {
        assertThatThrownBy(() -> pair.inA.call(() -> PacketSocket.open("nosuchif9")))
                .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.errno()).isEqualTo(Libc.ENODEV));
        PacketSocket socket = pair.inA.call(() -> PacketSocket.open(NetnsPair.IF));
        assertThatThrownBy(() -> socket.send(new byte[10])).isInstanceOf(IllegalArgumentException.class);
        socket.close();
        socket.close();
        assertThatThrownBy(() -> socket.send(new byte[60])).isInstanceOf(IllegalStateException.class);
    }
}
