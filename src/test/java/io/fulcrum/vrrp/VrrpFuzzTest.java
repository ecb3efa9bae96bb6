package io.fulcrum.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fulcrum.common.IpAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes the receive path (IPv4 datagram parsing, then the receive checks of a VRRPv2 PASS, a VRRPv3 multicast,
 * a VRRPv3 unicast and a VRRPv3 IPv6 instance) and the codec. Properties: only a {@link VrrpFormatException} or
 * a {@link Verdict} comes out, never another exception; an advert built from the data encodes, decodes back to
 * itself and carries a valid checksum.
 *
 * <p>The last input byte picks the part (0..2: the bytes are an IPv4 datagram, 3: they build an advert for the
 * round trip); the seeds under src/test/resources follow that layout. Without JAZZER_FUZZ this runs the seeds.
 */
class VrrpFuzzTest {

    private static final List<InstanceSettings> INSTANCES = List.of(VrrpFixtures.settings(VrrpFixtures.V2_PASS),
            VrrpFixtures.settings(VrrpFixtures.V3_MULTICAST), VrrpFixtures.settings(VrrpFixtures.V3_UNICAST),
            VrrpFixtures.settings(VrrpFixtures.V3_IPV6));
    private static final List<ChecksumMode> MODES = List.of(ChecksumMode.PSEUDO_HEADER, ChecksumMode.AS_V2,
            ChecksumMode.oldUnicast(VrrpFixtures.GROUP4), ChecksumMode.KERNEL);

    @FuzzTest(maxDuration = "30s")
    void fuzzShort(FuzzedDataProvider data) {
        check(data);
    }

    @FuzzTest(maxDuration = "20m")
    void fuzzLong(FuzzedDataProvider data) {
        check(data);
    }

    static void check(FuzzedDataProvider data) {
        int part = data.consumeInt(0, 3);
        if (part == 3) {
            roundTrip(data);
        } else {
            receive(data.consumeRemainingAsBytes());
        }
    }

    private static void receive(byte[] bytes) {
        List<AdvertCheck> checks = INSTANCES.stream().map(AdvertCheck::new).toList();
        try {
            InboundPacket p = Ipv4Datagrams.parse("eth0", bytes, bytes.length);
            for (AdvertCheck c : checks) {
                assertThat(c.check(p)).isNotNull();
                assertThat(c.check(p)).as("a second look (state kept)").isNotNull();
            }
        } catch (VrrpFormatException e) {
            assertThat(e.reason()).isNotNull();
        }
        // the same bytes as the VRRP message of an IPv4 and of an IPv6 packet
        InboundPacket v4 = new InboundPacket("eth0", VrrpFixtures.PEER, VrrpFixtures.GROUP4, 255, 20,
                20 + bytes.length, false, bytes);
        InboundPacket v6 = new InboundPacket("eth0", IpAddress.parse("fe80::2"), VrrpFixtures.GROUP6, 255, 0,
                bytes.length, false, bytes);
        for (AdvertCheck c : checks) {
            assertThat(c.check(v4)).isNotNull();
            assertThat(c.check(v6)).isNotNull();
        }
        for (boolean ipv6 : new boolean[] {false, true}) {
            try {
                assertThat(VrrpCodec.decode(bytes, bytes.length, ipv6)).isNotNull();
            } catch (VrrpFormatException e) {
                assertThat(e.reason()).isNotNull();
            }
        }
    }

    private static void roundTrip(FuzzedDataProvider data) {
        int version = data.consumeBoolean() ? 2 : 3;
        boolean ipv6 = version == 3 && data.consumeBoolean();
        int vrid = data.consumeInt(0, 255);
        int priority = data.consumeInt(0, 255);
        int authType = version == 2 ? data.consumeInt(0, 255) : 0;
        Duration interval = version == 2 ? Duration.ofSeconds(data.consumeInt(0, 255))
                : Duration.ofMillis(10L * data.consumeInt(0, 4095));
        ChecksumMode mode = MODES.get(data.consumeInt(0, MODES.size() - 1));
        if (mode instanceof ChecksumMode.Kernel && !ipv6 || mode instanceof ChecksumMode.OldUnicast && ipv6) {
            mode = ChecksumMode.PSEUDO_HEADER;
        }
        int count = data.consumeInt(0, 255);
        byte[] auth = version == 2 ? Arrays.copyOf(data.consumeBytes(8), 8) : new byte[0];
        int size = ipv6 ? 16 : 4;
        List<IpAddress> addresses = new ArrayList<>();
        for (int i = 0; i < count && data.remainingBytes() > 0; i++) {
            addresses.add(IpAddress.ofBytes(Arrays.copyOf(data.consumeBytes(size), size)));
        }
        VrrpAdvert a = new VrrpAdvert(version, vrid, priority, authType, interval, addresses, auth);
        IpAddress src = ipv6 ? IpAddress.parse("fe80::1") : VrrpFixtures.LOCAL;
        IpAddress dst = ipv6 ? VrrpFixtures.GROUP6 : VrrpFixtures.PEER;

        byte[] wire = VrrpCodec.encode(a, src, dst, mode);

        try {
            assertThat(VrrpCodec.decode(wire, wire.length, ipv6)).isEqualTo(a);
        } catch (VrrpFormatException e) {
            throw new AssertionError("encoded advert does not decode: " + a, e);
        }
        assertThat(VrrpCodec.checksumValid(wire, wire.length, src, dst, mode)).isTrue();
    }
}
