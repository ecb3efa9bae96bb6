package io.fulcrum.vrrp;

import io.fulcrum.common.IpAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The VRRP message on the wire (RFC 3768 version 2, RFC 5798 version 3, keepalived's {@code vrrphdr_t}):
 *
 * <pre>
 *  0: version(4) type(4) | 1: VRID | 2: priority | 3: address count
 *  4: v2 auth type | 5: v2 interval (s)          (v3: 4 reserved bits + 12-bit interval in centiseconds)
 *  6: checksum (16)
 *  8: addresses (4 or 16 bytes each), then for v2 only 8 bytes of authentication data
 * </pre>
 *
 * Checksums: v2 sums the message alone; v3 over IPv4 prefixes the IPv4 pseudo-header (see {@link ChecksumMode}
 * for the variants); v3 over IPv6 is left to the kernel unless asked. The codec checks structure only; the
 * receive rules of an instance live in {@link AdvertCheck}.
 */
public final class VrrpCodec {

    /** The fixed header: version/type, VRID, priority, count, auth type/interval, checksum. */
    public static final int HEADER_LENGTH = 8;
    /** IP protocol number of VRRP. */
    public static final int PROTOCOL = 112;
    private static final int MAX_V3_INTERVAL_CS = 0x0fff;

    private VrrpCodec() {
    }

    /** Length of a message of {@code version} carrying {@code count} addresses of the given family. */
    public static int messageLength(int version, int count, boolean ipv6) {
        return HEADER_LENGTH + count * (ipv6 ? 16 : 4) + (version == 2 && !ipv6 ? VrrpAdvert.AUTH_DATA_LENGTH : 0);
    }

    /**
     * Encodes {@code advert} with its checksum. {@code source} and {@code destination} are the IP addresses of
     * the datagram (used by the VRRPv3 pseudo-header); {@code mode} is ignored for VRRPv2.
     *
     * @throws IllegalArgumentException when the advert cannot be put on the wire: an interval that the version
     *         cannot carry, addresses of another family than {@code source}, VRRPv2 over IPv6, or
     *         {@link ChecksumMode#KERNEL} for IPv4
     */
    public static byte[] encode(VrrpAdvert a, IpAddress source, IpAddress destination, ChecksumMode mode) {
        boolean ipv6 = source.isV6();
        if (destination.isV6() != ipv6) {
            throw new IllegalArgumentException("source " + source + " and destination " + destination
                    + " are of different families");
        }
        for (IpAddress vip : a.addresses()) {
            if (vip.isV6() != ipv6) {
                throw new IllegalArgumentException("address " + vip + " is not of the family of " + source);
            }
        }
        if (a.version() == 2 && ipv6) {
            throw new IllegalArgumentException("VRRPv2 adverts are IPv4 only");
        }
        int length = messageLength(a.version(), a.addresses().size(), ipv6);
        byte[] m = new byte[length];
        m[0] = (byte) ((a.version() << 4) | VrrpAdvert.TYPE_ADVERTISEMENT);
        m[1] = (byte) a.vrid();
        m[2] = (byte) a.priority();
        m[3] = (byte) a.addresses().size();
        int interval = wireInterval(a);
        if (a.version() == 2) {
            m[4] = (byte) a.authType();
            m[5] = (byte) interval;
        } else {
            m[4] = (byte) (interval >>> 8);
            m[5] = (byte) interval;
        }
        int at = HEADER_LENGTH;
        for (IpAddress vip : a.addresses()) {
            byte[] b = vip.bytes();
            System.arraycopy(b, 0, m, at, b.length);
            at += b.length;
        }
        if (a.version() == 2) {
            System.arraycopy(a.authData(), 0, m, at, VrrpAdvert.AUTH_DATA_LENGTH);
        }
        if (a.version() == 3 && mode instanceof ChecksumMode.Kernel) {
            if (!ipv6) {
                throw new IllegalArgumentException("the kernel computes the VRRP checksum for IPv6 only");
            }
            return m;
        }
        int sum = Checksums.internet(m, 0, length, pseudoHeaderSum(a.version(), length, source, destination, mode));
        m[6] = (byte) (sum >>> 8);
        m[7] = (byte) sum;
        return m;
    }

    private static int wireInterval(VrrpAdvert a) {
        Duration d = a.interval();
        if (a.version() == 2) {
            if (d.isNegative() || d.toNanos() % 1_000_000_000L != 0 || d.toSeconds() > 255) {
                throw new IllegalArgumentException("a VRRPv2 interval is 0..255 whole seconds, not " + d);
            }
            return (int) d.toSeconds();
        }
        if (d.isNegative() || d.toNanos() % 10_000_000L != 0 || d.toMillis() / 10 > MAX_V3_INTERVAL_CS) {
            throw new IllegalArgumentException("a VRRPv3 interval is 0..4095 centiseconds, not " + d);
        }
        return (int) (d.toMillis() / 10);
    }

    private static long pseudoHeaderSum(int version, int length, IpAddress source, IpAddress destination,
            ChecksumMode mode) {
        if (version == 2) {
            return 0;
        }
        return switch (mode) {
            case ChecksumMode.PseudoHeader p -> Checksums.pseudoHeader(source, destination, PROTOCOL, length);
            case ChecksumMode.OldUnicast o -> Checksums.pseudoHeader(source, o.group(), PROTOCOL, length);
            case ChecksumMode.AsV2 v -> 0;
            case ChecksumMode.Kernel k -> 0;
        };
    }

    /**
     * Whether the checksum of the message {@code vrrp[0, length)} is right for this datagram and mode. VRRPv2
     * messages are summed alone whatever the mode; {@link ChecksumMode#KERNEL} accepts any IPv6 message (the
     * kernel verified it). Returns false for a message shorter than the header or longer than the array, or
     * when the addresses' families differ.
     */
    public static boolean checksumValid(byte[] vrrp, int length, IpAddress source, IpAddress destination,
            ChecksumMode mode) {
        if (length < HEADER_LENGTH || length > vrrp.length || source.isV6() != destination.isV6()) {
            return false;
        }
        int version = (vrrp[0] & 0xff) >>> 4;
        if (version != 2 && mode instanceof ChecksumMode.Kernel) {
            return source.isV6();
        }
        if (mode instanceof ChecksumMode.OldUnicast o && o.group().isV6() != source.isV6()) {
            return false;
        }
        long initial = pseudoHeaderSum(version == 2 ? 2 : 3, length, source, destination, mode);
        return Checksums.internet(vrrp, 0, length, initial) == 0;
    }

    /**
     * Decodes a message whose family follows from its shape: VRRPv2 is IPv4; VRRPv3 is IPv6 when its length is
     * exactly that of {@code count} IPv6 addresses, else IPv4 (bytes past the addresses are padding). Use
     * {@link #decode(byte[], int, boolean)} when the family is known.
     */
    public static VrrpAdvert decode(byte[] vrrp, int length) throws VrrpFormatException {
        int version = header(vrrp, length);
        int count = vrrp[3] & 0xff;
        boolean ipv6 = version == 3 && count > 0 && length == messageLength(3, count, true);
        return decode(vrrp, length, ipv6);
    }

    /**
     * Decodes the message {@code vrrp[0, length)}; bytes past the message (Ethernet padding) are ignored. Only
     * the structure is checked (header, version, type, count against length, family); the checksum is not.
     *
     * @throws VrrpFormatException saying what is malformed
     * @throws IllegalArgumentException when {@code length} is not within the array
     */
    public static VrrpAdvert decode(byte[] vrrp, int length, boolean ipv6) throws VrrpFormatException {
        int version = header(vrrp, length);
        if (version == 2 && ipv6) {
            throw new VrrpFormatException(VrrpFormatException.Reason.FAMILY, "VRRPv2 over IPv6 is not supported");
        }
        int count = vrrp[3] & 0xff;
        int need = messageLength(version, count, ipv6);
        if (length < need) {
            throw new VrrpFormatException(VrrpFormatException.Reason.COUNT_LENGTH_MISMATCH, "VRRPv" + version
                    + " message with " + count + " addresses needs " + need + " bytes, has " + length);
        }
        int size = ipv6 ? 16 : 4;
        List<IpAddress> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = HEADER_LENGTH + i * size;
            addresses.add(IpAddress.ofBytes(Arrays.copyOfRange(vrrp, at, at + size)));
        }
        if (version == 2) {
            int at = HEADER_LENGTH + count * size;
            byte[] auth = Arrays.copyOfRange(vrrp, at, at + VrrpAdvert.AUTH_DATA_LENGTH);
            return new VrrpAdvert(2, vrrp[1] & 0xff, vrrp[2] & 0xff, vrrp[4] & 0xff,
                    Duration.ofSeconds(vrrp[5] & 0xff), addresses, auth);
        }
        int cs = ((vrrp[4] & 0x0f) << 8) | (vrrp[5] & 0xff);
        return new VrrpAdvert(3, vrrp[1] & 0xff, vrrp[2] & 0xff, 0, Duration.ofMillis(cs * 10L), addresses,
                new byte[0]);
    }

    private static int header(byte[] vrrp, int length) throws VrrpFormatException {
        if (length < 0 || length > vrrp.length) {
            throw new IllegalArgumentException("length " + length + " outside the " + vrrp.length + "-byte array");
        }
        if (length < HEADER_LENGTH) {
            throw new VrrpFormatException(VrrpFormatException.Reason.TOO_SHORT,
                    "VRRP message of " + length + " bytes is shorter than its " + HEADER_LENGTH + "-byte header");
        }
        int version = (vrrp[0] & 0xff) >>> 4;
        if (version != 2 && version != 3) {
            throw new VrrpFormatException(VrrpFormatException.Reason.BAD_VERSION,
                    "VRRP version " + version + " (expect 2 or 3)");
        }
        int type = vrrp[0] & 0x0f;
        if (type != VrrpAdvert.TYPE_ADVERTISEMENT) {
            throw new VrrpFormatException(VrrpFormatException.Reason.BAD_TYPE,
                    "VRRP type " + type + " (expect " + VrrpAdvert.TYPE_ADVERTISEMENT + ", advertisement)");
        }
        return version;
    }

    /**
     * The 8 bytes of VRRPv2 simple-password authentication data for {@code auth_pass}: its UTF-8 bytes, cut at 8
     * and padded with zeros (keepalived keeps only the first 8 characters).
     */
    public static byte[] passwordData(String password) {
        byte[] b = password.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(b, VrrpAdvert.AUTH_DATA_LENGTH);
    }
}
