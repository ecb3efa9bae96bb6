package io.fulcrum.cli.ipvsadm;

import io.fulcrum.common.IpAddress;
import java.util.Optional;

/**
 * ipvsadm's {@code host[:port]}: {@code 1.2.3.4}, {@code 1.2.3.4:80}, {@code [2001:db8::1]:80}, or a bare IPv6
 * address (no port). Numeric only: Fulcrum does not resolve host or service names.
 */
record HostPort(IpAddress address, int port) {

    /** Parses, with {@code defaultPort} when no port is written; null when ipvsadm would refuse it. */
    static HostPort parse(String text, int defaultPort) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                return null;
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
            if (!host.contains(":")) {
                return null;
            }
        } else {
            int first = text.indexOf(':');
            if (first >= 0 && first == text.lastIndexOf(':')) {
                host = text.substring(0, first);
                port = text.substring(first + 1);
            } else {
                host = text;
            }
        }
        Optional<IpAddress> a = IpAddress.tryParse(host);
        if (a.isEmpty()) {
            return null;
        }
        int p = defaultPort;
        if (port != null) {
            long n = Numbers.parse(port);
            if (n < 0 || n > 65535 || port.startsWith("+") || port.startsWith("-")) {
                return null;
            }
            p = (int) n;
        }
        return new HostPort(a.get(), p);
    }

    /** ipvsadm's line, plus one naming the text when it looks like a name ipvsadm would have resolved. */
    static String error(String ipvsadmLine, String text) {
        if (text != null && text.chars().anyMatch(Character::isLetter) && !looksNumericV6(text)) {
            return ipvsadmLine + "\nfulcrum: host and service names are not resolved: '" + text + "'";
        }
        return ipvsadmLine;
    }

    private static boolean looksNumericV6(String text) {
        return text.startsWith("[") || (text.indexOf(':') != text.lastIndexOf(':')
                && text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.'));
    }

    @Override
    public String toString() {
        return (address.isV4() ? address.toString() : "[" + address + "]") + ":" + port;
    }
}
