package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.VrrpFixtures.GROUP4;
import static io.fulcrum.vrrp.VrrpFixtures.GROUP6;
import static io.fulcrum.vrrp.VrrpFixtures.LOCAL;
import static io.fulcrum.vrrp.VrrpFixtures.PEER;
import static io.fulcrum.vrrp.VrrpFixtures.V2_PASS;
import static io.fulcrum.vrrp.VrrpFixtures.V3_IPV6;
import static io.fulcrum.vrrp.VrrpFixtures.V3_MULTICAST;
import static io.fulcrum.vrrp.VrrpFixtures.V3_UNICAST;
import static io.fulcrum.vrrp.VrrpFixtures.hex;
import static io.fulcrum.vrrp.VrrpFixtures.inbound;
import static io.fulcrum.vrrp.VrrpFixtures.settings;
import static io.fulcrum.vrrp.VrrpFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every receive rule, with keepalived 2.2.7's log line for it. */
class AdvertCheckTest {

    /** VRRPv2 advert matching {@link VrrpFixtures#V2_PASS}: VRID 51, prio 100, 1 s, PASS "secret". */
    private static final byte[] V2_GOOD = hex("21 33 64 01 01 01 7b cb c0 a8 01 0a 73 65 63 72 65 74 00 00");
    private static final IpAddress VIP = IpAddress.parse("10.0.0.100");
    private static final IpAddress VIP2 = IpAddress.parse("10.0.0.101");
    private static final IpAddress STRANGER = IpAddress.parse("10.0.0.9");
    private static final IpAddress PEER3 = IpAddress.parse("10.0.0.3");
    private static final IpAddress PEER6 = IpAddress.parse("fe80::2");

    static byte[] v3(IpAddress src, IpAddress dst, ChecksumMode mode, IpAddress... vips) {
        return VrrpCodec.encode(new VrrpAdvert(3, 51, 100, 0, Duration.ofSeconds(1), List.of(vips), new byte[0]),
                src, dst, mode);
    }

    static byte[] v3Multicast(IpAddress... vips) {
        return v3(PEER, GROUP4, ChecksumMode.PSEUDO_HEADER, vips);
    }

    /** {@code m} with byte {@code at} set to {@code value} and the checksum recomputed as {@code mode} says. */
    static byte[] patched(byte[] m, int at, int value, IpAddress src, IpAddress dst, ChecksumMode mode) {
        byte[] c = m.clone();
        c[at] = (byte) value;
        c[6] = 0;
        c[7] = 0;
        long initial = ((c[0] & 0xf0) == 0x20 || mode instanceof ChecksumMode.AsV2) ? 0
                : Checksums.pseudoHeader(src, dst, 112, c.length);
        int sum = Checksums.internet(c, 0, c.length, initial);
        c[6] = (byte) (sum >>> 8);
        c[7] = (byte) sum;
        return c;
    }

    static byte[] v2Patched(int at, int value) {
        return patched(V2_GOOD, at, value, PEER, GROUP4, ChecksumMode.AS_V2);
    }

    static InboundPacket withTotal(InboundPacket p, int total) {
        return new InboundPacket(p.interfaceName(), p.source(), p.destination(), p.ttl(), p.ipHeaderLength(), total,
                p.ah(), p.vrrp());
    }

    static InboundPacket withAh(InboundPacket p) {
        return new InboundPacket(p.interfaceName(), p.source(), p.destination(), p.ttl(), p.ipHeaderLength() + 24,
                p.ipTotalLength() + 24, true, p.vrrp());
    }

    static InboundPacket six(IpAddress src, IpAddress dst, int hopLimit, byte[] vrrp) {
        return new InboundPacket("eth0", src, dst, hopLimit, 0, vrrp.length, false, vrrp);
    }

    static final String AH = with(V2_PASS, "auth_type PASS", "auth_type AH");
    static final String OWNER = with(with(V3_MULTICAST, "priority 100", "priority 255\n    owner_ignore_adverts"),
            "virtual_router_id 51", "virtual_router_id 51\n    state MASTER");

    static Stream<Arguments> drops() {
        byte[] cut = Arrays.copyOf(V2_GOOD, 16);
        byte[] longer = Arrays.copyOf(V2_GOOD, 24);
        byte[] v3To2 = v3(PEER, GROUP4, ChecksumMode.PSEUDO_HEADER, IpAddress.parse("192.168.1.10"));
        byte[] badSum3 = v3Multicast(VIP, VIP2);
        badSum3[7] ^= 1;
        byte[] uni = v3(PEER, LOCAL, ChecksumMode.PSEUDO_HEADER, VIP);
        return Stream.of(
                drop("IPv6 packet on an IPv4 instance", V2_PASS, six(PEER6, GROUP6, 255, V2_GOOD),
                        Verdict.Reason.FAMILY, "(VI_1) received an IPv6 packet on an IPv4 instance"),
                drop("AH header without auth_type AH", V2_PASS, withAh(inbound(PEER, GROUP4, 255, V2_GOOD)),
                        Verdict.Reason.AH_MISMATCH, "(VI_1) Received AH header but auth type not AH"),
                drop("no AH header with auth_type AH", AH, inbound(PEER, GROUP4, 255, v2Patched(4, 2)),
                        Verdict.Reason.AH_MISMATCH, "(VI_1) No AH header but auth type is AH"),
                drop("shorter than the VRRP header", V2_PASS, inbound(PEER, GROUP4, 255, Arrays.copyOf(V2_GOOD, 6)),
                        Verdict.Reason.TOO_SHORT, "IPv4 VRRP packet too short - 26 bytes"),
                drop("truncated", V2_PASS, inbound(PEER, GROUP4, 255, cut),
                        Verdict.Reason.TOO_SHORT, "(VI_1) vrrp packet too short, length 36 and expect 40"),
                drop("oversized", V2_PASS, inbound(PEER, GROUP4, 255, longer),
                        Verdict.Reason.TOO_LONG, "(VI_1) vrrp packet too long, length 44 and expect 40"),
                drop("another VRID", V2_PASS, inbound(PEER, GROUP4, 255, v2Patched(1, 52)),
                        Verdict.Reason.VRID_MISMATCH, "(VI_1) received VRID mismatch. Received 52, Expected 51"),
                drop("multicast TTL 254", V2_PASS, inbound(PEER, GROUP4, 254, V2_GOOD),
                        Verdict.Reason.TTL, "(VI_1) invalid TTL/HL. Received 254 and expect 255"),
                drop("IPv6 hop limit 64", V3_IPV6, six(PEER6, GROUP6, 64,
                                v3(PEER6, GROUP6, ChecksumMode.KERNEL, IpAddress.parse("2001:db8::100"))),
                        Verdict.Reason.TTL, "(VI_6) invalid TTL/HL. Received 64 and expect 255"),
                drop("version 3 on a version 2 instance", V2_PASS, inbound(PEER, GROUP4, 255, v3To2),
                        Verdict.Reason.WRONG_VERSION, "(VI_1) wrong version. Received 3 and expect 2"),
                drop("auth type 5", V2_PASS, inbound(PEER, GROUP4, 255, v2Patched(4, 5)),
                        Verdict.Reason.AUTH_TYPE_INVALID, "(VI_1) Invalid auth type: 5"),
                drop("auth type 0 for PASS", V2_PASS, inbound(PEER, GROUP4, 255, v2Patched(4, 0)),
                        Verdict.Reason.AUTH_TYPE_MISMATCH, "(VI_1) received a 0 auth, expecting 1!"),
                drop("wrong password", V2_PASS, inbound(PEER, GROUP4, 255, v2Patched(17, 'X')),
                        Verdict.Reason.WRONG_PASSWORD, "(VI_1) received an invalid passwd!"),
                drop("auth_type AH", AH, withAh(inbound(PEER, GROUP4, 255, v2Patched(4, 2))),
                        Verdict.Reason.AH_NOT_SUPPORTED, "(VI_1) IPSEC-AH authentication is not supported by Fulcrum"
                                + " - cannot verify advert from 10.0.0.2, dropping it"),
                drop("interval 2 s", V2_PASS, inbound(PEER, GROUP4, 255, v2Patched(5, 2)),
                        Verdict.Reason.INTERVAL_MISMATCH, "(VI_1) advertisement interval mismatch mine=1 sec rcv'd=2 sec"),
                drop("type 2", V2_PASS, inbound(PEER, GROUP4, 255, v2Patched(0, 0x22)),
                        Verdict.Reason.WRONG_TYPE, "(VI_1) Invalid packet type. 2 and expect 1"),
                drop("IP total length 50", V2_PASS, withTotal(inbound(PEER, GROUP4, 255, V2_GOOD), 50),
                        Verdict.Reason.IP_LENGTH_MISMATCH,
                        "(VI_1) ip_tot_len mismatch against received length. 50 and received 40"),
                drop("v2 checksum", V2_PASS, inbound(PEER, GROUP4, 255, flip(V2_GOOD, 7)),
                        Verdict.Reason.CHECKSUM, "(VI_1) Invalid VRRPv2 checksum"),
                drop("v3 checksum", V3_MULTICAST, inbound(PEER, GROUP4, 255, badSum3),
                        Verdict.Reason.CHECKSUM, "(VI_1) Invalid VRRPv3 checksum"),
                drop("v3 checksum with the group instead of the peer, old_unicast_checksum never",
                        with(V3_UNICAST, "check_unicast_src", "check_unicast_src\n    old_unicast_checksum never"),
                        inbound(PEER, LOCAL, 255, v3(PEER, LOCAL, ChecksumMode.oldUnicast(GROUP4), VIP)),
                        Verdict.Reason.CHECKSUM, "(VI_1) Invalid VRRPv3 checksum"),
                drop("multicast packet on a unicast instance", V3_UNICAST,
                        inbound(PEER, GROUP4, 255, v3(PEER, GROUP4, ChecksumMode.PSEUDO_HEADER, VIP)),
                        Verdict.Reason.WRONG_DESTINATION, "(VI_1) Expected unicast packet but received multicast packet"),
                drop("unicast packet on a multicast instance", V3_MULTICAST,
                        inbound(PEER, LOCAL, 255, v3(PEER, LOCAL, ChecksumMode.PSEUDO_HEADER, VIP, VIP2)),
                        Verdict.Reason.WRONG_DESTINATION, "(VI_1) Expected multicast packet but received unicast packet"),
                drop("address owner with owner_ignore_adverts", OWNER, inbound(PEER, GROUP4, 255, v3Multicast(VIP, VIP2)),
                        Verdict.Reason.OWNER_IGNORES_ADVERTS,
                        "(VI_1) address owner ignoring advert from 10.0.0.2 (owner_ignore_adverts)"),
                drop("unicast from a non-peer", V3_UNICAST,
                        inbound(STRANGER, LOCAL, 255, v3(STRANGER, LOCAL, ChecksumMode.PSEUDO_HEADER, VIP)),
                        Verdict.Reason.NOT_A_PEER, "(VI_1) unicast source address 10.0.0.9 not a unicast peer"),
                drop("peer TTL below its min_ttl", V3_UNICAST, inbound(PEER3, LOCAL, 200, v3(PEER3, LOCAL,
                                ChecksumMode.PSEUDO_HEADER, VIP)),
                        Verdict.Reason.PEER_TTL, "(VI_1) TTL/HL 200 not in range 250 - 255"),
                drop("unicast source check comes last", V3_UNICAST,
                        inbound(STRANGER, LOCAL, 255, uni), Verdict.Reason.CHECKSUM, "(VI_1) Invalid VRRPv3 checksum"));
    }

    private static Arguments drop(String name, String config, InboundPacket p, Verdict.Reason reason, String line) {
        return Arguments.of(name, config, p, reason, line);
    }

    private static byte[] flip(byte[] m, int at) {
        byte[] c = m.clone();
        c[at] ^= 1;
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drops")
    void dropsWithKeepalivedsLine(String name, String config, InboundPacket p, Verdict.Reason reason, String line) {
        Verdict v = new AdvertCheck(settings(config)).check(p);
        assertThat(v).isEqualTo(new Verdict.Dropped(line, reason));
    }

    @Test
    void acceptsAGoodVersion2Advert() {
        Verdict v = new AdvertCheck(settings(V2_PASS)).check(inbound(PEER, GROUP4, 255, V2_GOOD));

        assertThat(v).isEqualTo(new Verdict.Accepted(new VrrpAdvert(2, 51, 100, 1, Duration.ofSeconds(1),
                List.of(IpAddress.parse("192.168.1.10")), VrrpCodec.passwordData("secret")), List.of()));
    }

    @Test
    void ethernetPaddingCoveredByTheTotalLengthIsTolerated() {
        InboundPacket padded = withTotal(inbound(PEER, GROUP4, 255, Arrays.copyOf(V2_GOOD, 26)), 40);
        assertThat(new AdvertCheck(settings(V2_PASS)).check(padded)).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void unicastPeersAreNotHeldToTtl255() {
        AdvertCheck check = new AdvertCheck(settings(V3_UNICAST));
        byte[] m = v3(PEER, LOCAL, ChecksumMode.PSEUDO_HEADER, VIP);

        assertThat(check.check(inbound(PEER, LOCAL, 64, m))).isInstanceOf(Verdict.Accepted.class);
        assertThat(check.check(inbound(PEER3, LOCAL, 250, v3(PEER3, LOCAL, ChecksumMode.PSEUDO_HEADER, VIP))))
                .isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void ipv6ChecksumIsLeftToTheKernel() {
        byte[] m = v3(PEER6, GROUP6, ChecksumMode.KERNEL, IpAddress.parse("2001:db8::100"));
        AdvertCheck check = new AdvertCheck(settings(V3_IPV6));

        assertThat(check.check(six(PEER6, GROUP6, 255, m))).isInstanceOf(Verdict.Accepted.class);
        assertThat(check.checksumMode()).isEqualTo(ChecksumMode.KERNEL);
    }

    @Test
    void vipMismatchIsOnlyLogged() {
        AdvertCheck check = new AdvertCheck(settings(V3_MULTICAST));

        Verdict other = check.check(inbound(PEER, GROUP4, 255, v3Multicast(VIP, IpAddress.parse("10.0.0.102"))));
        Verdict fewer = check.check(inbound(PEER, GROUP4, 255, v3Multicast(VIP)));

        assertThat(other).isInstanceOfSatisfying(Verdict.Accepted.class, a -> assertThat(a.logLines())
                .containsExactly("(VI_1) ip address associated with VRID 51 not present in MASTER advert: 10.0.0.101"));
        assertThat(fewer).isInstanceOfSatisfying(Verdict.Accepted.class, a -> assertThat(a.logLines())
                .containsExactly("(VI_1) expected 2 VIPs but received 1",
                        "(VI_1) ip address associated with VRID 51 not present in MASTER advert: 10.0.0.101"));
    }

    @Test
    void skipCheckAdvAddrChecksOnlyANewMaster() {
        AdvertCheck check = new AdvertCheck(settings(with(V3_MULTICAST, "version 3", "version 3\n    skip_check_adv_addr")));
        byte[] m = v3Multicast(VIP);
        IpAddress other = IpAddress.parse("10.0.0.7");

        assertThat(lines(check.check(inbound(PEER, GROUP4, 255, m)))).hasSize(2);
        assertThat(lines(check.check(inbound(PEER, GROUP4, 255, m)))).as("same master again").isEmpty();
        assertThat(lines(check.check(inbound(other, GROUP4, 255, v3(other, GROUP4, ChecksumMode.PSEUDO_HEADER, VIP)))))
                .as("another master").hasSize(2);

        AdvertCheck always = new AdvertCheck(settings(V3_MULTICAST));
        always.check(inbound(PEER, GROUP4, 255, m));
        assertThat(lines(always.check(inbound(PEER, GROUP4, 255, m)))).as("without the option").hasSize(2);
    }

    @Test
    void detectsThePre137UnicastChecksumAndSwitchesToIt() {
        AdvertCheck check = new AdvertCheck(settings(V3_UNICAST));
        byte[] old = v3(PEER, LOCAL, ChecksumMode.oldUnicast(GROUP4), VIP);
        assertThat(check.checksumMode()).isEqualTo(ChecksumMode.PSEUDO_HEADER);

        assertThat(lines(check.check(inbound(PEER, LOCAL, 255, old))))
                .containsExactly("(VI_1) Setting unicast VRRPv3 checksum to old version");
        assertThat(check.oldUnicastChecksumDetected()).isTrue();
        assertThat(check.checksumMode()).isEqualTo(ChecksumMode.oldUnicast(GROUP4));
        assertThat(lines(check.check(inbound(PEER, LOCAL, 255, old)))).isEmpty();
    }

    @Test
    void configuredChecksumVariantsAreWhatIsChecked() {
        AdvertCheck always = new AdvertCheck(settings(with(V3_UNICAST, "check_unicast_src",
                "check_unicast_src\n    old_unicast_checksum")));
        assertThat(always.checksumMode()).isEqualTo(ChecksumMode.oldUnicast(GROUP4));
        assertThat(always.check(inbound(PEER, LOCAL, 255, v3(PEER, LOCAL, ChecksumMode.oldUnicast(GROUP4), VIP))))
                .isInstanceOf(Verdict.Accepted.class);

        AdvertCheck asV2 = new AdvertCheck(settings(with(V3_MULTICAST, "version 3",
                "version 3\n    v3_checksum_as_v2")));
        assertThat(asV2.checksumMode()).isEqualTo(ChecksumMode.AS_V2);
        assertThat(asV2.check(inbound(PEER, GROUP4, 255, v3(PEER, GROUP4, ChecksumMode.AS_V2, VIP, VIP2))))
                .isInstanceOf(Verdict.Accepted.class);
        assertThat(asV2.check(inbound(PEER, GROUP4, 255, v3Multicast(VIP, VIP2))))
                .isInstanceOf(Verdict.Dropped.class);
    }

    @Test
    void checksAreAppliedToWhatParsingADatagramGives() throws Exception {
        UnaryOperator<byte[]> datagram = m -> VrrpFixtures.ipv4(PEER, GROUP4, 255, 112, m);
        byte[] d = datagram.apply(V2_GOOD);
        InboundPacket p = Ipv4Datagrams.parse("eth0", d, d.length);
        assertThat(new AdvertCheck(settings(V2_PASS)).check(p)).isInstanceOf(Verdict.Accepted.class);
    }

    private static List<String> lines(Verdict v) {
        assertThat(v).isInstanceOf(Verdict.Accepted.class);
        return ((Verdict.Accepted) v).logLines();
    }
}
