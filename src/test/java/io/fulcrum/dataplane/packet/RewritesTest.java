package io.fulcrum.dataplane.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each rewrite is checked against a frame built from scratch with the new values (checksums computed by the
 * {@link Oracle}): the rewritten bytes must be the same, byte for byte.
 */
class RewritesTest {

    private static final byte[] REAL = {(byte) 192, (byte) 168, 10, 5};
    private static final int REAL_INT = 0xc0a80a05;

    private final Frame frame = new Frame();

    private byte[] parsed(FrameBuilder b) {
        byte[] bytes = b.build();
        assertThat(FrameParser.parse(MemorySegment.ofArray(bytes), bytes.length, frame)).isEqualTo(FrameError.NONE);
        return bytes;
    }

    private void assertChecksumsFromScratch(byte[] bytes) {
        if (Oracle.isV4(bytes)) {
            assertThat(Oracle.ipv4ChecksumField(bytes)).as("IPv4 header checksum")
                    .isEqualTo(Oracle.ipv4HeaderChecksum(bytes));
        }
        assertThat(Oracle.l4ChecksumField(bytes)).as("L4 checksum").isEqualTo(Oracle.l4Checksum(bytes));
    }

    @Test
    void setMacsWritesTheDestinationThenTheSource() {
        byte[] bytes = parsed(FrameBuilder.tcp4());
        Rewrites.setMacs(MemorySegment.ofArray(bytes), 0x0a_1b_2c_3d_4e_5fL, 0xfe_dc_ba_98_76_54L);
        assertThat(Arrays.copyOf(bytes, 12)).isEqualTo(FrameBuilder.bytes("0a1b2c3d4e5ffedcba987654"));
        FrameParser.parse(MemorySegment.ofArray(bytes), bytes.length, frame);
        assertThat(frame.destinationMac()).isEqualTo(0x0a_1b_2c_3d_4e_5fL);
        assertThat(frame.sourceMac()).isEqualTo(0xfe_dc_ba_98_76_54L);
        assertThat(frame.error()).isEqualTo(FrameError.NONE);
    }

    @Test
    void natDestinationV4RewritesATcpSegmentAsIfBuiltThatWay() {
        FrameBuilder b = FrameBuilder.tcp4().payload(33);
        byte[] bytes = parsed(b);

        Rewrites.natDestinationV4(frame, REAL_INT, 8080);

        assertThat(frame.ipv4Destination()).isEqualTo(REAL_INT);
        assertThat(frame.destinationPort()).isEqualTo(8080);
        assertChecksumsFromScratch(bytes);
        b.destination = REAL;
        b.destinationPort = 8080;
        assertThat(bytes).isEqualTo(b.build());
    }

    @Test
    void natSourceV4RewritesAUdpReplyAsIfBuiltThatWay() {
        FrameBuilder b = FrameBuilder.udp4().payload(17);
        b.source = REAL;
        b.sourcePort = 5353;
        byte[] bytes = parsed(b);

        Rewrites.natSourceV4(frame, 0x0a000064, 53);

        assertThat(frame.ipv4Source()).isEqualTo(0x0a000064);
        assertThat(frame.sourcePort()).isEqualTo(53);
        assertChecksumsFromScratch(bytes);
        b.source = new byte[] {10, 0, 0, 100};
        b.sourcePort = 53;
        assertThat(bytes).isEqualTo(b.build());
    }

    @Test
    void ipv6NatRewritesAddressAndPortAsIfBuiltThatWay() {
        for (FrameBuilder b : new FrameBuilder[] {FrameBuilder.tcp6().payload(9), FrameBuilder.udp6().payload(9)}) {
            byte[] bytes = parsed(b);
            Rewrites.natDestinationV6(frame, 0xfd00_0000_0000_0001L, 0x0000_0000_0000_0abcL, 8443);
            assertThat(frame.destinationHigh()).isEqualTo(0xfd00_0000_0000_0001L);
            assertThat(frame.destinationLow()).isEqualTo(0xabcL);
            assertThat(frame.destinationPort()).isEqualTo(8443);
            assertChecksumsFromScratch(bytes);
            b.destination = FrameBuilder.bytes("fd000000000000010000000000000abc");
            b.destinationPort = 8443;
            assertThat(bytes).isEqualTo(b.build());

            Rewrites.natSourceV6(frame, -1L, 0L, 0);
            assertThat(frame.sourceHigh()).isEqualTo(-1L);
            assertThat(frame.sourceLow()).isZero();
            assertThat(frame.sourcePort()).isZero();
            b.source = FrameBuilder.bytes("ffffffffffffffff0000000000000000");
            b.sourcePort = 0;
            assertThat(bytes).isEqualTo(b.build());
        }
    }

    @Test
    void aUdpChecksumOfZeroMeansNoneAndStaysZero() {
        for (FrameBuilder b : new FrameBuilder[] {FrameBuilder.udp4().payload(4), FrameBuilder.udp6().payload(4)}) {
            b.udpChecksum = false;
            byte[] bytes = parsed(b);
            assertThat(Oracle.l4ChecksumField(bytes)).isZero();
            if (b.version == 4) {
                Rewrites.natDestinationV4(frame, REAL_INT, 9999);
                assertThat(Oracle.ipv4ChecksumField(bytes)).isEqualTo(Oracle.ipv4HeaderChecksum(bytes));
            } else {
                Rewrites.natDestinationV6(frame, 1, 2, 9999);
            }
            assertThat(Oracle.l4ChecksumField(bytes)).isZero();
            assertThat(frame.destinationPort()).isEqualTo(9999);
        }
    }

    /** RFC 1624's corner: a rewrite after which the sum is -0 gives checksum 0x0000 (TCP) and must not give 0xFFFF. */
    @Test
    void aTcpChecksumThatComesOutZeroIsZero() {
        FrameBuilder target = FrameBuilder.tcp4().payload(11);
        target.destination = REAL;
        int port = portForZeroChecksum(target);
        FrameBuilder b = FrameBuilder.tcp4().payload(11);
        byte[] bytes = parsed(b);

        Rewrites.natDestinationV4(frame, REAL_INT, port);

        assertThat(Oracle.rawL4Checksum(bytes)).isZero();
        assertThat(Oracle.l4ChecksumField(bytes)).isZero();
        target.destinationPort = port;
        assertThat(bytes).isEqualTo(target.build());
    }

    /** The same corner for UDP, where a computed 0 goes on the wire as 0xFFFF (RFC 768). */
    @Test
    void aUdpChecksumThatComesOutZeroIsSentAsAllOnes() {
        for (FrameBuilder target : new FrameBuilder[] {FrameBuilder.udp4().payload(6), FrameBuilder.udp6()}) {
            int port = portForZeroChecksum(target);
            FrameBuilder b = target.version == 4 ? FrameBuilder.udp4().payload(6) : FrameBuilder.udp6();
            b.sourcePort = 7;
            b.source = target.version == 4 ? new byte[] {1, 2, 3, 4}
                    : FrameBuilder.bytes("fe80" + "0".repeat(27) + "9");
            byte[] bytes = parsed(b);

            if (target.version == 4) {
                Rewrites.natSourceV4(frame, 0x0a000001, target.sourcePort);
            } else {
                Rewrites.natSourceV6(frame, 0x20010db800000000L, 1L, target.sourcePort);
            }
            natDestination(target, port);

            assertThat(Oracle.rawL4Checksum(bytes)).isZero();
            assertThat(Oracle.l4ChecksumField(bytes)).isEqualTo(0xffff);
            target.destinationPort = port;
            assertThat(bytes).isEqualTo(target.build());

            // and back: an incoming 0xFFFF (-0) is updated like any other value
            natDestination(target, 53);
            target.destinationPort = 53;
            assertThat(bytes).isEqualTo(target.build());
        }
    }

    /** The corner in the IPv4 header: a new address after which the header checksum is 0x0000. */
    @Test
    void anIpv4HeaderChecksumThatComesOutZeroIsZero() {
        FrameBuilder target = FrameBuilder.udp4().payload(2);
        target.destination = new byte[] {(byte) 172, 16, 0, 0};
        byte[] probe = target.build();
        int sum = ~Oracle.ipv4HeaderChecksum(probe) & 0xffff;
        int low = 0xffff - sum;
        target.destination = new byte[] {(byte) 172, 16, (byte) (low >>> 8), (byte) low};
        byte[] bytes = parsed(FrameBuilder.udp4().payload(2));

        Rewrites.natDestinationV4(frame, 0xac100000 | low, 53);

        assertThat(Oracle.ipv4HeaderChecksum(bytes)).isZero();
        assertThat(Oracle.ipv4ChecksumField(bytes)).isZero();
        assertThat(bytes).isEqualTo(target.build());
        assertThat(FrameParser.parse(MemorySegment.ofArray(bytes), bytes.length, frame)).isEqualTo(FrameError.NONE);
    }

    /** Many random frames and rewrites (seeded): the result is always the frame built with the new values. */
    @Test
    void randomRewritesEqualFramesBuiltFromScratch() {
        Random random = new Random(0xf1c);
        for (int i = 0; i < 4000; i++) {
            FrameBuilder b = randomFrame(random);
            byte[] bytes = parsed(b);
            String what = "iteration " + i;
            for (int step = 0; step < 3; step++) {
                boolean destination = random.nextBoolean();
                int port = random.nextInt(8) == 0 ? (random.nextBoolean() ? 0 : 0xffff) : random.nextInt(0x10000);
                byte[] address = randomAddress(random, b.version);
                ByteBuffer a = ByteBuffer.wrap(address);
                if (b.version == 4) {
                    if (destination) {
                        Rewrites.natDestinationV4(frame, a.getInt(), port);
                    } else {
                        Rewrites.natSourceV4(frame, a.getInt(), port);
                    }
                } else if (destination) {
                    Rewrites.natDestinationV6(frame, a.getLong(), a.getLong(8), port);
                } else {
                    Rewrites.natSourceV6(frame, a.getLong(), a.getLong(8), port);
                }
                if (destination) {
                    b.destination = address;
                    b.destinationPort = port;
                } else {
                    b.source = address;
                    b.sourcePort = port;
                }
                if (random.nextInt(4) == 0 && Rewrites.decrementTtl(frame)) {
                    b.ttl--;
                }
                assertThat(bytes).as(what).isEqualTo(b.build());
                if (b.protocol == 6 || b.udpChecksum) {
                    assertChecksumsFromScratch(bytes);
                } else {
                    assertThat(Oracle.l4ChecksumField(bytes)).as(what).isZero();
                }
                Frame again = new Frame();
                assertThat(FrameParser.parse(MemorySegment.ofArray(bytes), bytes.length, again)).as(what)
                        .isEqualTo(FrameError.NONE);
                assertThat(again.sourceHigh()).isEqualTo(frame.sourceHigh());
                assertThat(again.sourceLow()).isEqualTo(frame.sourceLow());
                assertThat(again.destinationHigh()).isEqualTo(frame.destinationHigh());
                assertThat(again.destinationLow()).isEqualTo(frame.destinationLow());
                assertThat(again.sourcePort()).isEqualTo(frame.sourcePort());
                assertThat(again.destinationPort()).isEqualTo(frame.destinationPort());
                assertThat(again.ttl()).isEqualTo(frame.ttl()).isEqualTo(b.ttl);
            }
        }
    }

    @Test
    void decrementTtlUpdatesTheHeaderChecksumAndStopsAtOne() {
        FrameBuilder b = FrameBuilder.tcp4();
        b.ttl = 2;
        byte[] bytes = parsed(b);
        assertThat(Rewrites.decrementTtl(frame)).isTrue();
        assertThat(frame.ttl()).isEqualTo(1);
        b.ttl = 1;
        assertThat(bytes).isEqualTo(b.build());
        byte[] before = bytes.clone();
        assertThat(Rewrites.decrementTtl(frame)).as("would reach 0").isFalse();
        assertThat(bytes).isEqualTo(before);
        assertThat(frame.ttl()).isEqualTo(1);

        b.ttl = 0;
        parsed(b);
        assertThat(Rewrites.decrementTtl(frame)).isFalse();
    }

    @Test
    void decrementTtlLowersTheIpv6HopLimitAndWorksOnFramesParsedToTheIpLayer() {
        FrameBuilder b = FrameBuilder.udp6();
        b.ttl = 255;
        byte[] bytes = parsed(b);
        assertThat(Rewrites.decrementTtl(frame)).isTrue();
        b.ttl = 254;
        assertThat(bytes).isEqualTo(b.build());

        FrameBuilder icmp = FrameBuilder.tcp4().protocol(1).payload(8);
        icmp.ttl = 9;
        byte[] ping = icmp.build();
        assertThat(FrameParser.parse(MemorySegment.ofArray(ping), ping.length, frame))
                .isEqualTo(FrameError.UNSUPPORTED_PROTOCOL);
        assertThat(Rewrites.decrementTtl(frame)).isTrue();
        icmp.ttl = 8;
        assertThat(ping).isEqualTo(icmp.build());
    }

    @Test
    void rewritesRefuseFramesTheyDoNotFit() {
        parsed(FrameBuilder.tcp6());
        assertThatThrownBy(() -> Rewrites.natDestinationV4(frame, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPv4");
        parsed(FrameBuilder.tcp4());
        assertThatThrownBy(() -> Rewrites.natSourceV6(frame, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rewrites.natSourceV4(frame, 1, 65536))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536");
        assertThatThrownBy(() -> Rewrites.natSourceV4(frame, 1, -1)).isInstanceOf(IllegalArgumentException.class);
        byte[] icmp = FrameBuilder.tcp4().protocol(1).payload(8).build();
        FrameParser.parse(MemorySegment.ofArray(icmp), icmp.length, frame);
        assertThatThrownBy(() -> Rewrites.natDestinationV4(frame, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UNSUPPORTED_PROTOCOL");
        FrameParser.parse(MemorySegment.ofArray(new byte[20]), 20, frame);
        assertThatThrownBy(() -> Rewrites.decrementTtl(frame)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rewrites.decrementTtl(new Frame())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rewrites.natDestinationV6(new Frame(), 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rewritesWorkInNativeMemory() {
        FrameBuilder b = FrameBuilder.tcp4().payload(40);
        byte[] bytes = b.build();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(2048);
            MemorySegment.copy(MemorySegment.ofArray(bytes), 0, s, 0, bytes.length);
            assertThat(FrameParser.parse(s, bytes.length, frame)).isEqualTo(FrameError.NONE);
            Rewrites.natDestinationV4(frame, REAL_INT, 8080);
            Rewrites.setMacs(s, 0x02_00_00_00_00_99L, 0x02_00_00_00_00_98L);
            b.destination = REAL;
            b.destinationPort = 8080;
            b.dstMac = 0x02_00_00_00_00_99L;
            b.srcMac = 0x02_00_00_00_00_98L;
            assertThat(s.asSlice(0, bytes.length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))
                    .isEqualTo(b.build());
        }
    }

    /** Rewrites the destination of the parsed frame to {@code target}'s address and {@code port}. */
    private void natDestination(FrameBuilder target, int port) {
        ByteBuffer a = ByteBuffer.wrap(target.destination);
        if (target.version == 4) {
            Rewrites.natDestinationV4(frame, a.getInt(), port);
        } else {
            Rewrites.natDestinationV6(frame, a.getLong(), a.getLong(8), port);
        }
    }

    /** The destination port that makes the checksum of {@code target}, computed from scratch, 0. */
    private static int portForZeroChecksum(FrameBuilder target) {
        target.destinationPort = 0;
        int sumWithoutPort = ~Oracle.rawL4Checksum(target.build()) & 0xffff;
        return 0xffff - sumWithoutPort;
    }

    static FrameBuilder randomFrame(Random random) {
        boolean v6 = random.nextBoolean();
        boolean tcp = random.nextBoolean();
        FrameBuilder b = tcp ? FrameBuilder.tcp4() : FrameBuilder.udp4();
        if (v6) {
            b.v6();
        }
        b.source = randomAddress(random, b.version);
        b.destination = randomAddress(random, b.version);
        b.sourcePort = random.nextInt(0x10000);
        b.destinationPort = random.nextInt(0x10000);
        b.payload = new byte[random.nextInt(80)];
        random.nextBytes(b.payload);
        if (tcp) {
            b.tcpFlags = random.nextInt(256);
            b.tcpOptions = new byte[4 * random.nextInt(11)];
            random.nextBytes(b.tcpOptions);
        } else {
            b.udpChecksum = random.nextInt(4) != 0;
        }
        b.ttl = random.nextInt(256);
        b.tos = random.nextInt(256);
        b.id = random.nextInt(0x10000);
        b.fragment = random.nextBoolean() ? 0x4000 : 0;
        b.padding = random.nextInt(3) == 0 ? random.nextInt(20) : 0;
        return b;
    }

    static byte[] randomAddress(Random random, int version) {
        byte[] a = new byte[version == 4 ? 4 : 16];
        switch (random.nextInt(6)) {
            case 0 -> Arrays.fill(a, (byte) 0);
            case 1 -> Arrays.fill(a, (byte) 0xff);
            default -> random.nextBytes(a);
        }
        return a;
    }
}
