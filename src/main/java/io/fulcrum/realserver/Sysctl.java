package io.fulcrum.realserver;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kernel parameter by its path under {@code /proc/sys}, e.g. {@code net/ipv4/conf/lo/arp_ignore}.
 *
 * @param path the path below /proc/sys: segments of letters, digits and {@code _ - . : @ +}, no {@code .} or
 *             {@code ..} segment
 */
public record Sysctl(String path) {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.:@+-]+");

    public Sysctl {
        Objects.requireNonNull(path, "path");
        for (String segment : path.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("not a sysctl path: '" + path + "'");
            }
        }
    }

    /** {@code net/ipv4/conf/DEV/NAME}: a per-interface IPv4 parameter ({@code all} and {@code default} too). */
    public static Sysctl ipv4Conf(String dev, String name) {
        return new Sysctl("net/ipv4/conf/" + dev + "/" + name);
    }

    /** The name sysctl(8) prints: dots between segments, a dot inside a segment (eth0.100) shown as a slash. */
    public String dotted() {
        StringBuilder b = new StringBuilder();
        for (String segment : path.split("/")) {
            if (!b.isEmpty()) {
                b.append('.');
            }
            b.append(segment.replace('.', '/'));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return dotted();
    }
}
