package io.fulcrum.cli.ipvsadm;

import io.fulcrum.control.IpvsSnapshot.TunnelType;
import java.util.List;
import java.util.Set;

/** ipvsadm 1.31's tunnel type/option table: tun-port, tun-nocsum, tun-csum, tun-remcsum. */
final class TunnelRules {

    private static final List<Option> COLUMNS =
            List.of(Option.TUN_PORT, Option.TUN_NOCSUM, Option.TUN_CSUM, Option.TUN_REMCSUM);

    private TunnelRules() {
    }

    private static String row(TunnelType t) {
        return switch (t) {
            case IPIP -> "xxxx";
            case GUE -> "+111";
            case GRE -> "x11x";
        };
    }

    static String name(TunnelType t) {
        return switch (t) {
            case IPIP -> "ipip";
            case GUE -> "gue";
            case GRE -> "gre";
        };
    }

    static void check(TunnelType type, Set<Option> options) {
        String row = row(type);
        Option last = null;
        for (int j = 0; j < COLUMNS.size(); j++) {
            Option o = COLUMNS.get(j);
            char rule = row.charAt(j);
            if (!options.contains(o)) {
                if (rule == '+') {
                    throw new IpvsadmParser.Fail("You need to supply the '" + o.ipvsadmName()
                            + "' option for the '" + name(type) + "' tunnel type");
                }
            } else if (rule == 'x') {
                throw new IpvsadmParser.Fail("Illegal '" + o.ipvsadmName() + "' option with the '" + name(type)
                        + "' tunnel type");
            } else if (rule == '1') {
                if (last != null) {
                    throw new IpvsadmParser.Fail("The option '" + o.ipvsadmName() + "' conflicts with the '"
                            + last.ipvsadmName() + "' option in the '" + name(type) + "' tunnel type");
                }
                last = o;
            }
        }
    }
}
