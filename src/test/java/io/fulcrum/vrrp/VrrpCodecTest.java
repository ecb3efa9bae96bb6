package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.VrrpFixtures.GROUP4;
import static io.fulcrum.vrrp.VrrpFixtures.GROUP6;
import static io.fulcrum.vrrp.VrrpFixtures.LOCAL;
import static io.fulcrum.vrrp.VrrpFixtures.PEER;
import static io.fulcrum.vrrp.VrrpFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Codec against packets written out by hand. Checksums were summed by hand (v2) and with an independent
 * implementation (v3 pseudo-headers); the derivation of the first is in its comment.
 */
class VrrpCodecTest {

    private static final IpAddress VIP = IpAddress.parse("10.0.0.100");
    private static final IpAddress VIP2 = IpAddress.parse("10.0.0.101");
    private static final IpAddress VIP6 = IpAddress.parse("2001:db8::100");
    private static final IpAddress LINK_LOCAL = IpAddress.parse("fe80::1");

    static VrrpAdvert v3(int prio, IpAddress... vips) {
        return new VrrpAdvert(3, 51, prio, 0, Duration.ofSeconds(1), List.of(vips), new byte[0]);
    }

    @Test
    void version2WithOneVipAndPassword() throws Exception {
        // 21 = v2 | type 1, VRID 0x33 = 51, prio 0x64 = 100, 1 address, auth type 1 (PASS), interval 1 s,
        // checksum, 192.168.1.10, "secret" + 2 zero bytes. Sum of the 16-bit words with the checksum 0:
        // 2133+6401+0101+c0a8+010a+7365+6372+6574 = 0x28432 -> fold 0x8434 -> ones' complement 0x7bcb.
        byte[] expected = hex("21 33 64 01 01 01 7b cb c0 a8 01 0a 73 65 63 72 65 74 00 00");
        VrrpAdvert a = new VrrpAdvert(2, 51, 100, 1, Duration.ofSeconds(1),
                List.of(IpAddress.parse("192.168.1.10")), VrrpCodec.passwordData("secret"));

        byte[] wire = VrrpCodec.encode(a, LOCAL, GROUP4, ChecksumMode.PSEUDO_HEADER);

        assertThat(wire).isEqualTo(expected);
        assertThat(VrrpCodec.decode(expected, expected.length)).isEqualTo(a);
        assertThat(VrrpCodec.checksumValid(expected, expected.length, LOCAL, GROUP4, ChecksumMode.PSEUDO_HEADER))
                .as("v2 ignores the mode: no pseudo-header").isTrue();
        assertThat(VrrpCodec.encode(a, LOCAL, PEER, ChecksumMode.AS_V2)).as("nor the destination")
                .isEqualTo(expected);
    }

    @Test
    void version3MulticastWithTwoVips() throws Exception {
        // 31 = v3 | type 1, VRID 51, prio 150, 2 addresses, rsvd 0 + interval 100 cs, checksum over the
        // pseudo-header 10.0.0.1 > 224.0.0.18, 0, 112, length 16.
        byte[] expected = hex("31 33 96 02 00 64 39 09 0a 00 00 64 0a 00 00 65");
        VrrpAdvert a = v3(150, VIP, VIP2);

        assertThat(VrrpCodec.encode(a, LOCAL, GROUP4, ChecksumMode.PSEUDO_HEADER)).isEqualTo(expected);
        assertThat(VrrpCodec.decode(expected, expected.length)).isEqualTo(a);
        assertThat(VrrpCodec.checksumValid(expected, 16, LOCAL, GROUP4, ChecksumMode.PSEUDO_HEADER)).isTrue();
        assertThat(VrrpCodec.checksumValid(expected, 16, LOCAL, PEER, ChecksumMode.PSEUDO_HEADER))
                .as("another destination").isFalse();
    }

    static Stream<Arguments> unicastModes() {
        return Stream.of(
                Arguments.of("peer in the pseudo-header", ChecksumMode.PSEUDO_HEADER, "31 33 64 01 00 64 4b 84 0a 00 00 64"),
                Arguments.of("v3_checksum_as_v2", ChecksumMode.AS_V2, "31 33 64 01 00 64 60 03 0a 00 00 64"),
                Arguments.of("old_unicast_checksum", ChecksumMode.oldUnicast(GROUP4),
                        "31 33 64 01 00 64 75 73 0a 00 00 64"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unicastModes")
    void version3UnicastToAPeer(String name, ChecksumMode mode, String bytes) throws Exception {
        byte[] expected = hex(bytes);
        VrrpAdvert a = v3(100, VIP);

        assertThat(VrrpCodec.encode(a, LOCAL, PEER, mode)).isEqualTo(expected);
        assertThat(VrrpCodec.decode(expected, expected.length)).isEqualTo(a);
        assertThat(VrrpCodec.checksumValid(expected, expected.length, LOCAL, PEER, mode)).isTrue();
        for (ChecksumMode other : List.of(ChecksumMode.PSEUDO_HEADER, ChecksumMode.AS_V2,
                ChecksumMode.oldUnicast(GROUP4))) {
            if (!other.equals(mode)) {
                assertThat(VrrpCodec.checksumValid(expected, expected.length, LOCAL, PEER, other))
                        .as("checked as %s", other).isFalse();
            }
        }
    }

    @Test
    void version3Ipv6WithThePseudoHeaderOrTheKernel() throws Exception {
        // pseudo-header fe80::1 > ff02::12, length 24 (32 bits), 3 zero bytes, next header 112
        byte[] expected = hex("31 33 64 01 00 64 3d 8f 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 01 00");
        VrrpAdvert a = v3(100, VIP6);

        assertThat(VrrpCodec.encode(a, LINK_LOCAL, GROUP6, ChecksumMode.PSEUDO_HEADER)).isEqualTo(expected);
        assertThat(VrrpCodec.checksumValid(expected, 24, LINK_LOCAL, GROUP6, ChecksumMode.PSEUDO_HEADER)).isTrue();
        assertThat(VrrpCodec.decode(expected, 24)).isEqualTo(a);
        assertThat(VrrpCodec.decode(expected, 24, true)).isEqualTo(a);

        byte[] kernel = VrrpCodec.encode(a, LINK_LOCAL, GROUP6, ChecksumMode.KERNEL);
        assertThat(kernel[6]).isZero();
        assertThat(kernel[7]).isZero();
        assertThat(Arrays.copyOfRange(kernel, 8, 24)).isEqualTo(Arrays.copyOfRange(expected, 8, 24));
        assertThat(VrrpCodec.checksumValid(kernel, 24, LINK_LOCAL, GROUP6, ChecksumMode.KERNEL)).isTrue();
    }

    @Test
    void paddingAfterTheMessageIsIgnored() throws Exception {
        byte[] padded = Arrays.copyOf(hex("31 33 96 02 00 64 39 09 0a 00 00 64 0a 00 00 65"), 26);
        padded[20] = 0x55;

        assertThat(VrrpCodec.decode(padded, padded.length, false)).isEqualTo(v3(150, VIP, VIP2));
        assertThat(VrrpCodec.decode(padded, 16)).isEqualTo(v3(150, VIP, VIP2));
        assertThat(VrrpCodec.checksumValid(padded, 16, LOCAL, GROUP4, ChecksumMode.PSEUDO_HEADER)).isTrue();
    }

    @Test
    void version3IntervalIsTwelveBitsOfCentiseconds() throws Exception {
        VrrpAdvert a = new VrrpAdvert(3, 7, 200, 0, Duration.ofMillis(40_950), List.of(VIP), new byte[0]);
        byte[] wire = VrrpCodec.encode(a, LOCAL, GROUP4, ChecksumMode.PSEUDO_HEADER);
        assertThat(wire[4]).isEqualTo((byte) 0x0f);
        assertThat(wire[5]).isEqualTo((byte) 0xff);

        wire[4] |= (byte) 0xf0; // reserved bits are ignored on receive
        assertThat(VrrpCodec.decode(wire, wire.length).interval()).isEqualTo(Duration.ofMillis(40_950));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty", "", VrrpFormatException.Reason.TOO_SHORT),
                Arguments.of("seven bytes", "31 33 64 01 00 64 00", VrrpFormatException.Reason.TOO_SHORT),
                Arguments.of("version 1", "11 33 64 00 00 64 00 00", VrrpFormatException.Reason.BAD_VERSION),
                Arguments.of("version 4", "41 33 64 00 00 64 00 00", VrrpFormatException.Reason.BAD_VERSION),
                Arguments.of("type 2", "32 33 64 00 00 64 00 00", VrrpFormatException.Reason.BAD_TYPE),
                Arguments.of("v3 count 2, room for 1", "31 33 64 02 00 64 00 00 0a 00 00 64",
                        VrrpFormatException.Reason.COUNT_LENGTH_MISMATCH),
                Arguments.of("v2 without its auth data", "21 33 64 01 01 01 00 00 c0 a8 01 0a",
                        VrrpFormatException.Reason.COUNT_LENGTH_MISMATCH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedMessagesRaiseTheirReason(String name, String bytes, VrrpFormatException.Reason reason) {
        byte[] m = hex(bytes);
        assertThatThrownBy(() -> VrrpCodec.decode(m, m.length)).isInstanceOf(VrrpFormatException.class)
                .extracting(e -> ((VrrpFormatException) e).reason()).isEqualTo(reason);
    }

    @Test
    void version2OverIpv6IsAFamilyError() {
        byte[] m = hex("21 33 64 00 01 01 00 00 00 00 00 00 00 00 00 00");
        assertThatThrownBy(() -> VrrpCodec.decode(m, m.length, true)).isInstanceOf(VrrpFormatException.class)
                .extracting(e -> ((VrrpFormatException) e).reason()).isEqualTo(VrrpFormatException.Reason.FAMILY);
    }

    @Test
    void aFlippedBitBreaksTheChecksum() {
        byte[] m = hex("21 33 64 01 01 01 7b cb c0 a8 01 0a 73 65 63 72 65 74 00 00");
        for (int i = 0; i < m.length; i++) {
            byte[] copy = m.clone();
            copy[i] ^= 0x10;
            assertThat(VrrpCodec.checksumValid(copy, copy.length, LOCAL, GROUP4, ChecksumMode.AS_V2))
                    .as("byte %d flipped", i).isFalse();
        }
        assertThat(VrrpCodec.checksumValid(m, 7, LOCAL, GROUP4, ChecksumMode.AS_V2)).isFalse();
        assertThat(VrrpCodec.checksumValid(m, 21, LOCAL, GROUP4, ChecksumMode.AS_V2)).isFalse();
    }

    static Stream<VrrpAdvert> roundTrips() {
        return Stream.of(
                new VrrpAdvert(2, 1, 0, 0, Duration.ofSeconds(255), List.of(), new byte[8]),
                new VrrpAdvert(2, 255, 255, 2, Duration.ZERO, List.of(VIP, VIP2), VrrpCodec.passwordData("12345678")),
                new VrrpAdvert(3, 200, 1, 0, Duration.ZERO, List.of(), new byte[0]),
                new VrrpAdvert(3, 9, 254, 0, Duration.ofMillis(10), List.of(VIP6, LINK_LOCAL), new byte[0]),
                v3(100, VIP, VIP2));
    }

    @ParameterizedTest
    @MethodSource("roundTrips")
    void encodeThenDecodeGivesTheAdvertBack(VrrpAdvert a) throws Exception {
        boolean v6 = !a.addresses().isEmpty() && a.addresses().getFirst().isV6();
        IpAddress src = v6 ? LINK_LOCAL : LOCAL;
        IpAddress dst = v6 ? GROUP6 : GROUP4;
        byte[] wire = VrrpCodec.encode(a, src, dst, ChecksumMode.PSEUDO_HEADER);

        assertThat(wire).hasSize(VrrpCodec.messageLength(a.version(), a.addresses().size(), v6));
        assertThat(VrrpCodec.decode(wire, wire.length, v6)).isEqualTo(a);
        assertThat(VrrpCodec.checksumValid(wire, wire.length, src, dst, ChecksumMode.PSEUDO_HEADER)).isTrue();
    }

    @Test
    void encodeRefusesWhatTheWireCannotCarry() {
        IpAddress v6 = LINK_LOCAL;
        assertThatThrownBy(() -> VrrpCodec.encode(new VrrpAdvert(2, 1, 1, 0, Duration.ofMillis(1500), List.of(),
                new byte[8]), LOCAL, GROUP4, ChecksumMode.AS_V2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VrrpCodec.encode(new VrrpAdvert(3, 1, 1, 0, Duration.ofMillis(40_960), List.of(),
                new byte[0]), LOCAL, GROUP4, ChecksumMode.AS_V2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VrrpCodec.encode(v3(1, VIP6), LOCAL, GROUP4, ChecksumMode.PSEUDO_HEADER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VrrpCodec.encode(v3(1, VIP), LOCAL, GROUP4, ChecksumMode.KERNEL))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VrrpCodec.encode(new VrrpAdvert(2, 1, 1, 0, Duration.ofSeconds(1), List.of(VIP6),
                new byte[8]), v6, GROUP6, ChecksumMode.KERNEL)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passwordDataIsCutAndPaddedToEightBytes() {
        assertThat(VrrpCodec.passwordData("abc")).isEqualTo(new byte[] {'a', 'b', 'c', 0, 0, 0, 0, 0});
        assertThat(VrrpCodec.passwordData("abcdefghij")).isEqualTo("abcdefgh".getBytes());
    }
}
