package io.fulcrum.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TunDevice, RawIpv4Socket and Rtnetlink.setLinkUp: the link-up message without a kernel, the rest in the namespaces
 * of a {@link NetnsPair} (root; skipped otherwise).
 */
class TunAndRawSocketKernelTest {

    private static NetnsPair pair;

    @BeforeAll
    static void createNamespaces() throws Exception {
        if (!Files.readString(Path.of("/proc/self/status")).contains("\nUid:\t0\t")
                || !Files.exists(Path.of("/dev/net/tun"))) {
            return;
        }
        NetnsPair.assumeRootAndIp();
        pair = NetnsPair.create("t");
    }

    @AfterAll
    static void removeNamespaces() {
        if (pair != null) {
            pair.close();
        }
    }

    private static void assumeKernel() {
        Assumptions.assumeTrue(pair != null, "needs root, ip and /dev/net/tun");
    }

    @Test
    void theLinkUpRequestChangesOnlyIffUp() {
        ByteBuffer up = ByteBuffer.wrap(NetlinkMessages.linkUpRequest(7, true, 42)).order(ByteOrder.nativeOrder());
        assertThat(up.getInt(0)).isEqualTo(32);
        assertThat(up.getShort(4)).isEqualTo((short) NetlinkMessages.RTM_NEWLINK);
        assertThat(up.getShort(6) & 0xffff).isEqualTo(NetlinkMessages.NLM_F_REQUEST | NetlinkMessages.NLM_F_ACK);
        assertThat(up.getInt(8)).isEqualTo(42);
        assertThat(up.get(16)).as("AF_UNSPEC").isZero();
        assertThat(up.getInt(20)).as("index").isEqualTo(7);
        assertThat(up.getInt(24)).as("flags").isEqualTo(NetlinkMessages.IFF_UP);
        assertThat(up.getInt(28)).as("change").isEqualTo(NetlinkMessages.IFF_UP);
        ByteBuffer down = ByteBuffer.wrap(NetlinkMessages.linkUpRequest(7, false, 43)).order(ByteOrder.nativeOrder());
        assertThat(down.getInt(24)).isZero();
        assertThat(down.getInt(28)).isEqualTo(NetlinkMessages.IFF_UP);
    }

    @Test
    void aTunInterfaceLivesAsLongAsItsDescriptorAndGoesUpAndDown() throws Exception {
        assumeKernel();
        TunDevice tun = pair.inA.call(() -> TunDevice.open("ftest0"));
        try {
            assertThat(tun.name()).isEqualTo("ftest0");
            String link = NetnsPair.output("ip", "-n", pair.a, "-o", "link", "show", "ftest0");
            assertThat(link).contains("POINTOPOINT").contains("NOARP").doesNotContain(",UP");
            int index = pair.inA.call(() -> {
                try (Rtnetlink n = Rtnetlink.open()) {
                    int i = n.indexOf("ftest0").orElseThrow();
                    n.setLinkUp(i, true);
                    return i;
                }
            });
            assertThat(NetnsPair.output("ip", "-n", pair.a, "-o", "link", "show", "ftest0")).contains(",UP");
            assertThatThrownBy(() -> pair.inA.call(() -> TunDevice.open("ftest0")))
                    .isInstanceOfSatisfying(NativeException.class, e -> {
                        assertThat(e.operation()).isEqualTo("ioctl(TUNSETIFF ftest0)");
                        assertThat(e.errno()).isEqualTo(16);
                    });
            pair.inA.call(() -> {
                try (Rtnetlink n = Rtnetlink.open()) {
                    n.setLinkUp(index, false);
                    assertThatThrownBy(() -> n.setLinkUp(9999, true))
                            .isInstanceOfSatisfying(NativeException.class, e -> {
                                assertThat(e.errno()).isEqualTo(Libc.ENODEV);
                                assertThat(e.operation()).isEqualTo("RTM_NEWLINK ifindex 9999 up");
                            });
                    assertThat(n.indexOf("no-such")).isEmpty();
                }
                return null;
            });
            assertThat(NetnsPair.output("ip", "-n", pair.a, "-o", "link", "show", "ftest0")).doesNotContain(",UP");
        } finally {
            tun.close();
            tun.close();
        }
        assertThat(NetnsPair.output("ip", "-n", pair.a, "-o", "link", "show")).doesNotContain("ftest0");
        assertThatThrownBy(() -> TunDevice.open("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TunDevice.open("sixteen-bytes-xx")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRawIpipSocketReceivesWhatTheOtherSideSends() throws Exception {
        assumeKernel();
        RawIpv4Socket receiver = pair.inB.call(() -> RawIpv4Socket.open(RawIpv4Socket.IPIP));
        RawIpv4Socket sender = pair.inA.call(() -> RawIpv4Socket.open(RawIpv4Socket.IPIP));
        try {
            byte[] buffer = new byte[2048];
            assertThat(pair.inB.call(() -> receiver.receive(buffer, 10))).as("nothing yet").isEqualTo(-1);
            byte[] payload = new byte[24];
            Arrays.fill(payload, (byte) 0x5a);
            pair.inA.call(() -> {
                sender.send(IpAddress.parse(NetnsPair.B_ADDRESS), payload, 0, payload.length);
                return null;
            });
            int n = pair.inB.call(() -> receiver.receive(buffer, 5000));
            assertThat(n).isEqualTo(20 + payload.length);
            assertThat(buffer[0]).as("IPv4, IHL 5").isEqualTo((byte) 0x45);
            assertThat(buffer[9]).as("protocol IPIP").isEqualTo((byte) 4);
            assertThat(Arrays.copyOfRange(buffer, 12, 16)).isEqualTo(IpAddress.parse(NetnsPair.A_ADDRESS).bytes());
            assertThat(Arrays.copyOfRange(buffer, 20, n)).isEqualTo(payload);
            byte[] small = new byte[10];
            pair.inA.call(() -> {
                sender.send(IpAddress.parse(NetnsPair.B_ADDRESS), payload, 0, payload.length);
                return null;
            });
            assertThat(pair.inB.call(() -> receiver.receive(small, 5000))).as("cut to the buffer").isEqualTo(10);
            assertThatThrownBy(() -> sender.send(IpAddress.parse("2001:db8::1"), payload, 0, 1))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            pair.inA.call(() -> {
                sender.close();
                return null;
            });
            pair.inB.call(() -> {
                receiver.close();
                return null;
            });
        }
        assertThatThrownBy(() -> receiver.receive(new byte[1], 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RawIpv4Socket.open(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
