package io.fulcrum.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.fulcrum.common.IpAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** NetlinkMessages without a kernel: what is built, what parses, and how malformed input is refused. */
class NetlinkMessagesTest {

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final IpAddress VIP = IpAddress.parse("10.0.0.100");

    private static ByteBuffer buffer(byte[] b) {
        return ByteBuffer.wrap(b).order(ORDER);
    }

    @Test
    void anAddRequestCarriesWhatIpAddrAddSends() throws Exception {
        AddressRequest r = new AddressRequest(3, VIP, 24, Optional.of(IpAddress.parse("10.0.0.255")),
                Optional.empty(), Optional.of("eth0:vip"), InterfaceAddress.SCOPE_LINK, true, true, 0);
        byte[] m = NetlinkMessages.addressRequest(true, r, 77);
        ByteBuffer in = buffer(m);
        assertThat(in.getInt(0)).isEqualTo(m.length);
        assertThat(in.getShort(4)).isEqualTo((short) NetlinkMessages.RTM_NEWADDR);
        assertThat(in.getShort(6) & 0xffff).isEqualTo(NetlinkMessages.NLM_F_REQUEST | NetlinkMessages.NLM_F_ACK
                | NetlinkMessages.NLM_F_CREATE | NetlinkMessages.NLM_F_EXCL);
        assertThat(in.getInt(8)).isEqualTo(77);
        assertThat(m[16]).isEqualTo((byte) Libc.AF_INET);
        assertThat(m[17]).isEqualTo((byte) 24);
        assertThat(m[18]).as("ifa_flags: nodad").isEqualTo((byte) InterfaceAddress.F_NODAD);
        assertThat(m[19] & 0xff).isEqualTo(InterfaceAddress.SCOPE_LINK);
        assertThat(in.getInt(20)).isEqualTo(3);
        Map<Integer, byte[]> a = NetlinkMessages.attributes(m, 24);
        assertThat(a.get(NetlinkMessages.IFA_LOCAL)).isEqualTo(VIP.bytes());
        assertThat(a.get(NetlinkMessages.IFA_ADDRESS)).isEqualTo(VIP.bytes());
        assertThat(a.get(NetlinkMessages.IFA_BROADCAST)).isEqualTo(IpAddress.parse("10.0.0.255").bytes());
        assertThat(a.get(NetlinkMessages.IFA_LABEL)).isEqualTo("eth0:vip\0".getBytes());
        assertThat(buffer(a.get(NetlinkMessages.IFA_FLAGS)).getInt(0))
                .isEqualTo(InterfaceAddress.F_NODAD | InterfaceAddress.F_NOPREFIXROUTE);
        ByteBuffer cache = buffer(a.get(NetlinkMessages.IFA_CACHEINFO));
        assertThat(cache.getInt(0)).as("preferred").isZero();
        assertThat(cache.getInt(4)).as("valid: forever").isEqualTo(-1);
        assertThat(m.length % 4).isZero();
    }

    @Test
    void aPeerGoesInIfaAddressAndAPlainRequestHasNoOptionalAttributes() throws Exception {
        AddressRequest peer = new AddressRequest(2, VIP, 32, Optional.empty(),
                Optional.of(IpAddress.parse("10.0.0.1")), Optional.empty(), 0, false, false, AddressRequest.FOREVER);
        Map<Integer, byte[]> a = NetlinkMessages.attributes(NetlinkMessages.addressRequest(true, peer, 1), 24);
        assertThat(a.get(NetlinkMessages.IFA_LOCAL)).isEqualTo(VIP.bytes());
        assertThat(a.get(NetlinkMessages.IFA_ADDRESS)).isEqualTo(IpAddress.parse("10.0.0.1").bytes());
        assertThat(a).containsOnlyKeys(NetlinkMessages.IFA_LOCAL, NetlinkMessages.IFA_ADDRESS);
    }

    @Test
    void aDeleteRequestIdentifiesTheAddressOnly() throws Exception {
        AddressRequest r = new AddressRequest(3, IpAddress.parse("2001:db8::100"), 64, Optional.empty(),
                Optional.empty(), Optional.empty(), 0, true, true, 0);
        byte[] m = NetlinkMessages.addressRequest(false, r, 5);
        assertThat(buffer(m).getShort(4)).isEqualTo((short) NetlinkMessages.RTM_DELADDR);
        assertThat(buffer(m).getShort(6) & 0xffff)
                .isEqualTo(NetlinkMessages.NLM_F_REQUEST | NetlinkMessages.NLM_F_ACK);
        assertThat(m[16]).isEqualTo((byte) Libc.AF_INET6);
        assertThat(m[18]).isZero();
        assertThat(NetlinkMessages.attributes(m, 24))
                .containsOnlyKeys(NetlinkMessages.IFA_LOCAL, NetlinkMessages.IFA_ADDRESS);
    }

    @Test
    void dumpRequestsHaveTheirFamilyHeader() {
        assertThat(NetlinkMessages.dumpRequest(NetlinkMessages.RTM_GETLINK, 1)).hasSize(32);
        assertThat(NetlinkMessages.dumpRequest(NetlinkMessages.RTM_GETADDR, 1)).hasSize(24);
        assertThat(buffer(NetlinkMessages.dumpRequest(NetlinkMessages.RTM_GETADDR, 1)).getShort(6) & 0xffff)
                .isEqualTo(NetlinkMessages.NLM_F_REQUEST | NetlinkMessages.NLM_F_DUMP);
        assertThat(buffer(NetlinkMessages.linkRequest(9, 4)).getInt(20)).isEqualTo(9);
    }

    @Test
    void aRequestOutsideItsRangeIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> AddressRequest.of(0, VIP, 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressRequest.of(1, VIP, 33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AddressRequest(1, IpAddress.parse("2001:db8::1"), 64,
                Optional.of(VIP), Optional.empty(), Optional.empty(), 0, false, false, AddressRequest.FOREVER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AddressRequest(1, VIP, 32, Optional.empty(), Optional.empty(),
                Optional.of("a-label-much-too-long"), 0, false, false, AddressRequest.FOREVER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AddressRequest(1, VIP, 32, Optional.empty(), Optional.empty(),
                Optional.empty(), 0, false, false, AddressRequest.FOREVER + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] linkMessage(int type, int index, int flags, String name, byte[] mac, int mtu) {
        NetlinkMessages.Builder b = new NetlinkMessages.Builder(type, NetlinkMessages.NLM_F_MULTI, 9)
                .u8(0).u8(0).u16(1).u32(index).u32(flags).u32(0)
                .attributeString(NetlinkMessages.IFLA_IFNAME, name).attributeU32(NetlinkMessages.IFLA_MTU, mtu);
        if (mac != null) {
            b.attribute(NetlinkMessages.IFLA_ADDRESS, mac);
        }
        return b.finish();
    }

    static byte[] addressMessage(int type, int family, int index, int prefix, byte[] local, byte[] address,
            String label, Integer flags) {
        NetlinkMessages.Builder b = new NetlinkMessages.Builder(type, 0, 0)
                .u8(family).u8(prefix).u8(0x80).u8(0).u32(index);
        if (address != null) {
            b.attribute(NetlinkMessages.IFA_ADDRESS, address);
        }
        if (local != null) {
            b.attribute(NetlinkMessages.IFA_LOCAL, local);
        }
        if (label != null) {
            b.attributeString(NetlinkMessages.IFA_LABEL, label);
        }
        if (flags != null) {
            b.attributeU32(NetlinkMessages.IFA_FLAGS, flags);
        }
        return b.finish();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void aDatagramSplitsIntoItsMessagesAndLinksParse() throws Exception {
        byte[] mac = {2, 0, 0x5e, 0, 1, 0x33};
        byte[] data = concat(linkMessage(NetlinkMessages.RTM_NEWLINK, 4, 0x1 | 0x40, "eth0", mac, 1500),
                linkMessage(NetlinkMessages.RTM_NEWLINK, 1, 0x1, "lo", null, 65536));
        List<NetlinkMessages.Message> messages = NetlinkMessages.parse(data, data.length);
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).seq()).isEqualTo(9);
        Link eth0 = NetlinkMessages.link(messages.get(0));
        assertThat(eth0).isEqualTo(new Link(4, "eth0", mac, true, true, 1500));
        assertThat(eth0.macText()).isEqualTo("02:00:5e:00:01:33");
        Link lo = NetlinkMessages.link(messages.get(1));
        assertThat(lo.mac()).isEmpty();
        assertThat(lo.up()).isTrue();
        assertThat(lo.running()).isFalse();
    }

    @Test
    void addressesTakeIfaLocalFirstAndIfaFlagsOverTheByte() throws Exception {
        byte[] v4 = addressMessage(NetlinkMessages.RTM_NEWADDR, Libc.AF_INET, 2, 32, VIP.bytes(),
                IpAddress.parse("10.0.0.1").bytes(), "eth0:1", InterfaceAddress.F_NOPREFIXROUTE | 0x80);
        InterfaceAddress a = NetlinkMessages.address(NetlinkMessages.parse(v4, v4.length).get(0)).orElseThrow();
        assertThat(a.address()).isEqualTo(VIP);
        assertThat(a.prefixLength()).isEqualTo(32);
        assertThat(a.label()).contains("eth0:1");
        assertThat(a.hasFlag(InterfaceAddress.F_NOPREFIXROUTE)).isTrue();
        assertThat(a.hasFlag(InterfaceAddress.F_PERMANENT)).isTrue();

        IpAddress six = IpAddress.parse("fe80::1");
        byte[] v6 = addressMessage(NetlinkMessages.RTM_NEWADDR, Libc.AF_INET6, 2, 64, null, six.bytes(), null, null);
        InterfaceAddress b = NetlinkMessages.address(NetlinkMessages.parse(v6, v6.length).get(0)).orElseThrow();
        assertThat(b.address()).isEqualTo(six);
        assertThat(b.label()).isEmpty();
        assertThat(b.flags()).isEqualTo(0x80);

        byte[] other = addressMessage(NetlinkMessages.RTM_NEWADDR, 7, 2, 8, null, new byte[2], null, null);
        assertThat(NetlinkMessages.address(NetlinkMessages.parse(other, other.length).get(0))).isEmpty();
    }

    @Test
    void anErrorMessageGivesItsErrnoAndTheKernelsText() throws Exception {
        byte[] ack = new NetlinkMessages.Builder(NetlinkMessages.NLMSG_ERROR, NetlinkMessages.NLM_F_CAPPED, 3)
                .u32(0).u32(16).u16(20).u16(0).u32(3).u32(0).finish();
        assertThat(NetlinkMessages.errno(NetlinkMessages.parse(ack, ack.length).get(0))).isZero();
        byte[] error = new NetlinkMessages.Builder(NetlinkMessages.NLMSG_ERROR,
                NetlinkMessages.NLM_F_CAPPED | NetlinkMessages.NLM_F_ACK_TLVS, 3)
                .u32(-17).u32(16).u16(20).u16(0x605).u32(3).u32(0)
                .attributeString(NetlinkMessages.NLMSGERR_ATTR_MSG, "address exists").finish();
        NetlinkMessages.Message m = NetlinkMessages.parse(error, error.length).get(0);
        assertThat(NetlinkMessages.errno(m)).isEqualTo(17);
        assertThat(NetlinkMessages.errorText(m)).contains("address exists");
        assertThat(NetlinkMessages.errorText(NetlinkMessages.parse(ack, ack.length).get(0))).isEmpty();
    }

    @Test
    void malformedInputRaisesTheTypedException() {
        byte[] good = linkMessage(NetlinkMessages.RTM_NEWLINK, 4, 1, "eth0", new byte[6], 1500);
        assertMalformed(() -> NetlinkMessages.parse(Arrays.copyOf(good, 10), 10), "truncated header");
        byte[] longer = good.clone();
        buffer(longer).putInt(0, good.length + 4);
        assertMalformed(() -> NetlinkMessages.parse(longer, longer.length), "does not fit");
        byte[] shorter = good.clone();
        buffer(shorter).putInt(0, 8);
        assertMalformed(() -> NetlinkMessages.parse(shorter, shorter.length), "message length 8");
        assertMalformed(() -> NetlinkMessages.parse(good, good.length + 1), "outside its buffer");

        byte[] badAttribute = good.clone();
        buffer(badAttribute).putShort(32, (short) 200);
        assertMalformed(() -> NetlinkMessages.link(one(badAttribute)), "attribute 3 length 200");
        byte[] tinyAttribute = good.clone();
        buffer(tinyAttribute).putShort(32, (short) 2);
        assertMalformed(() -> NetlinkMessages.link(one(tinyAttribute)), "length 2");

        byte[] noName = new NetlinkMessages.Builder(NetlinkMessages.RTM_NEWLINK, 0, 0)
                .u8(0).u8(0).u16(0).u32(5).u32(0).u32(0).finish();
        assertMalformed(() -> NetlinkMessages.link(one(noName)), "without IFLA_IFNAME");
        byte[] shortBody = new NetlinkMessages.Builder(NetlinkMessages.RTM_NEWLINK, 0, 0).u32(5).finish();
        assertMalformed(() -> NetlinkMessages.link(one(shortBody)), "too short for ifinfomsg");
        byte[] shortMtu = new NetlinkMessages.Builder(NetlinkMessages.RTM_NEWLINK, 0, 0)
                .u8(0).u8(0).u16(0).u32(5).u32(0).u32(0).attributeString(NetlinkMessages.IFLA_IFNAME, "x")
                .attribute(NetlinkMessages.IFLA_MTU, new byte[2]).finish();
        assertMalformed(() -> NetlinkMessages.link(one(shortMtu)), "IFLA_MTU has 2 of 4 bytes");

        byte[] wrongSize = addressMessage(NetlinkMessages.RTM_NEWADDR, Libc.AF_INET, 2, 24, new byte[16], null,
                null, null);
        assertMalformed(() -> NetlinkMessages.address(one(wrongSize)), "without a 32-bit");
        byte[] longPrefix = addressMessage(NetlinkMessages.RTM_NEWADDR, Libc.AF_INET, 2, 40, VIP.bytes(), null,
                null, null);
        assertMalformed(() -> NetlinkMessages.address(one(longPrefix)), "prefix length 40");
        byte[] shortError = new NetlinkMessages.Builder(NetlinkMessages.NLMSG_ERROR, 0, 0).u16(0).finish();
        assertMalformed(() -> NetlinkMessages.errno(one(shortError)), "too short for nlmsgerr");
        byte[] quotedTooLong = new NetlinkMessages.Builder(NetlinkMessages.NLMSG_ERROR,
                NetlinkMessages.NLM_F_ACK_TLVS, 3).u32(-17).u32(4000).u16(20).u16(0).u32(3).u32(0).finish();
        assertMalformed(() -> NetlinkMessages.errorText(one(quotedTooLong)), "quoted request of 4000 bytes");
    }

    @Test
    void randomlyDamagedDatagramsNeverRaiseAnythingButTheTypedException() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        byte[] template = concat(linkMessage(NetlinkMessages.RTM_NEWLINK, 4, 0x41, "eth0", new byte[6], 1500),
                addressMessage(NetlinkMessages.RTM_NEWADDR, Libc.AF_INET, 4, 24, VIP.bytes(), VIP.bytes(),
                        "eth0", 0x80),
                addressMessage(NetlinkMessages.RTM_DELADDR, Libc.AF_INET6, 4, 64, null, new byte[16], null, null));
        for (int round = 0; round < 20_000; round++) {
            byte[] data = template.clone();
            int damage = 1 + random.nextInt(4);
            for (int d = 0; d < damage; d++) {
                data[random.nextInt(data.length)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(8) == 0 ? random.nextInt(data.length + 1) : data.length;
            try {
                for (NetlinkMessages.Message m : NetlinkMessages.parse(data, length)) {
                    switch (m.type()) {
                        case NetlinkMessages.RTM_NEWLINK, NetlinkMessages.RTM_DELLINK -> NetlinkMessages.link(m);
                        case NetlinkMessages.NLMSG_ERROR -> NetlinkMessages.errorText(m);
                        default -> LinkMonitor.decode(m);
                    }
                }
            } catch (MalformedNetlinkException expected) {
                // the only failure allowed
            } catch (RuntimeException e) {
                fail("seed " + seed + ", round " + round + ": " + e, e);
            }
        }
    }

    private static NetlinkMessages.Message one(byte[] message) throws MalformedNetlinkException {
        return NetlinkMessages.parse(message, message.length).get(0);
    }

    private interface Parse {
        void run() throws Exception;
    }

    private static void assertMalformed(Parse parse, String reason) {
        assertThatThrownBy(parse::run).isInstanceOf(MalformedNetlinkException.class).hasMessageContaining(reason);
    }
}
