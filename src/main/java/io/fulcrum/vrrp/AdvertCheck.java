package io.fulcrum.vrrp;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.AuthType;
import io.fulcrum.config.model.Authentication;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.OldUnicastChecksum;
import io.fulcrum.config.model.UnicastPeer;
import io.fulcrum.config.model.VrrpInstance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The receive checks of one instance, in the order of keepalived 2.2.7's {@code vrrp_check_packet}, with its log
 * lines (prefixed {@code (NAME) }): AH presence, lengths, TTL (multicast), version, VRRPv2 authentication and
 * interval, type, IP total length, checksum, multicast/unicast destination, owner_ignore_adverts, unicast
 * source and its TTL range; VIP mismatches are only logged. VRRPv3 interval changes are the state machine's.
 *
 * <p>Small state, owned by the instance's thread: the source of the last advert whose VIPs were checked (with
 * {@code skip_check_adv_addr}, repeats from it are not checked again) and whether a unicast peer was seen using
 * keepalived 1.3.6's VRRPv3 checksum (with {@code old_unicast_checksum} unset, keepalived switches to it).
 */
public final class AdvertCheck {

    private static final int VRRP_TTL = 255;
    private static final int AUTH_NONE = 0;
    private static final int AUTH_PASS = 1;
    private static final int AUTH_AH = 2;

    private final InstanceSettings settings;
    private final VrrpInstance spec;
    private final String prefix;
    private final boolean ipv6;
    private final int authType;
    private final byte[] password;
    private Optional<IpAddress> lastChecked = Optional.empty();
    private boolean oldChecksumSeen;
    private boolean lastAddressMismatch;

    public AdvertCheck(InstanceSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.spec = settings.spec();
        this.prefix = "(" + settings.name() + ") ";
        this.ipv6 = spec.family() == IpFamily.INET6;
        Optional<Authentication> auth = spec.authentication();
        this.authType = auth.map(a -> a.type() == AuthType.PASS ? AUTH_PASS : AUTH_AH).orElse(AUTH_NONE);
        this.password = auth.filter(a -> a.type() == AuthType.PASS).map(a -> VrrpCodec.passwordData(a.password()))
                .orElse(new byte[VrrpAdvert.AUTH_DATA_LENGTH]);
    }

    /** Whether the last advert accepted had an address list other than this instance's (keepalived's addr_list_err). */
    public boolean lastAddressMismatch() {
        return lastAddressMismatch;
    }

    /** Whether a peer's keepalived 1.3.6 VRRPv3 unicast checksum was detected (keepalived then sends it too). */
    public boolean oldUnicastChecksumDetected() {
        return oldChecksumSeen;
    }

    /**
     * How this instance's VRRPv3 adverts are to be checksummed when sent (and checked when received):
     * {@link ChecksumMode#KERNEL} for IPv6, {@link ChecksumMode#AS_V2} with {@code v3_checksum_as_v2}, the old
     * unicast checksum when configured or detected, else the RFC pseudo-header.
     */
    public ChecksumMode checksumMode() {
        if (ipv6) {
            return ChecksumMode.KERNEL;
        }
        if (spec.adverts().v3ChecksumAsV2()) {
            return ChecksumMode.AS_V2;
        }
        if (settings.unicast() && (spec.unicast().oldChecksum() == OldUnicastChecksum.ALWAYS || oldChecksumSeen)) {
            return ChecksumMode.oldUnicast(settings.multicastGroup());
        }
        return ChecksumMode.PSEUDO_HEADER;
    }

    /** Applies the receive checks to {@code p}; never throws for any packet content. */
    public Verdict check(InboundPacket p) {
        List<String> notes = new ArrayList<>();
        Optional<Verdict.Dropped> drop = firstViolation(p, notes);
        if (drop.isPresent()) {
            return drop.get();
        }
        byte[] m = p.vrrp();
        int count = m[3] & 0xff;
        VrrpAdvert advert;
        try {
            advert = VrrpCodec.decode(m, VrrpCodec.messageLength(p.version(), count, ipv6), ipv6);
        } catch (VrrpFormatException e) {
            // unreachable after the length, version and type checks; kept typed rather than thrown on
            return new Verdict.Dropped(prefix + "malformed advert: " + e.getMessage(), Verdict.Reason.TOO_SHORT);
        }
        boolean checkAddresses = !spec.adverts().skipCheckAdvAddr()
                || !lastChecked.equals(Optional.of(p.source()));
        lastAddressMismatch = false;
        if (checkAddresses) {
            List<String> mismatches = addressMismatches(advert);
            lastAddressMismatch = !mismatches.isEmpty();
            notes.addAll(mismatches);
            lastChecked = Optional.of(p.source());
        }
        return new Verdict.Accepted(advert, notes);
    }

    private Optional<Verdict.Dropped> firstViolation(InboundPacket p, List<String> notes) {
        if (p.source().isV6() != ipv6 || p.destination().isV6() != ipv6) {
            return drop(Verdict.Reason.FAMILY, prefix + "received an " + (ipv6 ? "IPv4" : "IPv6")
                    + " packet on an " + spec.family().label() + " instance");
        }
        if (!ipv6 && p.ah() && authType != AUTH_AH) {
            return drop(Verdict.Reason.AH_MISMATCH, prefix + "Received AH header but auth type not AH");
        }
        if (!ipv6 && !p.ah() && authType == AUTH_AH) {
            return drop(Verdict.Reason.AH_MISMATCH, prefix + "No AH header but auth type is AH");
        }
        byte[] m = p.vrrp();
        int received = p.ipHeaderLength() + m.length;
        if (m.length < VrrpCodec.HEADER_LENGTH) {
            String what = ipv6 ? "IPv6 VRRP packet" : p.ah() ? "IPv4 VRRP packet with AH" : "IPv4 VRRP packet";
            return drop(Verdict.Reason.TOO_SHORT, what + " too short - " + received + " bytes");
        }
        Optional<Verdict.Dropped> length = lengths(p, m, received);
        if (length.isPresent()) {
            return length;
        }
        if (p.vrid() != spec.vrid()) {
            return drop(Verdict.Reason.VRID_MISMATCH, prefix + "received VRID mismatch. Received " + p.vrid()
                    + ", Expected " + spec.vrid());
        }
        if (!settings.unicast() && p.ttl() != VRRP_TTL) {
            return drop(Verdict.Reason.TTL, prefix + "invalid TTL/HL. Received " + p.ttl() + " and expect "
                    + VRRP_TTL);
        }
        if (p.version() != spec.version()) {
            return drop(Verdict.Reason.WRONG_VERSION, prefix + "wrong version. Received " + p.version()
                    + " and expect " + spec.version());
        }
        if (spec.version() == 2) {
            Optional<Verdict.Dropped> v2 = version2(p, m);
            if (v2.isPresent()) {
                return v2;
            }
        }
        int type = m[0] & 0x0f;
        if (type != VrrpAdvert.TYPE_ADVERTISEMENT) {
            return drop(Verdict.Reason.WRONG_TYPE, prefix + "Invalid packet type. " + type + " and expect "
                    + VrrpAdvert.TYPE_ADVERTISEMENT);
        }
        int expected = p.ipHeaderLength() + VrrpCodec.messageLength(p.version(), m[3] & 0xff, ipv6);
        if (!ipv6 && p.ipTotalLength() != expected) {
            return drop(Verdict.Reason.IP_LENGTH_MISMATCH, prefix + "ip_tot_len mismatch against received length. "
                    + p.ipTotalLength() + " and received " + received);
        }
        Optional<Verdict.Dropped> sum = checksum(p, m, expected - p.ipHeaderLength(), notes);
        if (sum.isPresent()) {
            return sum;
        }
        return destinationAndSource(p);
    }

    private Optional<Verdict.Dropped> lengths(InboundPacket p, byte[] m, int received) {
        int expected = p.ipHeaderLength() + VrrpCodec.messageLength(p.version(), m[3] & 0xff, ipv6);
        boolean padding = !ipv6 && p.ipTotalLength() == expected;
        if (received < expected || (received > expected && !padding)) {
            return drop(received < expected ? Verdict.Reason.TOO_SHORT : Verdict.Reason.TOO_LONG,
                    prefix + "vrrp packet too " + (received < expected ? "short" : "long") + ", length " + received
                            + " and expect " + expected);
        }
        return Optional.empty();
    }

    private Optional<Verdict.Dropped> version2(InboundPacket p, byte[] m) {
        int type = m[4] & 0xff;
        if (type != AUTH_NONE && type != AUTH_PASS && type != AUTH_AH) {
            return drop(Verdict.Reason.AUTH_TYPE_INVALID, prefix + "Invalid auth type: " + type);
        }
        if (type != authType) {
            return drop(Verdict.Reason.AUTH_TYPE_MISMATCH, prefix + "received a " + type + " auth, expecting "
                    + authType + "!");
        }
        if (authType == AUTH_PASS) {
            int at = VrrpCodec.messageLength(2, m[3] & 0xff, false) - VrrpAdvert.AUTH_DATA_LENGTH;
            if (!Arrays.equals(m, at, at + VrrpAdvert.AUTH_DATA_LENGTH, password, 0, password.length)) {
                return drop(Verdict.Reason.WRONG_PASSWORD, prefix + "received an invalid passwd!");
            }
        } else if (authType == AUTH_AH) {
            return drop(Verdict.Reason.AH_NOT_SUPPORTED, prefix + "IPSEC-AH authentication is not supported by"
                    + " Fulcrum - cannot verify advert from " + p.source() + ", dropping it");
        }
        long mine = spec.advertInterval().toSeconds();
        int rcvd = m[5] & 0xff;
        if (rcvd != mine) {
            return drop(Verdict.Reason.INTERVAL_MISMATCH, prefix + "advertisement interval mismatch mine=" + mine
                    + " sec rcv'd=" + rcvd + " sec");
        }
        return Optional.empty();
    }

    private Optional<Verdict.Dropped> checksum(InboundPacket p, byte[] m, int length, List<String> notes) {
        if (ipv6) {
            return Optional.empty(); // the kernel verified it (IPV6_CHECKSUM)
        }
        ChecksumMode mode = spec.version() == 2 ? ChecksumMode.AS_V2 : checksumMode();
        if (VrrpCodec.checksumValid(m, length, p.source(), p.destination(), mode)) {
            return Optional.empty();
        }
        if (spec.version() == 3 && settings.unicast() && mode instanceof ChecksumMode.PseudoHeader
                && spec.unicast().oldChecksum() == OldUnicastChecksum.AUTO
                && VrrpCodec.checksumValid(m, length, p.source(), p.destination(),
                        ChecksumMode.oldUnicast(settings.multicastGroup()))) {
            oldChecksumSeen = true;
            notes.add(prefix + "Setting unicast VRRPv3 checksum to old version");
            return Optional.empty();
        }
        return drop(Verdict.Reason.CHECKSUM, prefix + "Invalid VRRPv" + spec.version() + " checksum");
    }

    private Optional<Verdict.Dropped> destinationAndSource(InboundPacket p) {
        boolean multicast = p.destination().isMulticast();
        if (multicast == settings.unicast()) {
            return drop(Verdict.Reason.WRONG_DESTINATION, prefix + "Expected " + (settings.unicast() ? "un" : "mult")
                    + "icast packet but received " + (multicast ? "mult" : "un") + "icast packet");
        }
        if (spec.isAddressOwner() && spec.adverts().ownerIgnoreAdverts()) {
            return drop(Verdict.Reason.OWNER_IGNORES_ADVERTS, prefix + "address owner ignoring advert from "
                    + p.source() + " (owner_ignore_adverts)");
        }
        if (!settings.unicast()) {
            return Optional.empty();
        }
        Optional<UnicastPeer> peer = spec.unicast().peers().stream().filter(u -> u.address().equals(p.source()))
                .findFirst();
        if (peer.isEmpty()) {
            return spec.unicast().checkSource()
                    ? drop(Verdict.Reason.NOT_A_PEER, prefix + "unicast source address " + p.source()
                            + " not a unicast peer")
                    : Optional.empty();
        }
        UnicastPeer u = peer.get();
        if (u.minTtl().isPresent() || u.maxTtl().isPresent()) {
            int min = u.minTtl().orElse(0);
            int max = u.maxTtl().orElse(VRRP_TTL);
            if (p.ttl() < min || p.ttl() > max) {
                return drop(Verdict.Reason.PEER_TTL, prefix + "TTL/HL " + p.ttl() + " not in range " + min + " - "
                        + max);
            }
        }
        return Optional.empty();
    }

    private List<String> addressMismatches(VrrpAdvert advert) {
        List<String> lines = new ArrayList<>();
        List<IpAddress> mine = settings.advertisedAddresses();
        if (advert.addresses().size() != mine.size()) {
            lines.add(prefix + "expected " + mine.size() + " VIPs but received " + advert.addresses().size());
        }
        for (IpAddress vip : mine) {
            if (!advert.addresses().contains(vip)) {
                lines.add(prefix + "ip address associated with VRID " + spec.vrid() + " not present in MASTER advert: "
                        + vip);
            }
        }
        return lines;
    }

    private static Optional<Verdict.Dropped> drop(Verdict.Reason reason, String line) {
        return Optional.of(new Verdict.Dropped(line, reason));
    }
}
