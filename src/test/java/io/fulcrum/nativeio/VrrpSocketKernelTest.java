package io.fulcrum.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * VRRP adverts between two network namespaces joined by a veth pair (see {@link NetnsPair}): sent by a
 * {@link VrrpSocket} in A, received by one in B. Needs root; skipped otherwise.
 */
class VrrpSocketKernelTest {

    private static final IpAddress GROUP_V4 = IpAddress.parse("224.0.0.18");
    private static final IpAddress GROUP_V6 = IpAddress.parse("ff02::12");
    private static final IpAddress A = IpAddress.parse(NetnsPair.A_ADDRESS);
    private static final IpAddress B = IpAddress.parse(NetnsPair.B_ADDRESS);
    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final Duration SHORT = Duration.ofMillis(300);

    private static NetnsPair pair;

    @BeforeAll
    static void createNamespaces() throws Exception {
        NetnsPair.assumeRootAndIp();
        pair = NetnsPair.create("v");
    }

    @AfterAll
    static void removeNamespaces() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    private static VrrpSocket v4In(NamespaceThread ns, IpAddress source) throws Exception {
        return ns.call(() -> VrrpSocket.openV4(NetnsPair.IF, source, 255));
    }

    @Test
    void aVrrpV2AdvertToTheGroupArrivesWithTtl255() throws Exception {
        byte[] advert = Adverts.v2(51, 100, 1, A, IpAddress.parse("192.0.2.100"));
        try (VrrpSocket sender = v4In(pair.inA, A); VrrpSocket receiver = v4In(pair.inB, B)) {
            receiver.join(GROUP_V4);
            sender.send(advert, GROUP_V4);
            VrrpSocket.Received r = receiver.receive(WAIT).orElseThrow();
            assertThat(r.source()).isEqualTo(A);
            assertThat(r.destination()).isEqualTo(GROUP_V4);
            assertThat(r.ttlOrHopLimit()).isEqualTo(255);
            assertThat(r.ipHeaderLength()).isEqualTo(20);
            assertThat(r.ipTotalLength()).isEqualTo(20 + advert.length);
            assertThat(r.payload()[9]).as("IP protocol").isEqualTo((byte) 112);
            assertThat(r.vrrpMessage()).isEqualTo(advert);
        }
    }

    @Test
    void aVrrpV3AdvertIsSentToTheGroupAndByUnicast() throws Exception {
        try (VrrpSocket sender = v4In(pair.inA, A); VrrpSocket receiver = v4In(pair.inB, B)) {
            receiver.join(GROUP_V4);
            byte[] multicast = Adverts.v3(52, 150, 100, A, GROUP_V4, IpAddress.parse("192.0.2.101"));
            sender.send(multicast, GROUP_V4);
            VrrpSocket.Received m = receiver.receive(WAIT).orElseThrow();
            assertThat(m.destination()).isEqualTo(GROUP_V4);
            assertThat(m.ttlOrHopLimit()).isEqualTo(255);
            assertThat(m.vrrpMessage()).isEqualTo(multicast);
            assertThat(Adverts.checksum(Adverts.pseudoHeader(A, GROUP_V4, multicast.length), multicast)).isZero();

            byte[] unicast = Adverts.v3(52, 150, 100, A, B, IpAddress.parse("192.0.2.101"));
            sender.send(unicast, B);
            VrrpSocket.Received u = receiver.receive(WAIT).orElseThrow();
            assertThat(u.source()).isEqualTo(A);
            assertThat(u.destination()).isEqualTo(B);
            assertThat(u.ttlOrHopLimit()).as("IP_TTL is set for unicast too").isEqualTo(255);
            assertThat(u.vrrpMessage()).isEqualTo(unicast);
        }
    }

    @Test
    void theConfiguredTtlIsWhatLeavesTheHost() throws Exception {
        try (VrrpSocket sender = pair.inA.call(() -> VrrpSocket.openV4(NetnsPair.IF, A, 7));
                VrrpSocket receiver = v4In(pair.inB, B)) {
            receiver.join(GROUP_V4);
            sender.send(Adverts.v2(53, 100, 1, A, A), GROUP_V4);
            assertThat(receiver.receive(WAIT).orElseThrow().ttlOrHopLimit()).isEqualTo(7);
        }
    }

    @Test
    void onlyJoinedGroupsAreReceivedAndOwnAdvertsDoNotLoopBack() throws Exception {
        try (VrrpSocket sender = v4In(pair.inA, A); VrrpSocket receiver = v4In(pair.inB, B)) {
            sender.join(GROUP_V4);
            sender.send(Adverts.v2(54, 100, 1, A, A), GROUP_V4);
            assertThat(receiver.receive(SHORT)).as("not joined").isEmpty();
            assertThat(sender.receive(SHORT)).as("multicast loop is off").isEmpty();
            receiver.join(GROUP_V4);
            sender.send(Adverts.v2(54, 100, 1, A, A), GROUP_V4);
            assertThat(receiver.receive(WAIT)).isPresent();
            receiver.leave(GROUP_V4);
            sender.send(Adverts.v2(54, 100, 1, A, A), GROUP_V4);
            assertThat(receiver.receive(SHORT)).as("left").isEmpty();
        }
    }

    @Test
    void ipv6AdvertsUseTheLinkLocalSourceHopLimit255AndAKernelChecksum() throws Exception {
        IpAddress sourceA = IpAddress.parse(NetnsPair.linkLocal(pair.a));
        IpAddress sourceB = IpAddress.parse(NetnsPair.linkLocal(pair.b));
        try (VrrpSocket sender = pair.inA.call(() -> VrrpSocket.openV6(NetnsPair.IF, sourceA, 255));
                VrrpSocket receiver = pair.inB.call(() -> VrrpSocket.openV6(NetnsPair.IF, sourceB, 255))) {
            receiver.join(GROUP_V6);
            byte[] advert = Adverts.v3(60, 200, 100, null, null, IpAddress.parse("2001:db8::100"));
            sender.send(advert, GROUP_V6);
            VrrpSocket.Received r = receiver.receive(WAIT).orElseThrow();
            assertThat(r.source()).isEqualTo(sourceA);
            assertThat(r.destination()).isEqualTo(GROUP_V6);
            assertThat(r.ttlOrHopLimit()).isEqualTo(255);
            assertThat(r.ipHeaderLength()).isZero();
            byte[] got = r.vrrpMessage();
            assertThat(got).hasSize(advert.length);
            assertThat(Adverts.checksum(Adverts.pseudoHeader(sourceA, GROUP_V6, got.length), got))
                    .as("checksum filled in by the kernel").isZero();
            got[6] = 0;
            got[7] = 0;
            assertThat(got).isEqualTo(advert);

            sender.send(advert, sourceB);
            VrrpSocket.Received u = receiver.receive(WAIT).orElseThrow();
            assertThat(u.destination()).isEqualTo(sourceB);
            assertThat(u.ttlOrHopLimit()).isEqualTo(255);
        }
    }

    @Test
    void anInterruptedReceiveStopsPromptly() throws Exception {
        try (VrrpSocket receiver = v4In(pair.inB, B)) {
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    receiver.receive(Duration.ofSeconds(30));
                    thrown.complete(null);
                } catch (Throwable t) {
                    thrown.complete(t);
                }
            });
            Thread.sleep(100);
            waiter.interrupt();
            assertThat(thrown.get(2, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        }
    }

    @Test
    void failuresNameTheCallAndErrno() throws Exception {
        assertThatThrownBy(() -> pair.inA.call(() -> VrrpSocket.openV4("nosuchif9", A, 255)))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.operation()).isEqualTo("if_nametoindex(nosuchif9)");
                    assertThat(e.errno()).isEqualTo(Libc.ENODEV);
                });
        assertThatThrownBy(() -> pair.inA.call(() -> VrrpSocket.openV4(NetnsPair.IF, B, 255)))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.operation()).isEqualTo("bind");
                    assertThat(e.errno()).isEqualTo(Libc.EADDRNOTAVAIL);
                });
        assertThatThrownBy(() -> VrrpSocket.openV4(NetnsPair.IF, GROUP_V6, 255))
                .isInstanceOf(IllegalArgumentException.class);
        VrrpSocket s = v4In(pair.inA, A);
        assertThatThrownBy(() -> s.join(A)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.send(new byte[8], GROUP_V6)).isInstanceOf(IllegalArgumentException.class);
        s.close();
        s.close();
        assertThatThrownBy(() -> s.send(new byte[8], B)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rootCanOpenVrrpSocketsOfBothFamilies() {
        VrrpAvailability v4 = VrrpAvailability.probe(false);
        VrrpAvailability v6 = VrrpAvailability.probe(true);
        assertThat(v4.usable()).as(v4.reason()).isTrue();
        assertThat(v6.usable()).as(v6.reason()).isTrue();
        assertThat(VrrpAvailability.hint(Libc.EPERM, false)).contains("CAP_NET_RAW");
    }

    /** Hand-built VRRP adverts (RFC 3768 / RFC 5798) for the tests; the real codec lives in the vrrp package. */
    static final class Adverts {

        private Adverts() {
        }

        static byte[] v2(int vrid, int priority, int intervalSeconds, IpAddress ignored, IpAddress vip) {
            byte[] m = new byte[16 + 4];
            m[0] = 0x21;
            m[1] = (byte) vrid;
            m[2] = (byte) priority;
            m[3] = 1;
            m[4] = 0;
            m[5] = (byte) intervalSeconds;
            System.arraycopy(vip.bytes(), 0, m, 8, 4);
            int sum = checksum(new byte[0], m);
            m[6] = (byte) (sum >> 8);
            m[7] = (byte) sum;
            return m;
        }

        /** A v3 advert; with {@code src} and {@code dst} (IPv4) its checksum covers the pseudo-header, else 0. */
        static byte[] v3(int vrid, int priority, int centiseconds, IpAddress src, IpAddress dst, IpAddress vip) {
            byte[] address = vip.bytes();
            byte[] m = new byte[8 + address.length];
            m[0] = 0x31;
            m[1] = (byte) vrid;
            m[2] = (byte) priority;
            m[3] = 1;
            m[4] = (byte) (centiseconds >> 8);
            m[5] = (byte) centiseconds;
            System.arraycopy(address, 0, m, 8, address.length);
            if (src != null) {
                int sum = checksum(pseudoHeader(src, dst, m.length), m);
                m[6] = (byte) (sum >> 8);
                m[7] = (byte) sum;
            }
            return m;
        }

        static byte[] pseudoHeader(IpAddress src, IpAddress dst, int length) {
            byte[] s = src.bytes();
            byte[] d = dst.bytes();
            if (src.isV4()) {
                byte[] p = new byte[12];
                System.arraycopy(s, 0, p, 0, 4);
                System.arraycopy(d, 0, p, 4, 4);
                p[9] = 112;
                p[10] = (byte) (length >> 8);
                p[11] = (byte) length;
                return p;
            }
            byte[] p = new byte[40];
            System.arraycopy(s, 0, p, 0, 16);
            System.arraycopy(d, 0, p, 16, 16);
            p[34] = (byte) (length >> 8);
            p[35] = (byte) length;
            p[39] = 112;
            return p;
        }

        /** The internet checksum (RFC 1071) of the pseudo-header followed by the message: 0 when it verifies. */
        static int checksum(byte[] pseudo, byte[] message) {
            long sum = 0;
            byte[] all = new byte[pseudo.length + message.length + 1];
            System.arraycopy(pseudo, 0, all, 0, pseudo.length);
            System.arraycopy(message, 0, all, pseudo.length, message.length);
            for (int i = 0; i + 1 < all.length; i += 2) {
                sum += ((all[i] & 0xff) << 8) | (all[i + 1] & 0xff);
            }
            while ((sum >> 16) != 0) {
                sum = (sum & 0xffff) + (sum >> 16);
            }
            return (int) (~sum & 0xffff);
        }
    }
}
