package io.fulcrum.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain-Java parts of the ring classes: RingConfig validation and the neighbour messages. */
class RingMessagesTest {

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    @Test
    void ringConfigRefusesShapesTheKernelWould() {
        assertThat(RingConfig.DEFAULT.ringBytes()).isEqualTo(8L << 20);
        assertThat(RingConfig.DEFAULT.withFanoutGroup(3).fanoutGroup()).isEqualTo(3);
        assertThatThrownBy(() -> new RingConfig(5000, 4, 2048, 1, -1)).hasMessageContaining("multiple of 4096");
        assertThatThrownBy(() -> new RingConfig(4096, 0, 2048, 1, -1)).hasMessageContaining("block count");
        assertThatThrownBy(() -> new RingConfig(1 << 30, 4, 2048, 1, -1)).hasMessageContaining("block count");
        assertThatThrownBy(() -> new RingConfig(4096, 4, 2050, 1, -1)).hasMessageContaining("frame size");
        assertThatThrownBy(() -> new RingConfig(4096, 4, 64, 1, -1)).hasMessageContaining("frame size");
        assertThatThrownBy(() -> new RingConfig(4096, 4, 8192, 1, -1)).hasMessageContaining("frame size");
        assertThatThrownBy(() -> new RingConfig(4096, 4, 2048, -1, -1)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> new RingConfig(4096, 4, 2048, 1, 65536)).hasMessageContaining("fanout");
    }

    @Test
    void aPerFrameRingCutsItsBlocksIntoSlotsAndKeepsItsKindWithAFanoutGroup() {
        RingConfig c = RingConfig.perFrame(1 << 16, 128, 2048);
        assertThat(c.perFrame()).isTrue();
        assertThat(c.frameCount()).isEqualTo(4096);
        assertThat(c.ringBytes()).isEqualTo(8L << 20);
        assertThat(c.withFanoutGroup(7)).isEqualTo(new RingConfig(1 << 16, 128, 2048, 0, 7, true));
        assertThat(RingConfig.DEFAULT.perFrame()).isFalse();
        assertThat(RingConfig.perFrame(12288, 2, 4800).frameCount()).as("slots do not straddle blocks").isEqualTo(4);
        assertThatThrownBy(() -> RingConfig.perFrame(4096, 4, 8192)).hasMessageContaining("frame size");
    }

    @Test
    void aNeighbourLookupIsOneRtmGetneighWithTheDestination() {
        byte[] m = Neighbours.getRequest(3, IpAddress.parse("192.0.2.2"), 77);
        ByteBuffer b = ByteBuffer.wrap(m).order(ORDER);
        assertThat(b.getInt(0)).isEqualTo(m.length).isEqualTo(16 + 12 + 8);
        assertThat(b.getShort(4)).isEqualTo((short) Neighbours.RTM_GETNEIGH);
        assertThat(b.getShort(6)).isEqualTo((short) NetlinkMessages.NLM_F_REQUEST);
        assertThat(b.getInt(8)).isEqualTo(77);
        assertThat(m[16]).isEqualTo((byte) Libc.AF_INET);
        assertThat(b.getInt(20)).isEqualTo(3);
        assertThat(b.getShort(24)).isZero();
        assertThat(m[26]).isZero();
        assertThat(b.getShort(28)).isEqualTo((short) 8);
        assertThat(b.getShort(30)).isEqualTo((short) Neighbours.NDA_DST);
        assertThat(new byte[] {m[32], m[33], m[34], m[35]}).isEqualTo(new byte[] {(byte) 192, 0, 2, 2});
    }

    @Test
    void resolvingIsRtmNewneighCreatingWithNtfUse() {
        byte[] m = Neighbours.useRequest(4, IpAddress.parse("2001:db8::1"), 5);
        ByteBuffer b = ByteBuffer.wrap(m).order(ORDER);
        assertThat(b.getShort(4)).isEqualTo((short) Neighbours.RTM_NEWNEIGH);
        assertThat(b.getShort(6)).isEqualTo((short) (NetlinkMessages.NLM_F_REQUEST | NetlinkMessages.NLM_F_ACK
                | NetlinkMessages.NLM_F_CREATE));
        assertThat(m[16]).isEqualTo((byte) Libc.AF_INET6);
        assertThat(m[26]).isEqualTo((byte) Neighbours.NTF_USE);
        assertThat(b.getShort(28)).isEqualTo((short) 20);
    }

    @Test
    void anEntryCarriesItsStateAndMac() throws Exception {
        byte[] reachable = entry(0x02, new byte[] {2, 0, 0, 0, 0, 0x42});
        Neighbours.Entry e = Neighbours.entry(NetlinkMessages.parse(reachable, reachable.length).get(0));
        assertThat(e.ifindex()).isEqualTo(2);
        assertThat(e.state()).isEqualTo(0x02);
        assertThat(e.mac()).hasValue(0x02_00_00_00_00_42L);
        byte[] incomplete = entry(0x01, null);
        assertThat(Neighbours.entry(NetlinkMessages.parse(incomplete, incomplete.length).get(0)).mac()).isEmpty();
        byte[] shortMessage = new NetlinkMessages.Builder(Neighbours.RTM_NEWNEIGH, 0, 1).u32(0).finish();
        assertThatThrownBy(() -> Neighbours.entry(NetlinkMessages.parse(shortMessage, shortMessage.length).get(0)))
                .isInstanceOf(NativeException.class).hasMessageContaining("too short");
    }

    private static byte[] entry(int state, byte[] mac) {
        NetlinkMessages.Builder b = new NetlinkMessages.Builder(Neighbours.RTM_NEWNEIGH, 0, 1)
                .u8(Libc.AF_INET).u8(0).u16(0).u32(2).u16(state).u8(0).u8(1)
                .attribute(Neighbours.NDA_DST, new byte[] {(byte) 192, 0, 2, 2});
        if (mac != null) {
            b.attribute(Neighbours.NDA_LLADDR, mac);
        }
        return b.finish();
    }

    @Test
    void usableStatesAreTheKernelsNudValid() {
        for (int state : List.of(0x02, 0x04, 0x08, 0x10, 0x40, 0x80)) {
            assertThat(state & Neighbours.NUD_VALID).isNotZero();
        }
        for (int state : List.of(0x00, 0x01, 0x20)) {
            assertThat(state & Neighbours.NUD_VALID).isZero();
        }
    }
}
