package io.fulcrum.cli.ipvsadm;

import io.fulcrum.control.IpvsSnapshot.SchedFlags;
import java.util.ArrayList;
import java.util.List;

/** {@code -b} names: flag-1..3 for any scheduler, sh-fallback/sh-port for sh, mh-fallback/mh-port for mh. */
final class SchedFlagNames {

    private SchedFlagNames() {
    }

    static SchedFlags parse(String scheduler, String arg) {
        int bits = 0;
        for (String name : arg.split(",")) {
            if (name.isEmpty()) {
                continue;
            }
            int bit = switch (name) {
                case "flag-1" -> 1;
                case "flag-2" -> 2;
                case "flag-3" -> 4;
                case "sh-fallback", "mh-fallback" -> 1;
                case "sh-port", "mh-port" -> 2;
                default -> throw new IpvsadmParser.Fail("invalid scheduler flag `" + name + "'");
            };
            if (name.startsWith("sh-") && !scheduler.equals("sh") || name.startsWith("mh-") && !scheduler.equals("mh")) {
                throw new IpvsadmParser.Fail("incompatible scheduler flag `" + name + "'");
            }
            bits |= bit;
        }
        return new SchedFlags(bits);
    }

    /** As ipvsadm prints them in listings and in -S: scheduler-specific names for sh and mh. */
    static String render(String scheduler, SchedFlags flags) {
        String prefix = scheduler.equals("sh") || scheduler.equals("mh") ? scheduler + "-" : null;
        List<String> names = new ArrayList<>();
        if (flags.has(1)) {
            names.add(prefix != null ? prefix + "fallback" : "flag-1");
        }
        if (flags.has(2)) {
            names.add(prefix != null ? prefix + "port" : "flag-2");
        }
        if (flags.has(3)) {
            names.add("flag-3");
        }
        return String.join(",", names);
    }
}
