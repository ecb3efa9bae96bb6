package io.fulcrum.common;

import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address, parsed strictly from its textual form (never through name resolution).
 * Immutable; {@link #toString()} gives the canonical text (dotted quad, or RFC 5952 for IPv6).
 */
public final class IpAddress implements Comparable<IpAddress> {

    private final byte[] bytes;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    public static IpAddress ofBytes(byte[] raw) {
        if (raw.length != 4 && raw.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + raw.length);
        }
        return new IpAddress(raw.clone());
    }

    /** Parses an address, or throws {@link IllegalArgumentException} saying why it is not one. */
    public static IpAddress parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException("not an IP address: '" + text + "'"));
    }

    public static Optional<IpAddress> tryParse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return Optional.empty();
        }
        byte[] b = text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
        return b == null ? Optional.empty() : Optional.of(new IpAddress(b));
    }

    private static byte[] parseV4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (digits == 3) {
                    return null;
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                digits++;
                if (value > 255) {
                    return null;
                }
            } else if (c == '.') {
                if (value < 0 || part == 4) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] parseV6(String s) {
        int scope = s.indexOf('%');
        if (scope >= 0) {
            return null;
        }
        int[] groups = new int[8];
        int count = 0;
        int doubleColonAt = -1;
        int i = 0;
        int n = s.length();
        if (s.startsWith("::")) {
            doubleColonAt = 0;
            i = 2;
            if (n == 2) {
                return new byte[16];
            }
        } else if (s.startsWith(":")) {
            return null;
        }
        while (i < n) {
            if (count == 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0 && i - start < 4) {
                value = value * 16 + Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                // embedded IPv4 in the last 32 bits
                byte[] v4 = parseV4(s.substring(start));
                if (v4 == null || count > 6) {
                    return null;
                }
                groups[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                groups[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                i = n;
                break;
            }
            if (i == start) {
                return null;
            }
            groups[count++] = value;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (doubleColonAt >= 0) {
                    return null;
                }
                doubleColonAt = count;
                i++;
            } else if (i == n) {
                return null;
            }
        }
        int[] full = new int[8];
        if (doubleColonAt >= 0) {
            if (count == 8) {
                return null;
            }
            int tail = count - doubleColonAt;
            System.arraycopy(groups, 0, full, 0, doubleColonAt);
            System.arraycopy(groups, doubleColonAt, full, 8 - tail, tail);
        } else {
            if (count != 8) {
                return null;
            }
            full = groups;
        }
        byte[] out = new byte[16];
        for (int g = 0; g < 8; g++) {
            out[2 * g] = (byte) (full[g] >> 8);
            out[2 * g + 1] = (byte) full[g];
        }
        return out;
    }

    public boolean isV4() {
        return bytes.length == 4;
    }

    public boolean isV6() {
        return bytes.length == 16;
    }

    public int bitLength() {
        return bytes.length * 8;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isMulticast() {
        return isV4() ? (bytes[0] & 0xf0) == 0xe0 : (bytes[0] & 0xff) == 0xff;
    }

    public boolean isLinkLocal() {
        return isV4() ? (bytes[0] & 0xff) == 169 && (bytes[1] & 0xff) == 254
                : (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xc0) == 0x80;
    }

    public boolean isLoopback() {
        if (isV4()) {
            return (bytes[0] & 0xff) == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[15] == 1;
    }

    public boolean isUnspecified() {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** This address with every bit after the first {@code prefix} bits cleared. */
    public IpAddress masked(int prefix) {
        if (prefix < 0 || prefix > bitLength()) {
            throw new IllegalArgumentException("prefix " + prefix + " out of range for " + this);
        }
        byte[] b = bytes.clone();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            b[i] = (byte) (b[i] & (0xff00 >> keep));
        }
        return new IpAddress(b);
    }

    /** For an IPv4 netmask such as 255.255.255.0: its prefix length, or -1 when its ones are not contiguous. */
    public int netmaskPrefix() {
        int prefix = 0;
        boolean zeroSeen = false;
        for (byte value : bytes) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean one = ((value >> bit) & 1) == 1;
                if (one && zeroSeen) {
                    return -1;
                }
                if (one) {
                    prefix++;
                } else {
                    zeroSeen = true;
                }
            }
        }
        return prefix;
    }

    /** The IPv4 netmask with the given number of leading ones. */
    public static IpAddress v4Netmask(int prefix) {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("IPv4 prefix " + prefix + " out of range 0..32");
        }
        long m = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        return new IpAddress(new byte[] {(byte) (m >> 24), (byte) (m >> 16), (byte) (m >> 8), (byte) m});
    }

    /** This address plus {@code delta} (wrapping within the family); used for address ranges. */
    public IpAddress plus(long delta) {
        byte[] b = bytes.clone();
        long carry = delta;
        for (int i = b.length - 1; i >= 0 && carry != 0; i--) {
            long sum = (b[i] & 0xff) + (carry & 0xff);
            b[i] = (byte) sum;
            carry = (carry >> 8) + (sum >> 8);
        }
        return new IpAddress(b);
    }

    @Override
    public String toString() {
        if (isV4()) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        // RFC 5952: compress the longest run (first if tied) of two or more zero groups
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** IPv4 before IPv6, then by unsigned byte value (the order ipvsadm sorts in). */
    @Override
    public int compareTo(IpAddress o) {
        if (bytes.length != o.bytes.length) {
            return Integer.compare(bytes.length, o.bytes.length);
        }
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
