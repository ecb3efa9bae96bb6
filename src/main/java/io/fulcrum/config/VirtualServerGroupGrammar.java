package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.VirtualServerGroup;
import io.fulcrum.config.model.VirtualServerGroupEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** {@code virtual_server_group NAME { ... }} (reference section 1.7; keepalived check_data.c alloc_vsg_entry). */
final class VirtualServerGroupGrammar {

    private VirtualServerGroupGrammar() {
    }

    /** A group as read. */
    private static final class GroupBuilder {
        final List<VirtualServerGroupEntry> entries = new ArrayList<>();
        boolean ipv4;
        boolean ipv6;
        boolean fwmarkWithoutFamily;
    }

    private static final Map<String, IpFamily> FAMILIES = Map.of("inet", IpFamily.INET, "inet6", IpFamily.INET6);

    static final BlockGrammar<GroupBuilder> GRAMMAR = new BlockGrammar<GroupBuilder>("virtual_server_group")
        .entries("IP[-END|/LEN] [PORT] | fwmark N [inet|inet6]",
            "A service of the group: an address, a range (a.b.c.d-e, a.b.c.d-e.f.g.h, a.b.c.d/nn; IPv6 alike, the"
                + " short end in hex) with an optional port, or a firewall mark with its family.",
            VirtualServerGroupGrammar::entry);

    static void register(BlockGrammar<ConfigBuilder> root) {
        root.addBlock("virtual_server_group", "virtual_server_group NAME { ... }",
            "Services that share one set of real servers (virtual_server group NAME).", GRAMMAR, (a, cfg) -> {
                if (!a.arity(1, 1)) {
                    return;
                }
                String name = a.text(0);
                GroupBuilder g = new GroupBuilder();
                a.block(GRAMMAR, g);
                if (g.entries.isEmpty()) {
                    a.error("virtual server group " + name + " has no entries - removing");
                } else if (g.ipv4 && g.ipv6 && g.fwmarkWithoutFamily) {
                    a.error("virtual server group " + name + " cannot have IPv4, IPv6 and fwmark without family"
                            + " - removing");
                } else if (cfg.virtualServerGroups.stream().anyMatch(x -> x.name().equals(name))) {
                    a.error("virtual_server_group " + name + " is defined twice; ignoring this one");
                } else {
                    cfg.virtualServerGroups.add(new VirtualServerGroup(name, g.entries));
                }
            });
    }

    private static void entry(Args a, GroupBuilder g) {
        if (a.keyword().equals("fwmark")) {
            if (!a.arity(1, 2)) {
                return;
            }
            OptionalLong mark = a.integer(0, 0, LvsArgs.U32_MAX);
            Optional<IpFamily> family = a.has(1) ? a.choice(1, FAMILIES) : Optional.empty();
            if (mark.isEmpty() || a.has(1) && family.isEmpty()) {
                return;
            }
            family.ifPresentOrElse(f -> {
                g.ipv4 |= f == IpFamily.INET;
                g.ipv6 |= f == IpFamily.INET6;
            }, () -> g.fwmarkWithoutFamily = true);
            g.entries.add(new VirtualServerGroupEntry.Fwmark(mark.getAsLong(), family));
            return;
        }
        if (!a.arity(0, 1)) {
            return;
        }
        OptionalInt port = LvsArgs.optionalPort(a, 0);
        Optional<VirtualServerGroupEntry.AddressRange> range = range(a, a.keyword());
        if (port.isEmpty() || range.isEmpty()) {
            return;
        }
        VirtualServerGroupEntry.AddressRange r = new VirtualServerGroupEntry.AddressRange(range.get().first(),
                range.get().last(), port.getAsInt());
        g.ipv4 |= r.first().isV4();
        g.ipv6 |= r.first().isV6();
        g.entries.add(r);
    }

    /** {@code IP}, {@code IP-END} (last octet, or last group in hex), {@code IP-IP} or {@code IP/LEN}. */
    private static Optional<VirtualServerGroupEntry.AddressRange> range(Args a, String text) {
        int slash = text.indexOf('/');
        int dash = text.indexOf('-');
        String start = slash >= 0 ? text.substring(0, slash) : dash >= 0 ? text.substring(0, dash) : text;
        Optional<IpAddress> first = IpAddress.tryParse(start);
        if (first.isEmpty()) {
            a.error("Invalid virtual server group IP address " + text + " - skipping");
            return Optional.empty();
        }
        IpAddress f = first.get();
        if (slash >= 0) {
            String len = text.substring(slash + 1);
            int n = len.matches("[0-9]{1,3}") ? Integer.parseInt(len) : -1;
            if (n < 1 || n > f.bitLength()) {
                a.error("Invalid netmask - " + text + " - skipping");
                return Optional.empty();
            }
            if (!f.masked(n).equals(f)) {
                a.error("Address mask bits not empty - " + text + " - skipping");
                return Optional.empty();
            }
            return Optional.of(new VirtualServerGroupEntry.AddressRange(f, lastOf(f, n), 0));
        }
        if (dash < 0) {
            return Optional.of(new VirtualServerGroupEntry.AddressRange(f, f, 0));
        }
        String end = text.substring(dash + 1);
        if (end.indexOf('.') >= 0 || end.indexOf(':') >= 0) {
            Optional<IpAddress> last = IpAddress.tryParse(end);
            if (last.isEmpty()) {
                a.error("Invalid range end " + text + " - skipping");
                return Optional.empty();
            }
            if (last.get().isV4() != f.isV4()) {
                a.error("Range address families do not match " + text + " - skipping");
                return Optional.empty();
            }
            if (last.get().compareTo(f) < 0) {
                a.error("Address range end is less than address range start - " + text + " - skipping");
                return Optional.empty();
            }
            return Optional.of(new VirtualServerGroupEntry.AddressRange(f, last.get(), 0));
        }
        int radix = f.isV4() ? 10 : 16;
        int max = f.isV4() ? 255 : 0xffff;
        long endValue;
        try {
            endValue = end.isEmpty() || end.length() > 5 ? -1 : Long.parseLong(end, radix);
        } catch (NumberFormatException e) {
            endValue = -1;
        }
        if (endValue < 0 || endValue > max) {
            a.error("Virtual server group range '" + text + "' end '" + end + "' is not a valid "
                    + (f.isV4() ? "last octet (0..255)" : "last group (hex 0..ffff)") + " - skipping");
            return Optional.empty();
        }
        byte[] b = f.bytes();
        int startValue = f.isV4() ? b[3] & 0xff : (b[14] & 0xff) << 8 | b[15] & 0xff;
        if (startValue >= endValue) {
            a.error("Address range end is not greater than address range start - " + text + " - skipping");
            return Optional.empty();
        }
        return Optional.of(new VirtualServerGroupEntry.AddressRange(f, f.plus(endValue - startValue), 0));
    }

    /** The last address of the prefix {@code f/len}: every host bit set. */
    private static IpAddress lastOf(IpAddress f, int len) {
        byte[] b = f.bytes();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, len - 8 * i));
            b[i] = (byte) (b[i] | (0xff >> keep));
        }
        return IpAddress.ofBytes(b);
    }

    static void dump(KeepalivedConfig config, DumpWriter w) {
        for (VirtualServerGroup g : config.virtualServerGroups()) {
            w.open("virtual_server_group", g.name());
            for (VirtualServerGroupEntry e : g.entries()) {
                List<String> words = new ArrayList<>();
                switch (e) {
                    case VirtualServerGroupEntry.AddressRange r -> {
                        words.add(r.first().equals(r.last()) ? r.first().toString() : r.first() + "-" + r.last());
                        if (r.port() != 0) {
                            words.add(Integer.toString(r.port()));
                        }
                    }
                    case VirtualServerGroupEntry.Fwmark f -> {
                        words.add("fwmark");
                        words.add(Long.toString(f.mark()));
                        f.family().ifPresent(fam -> words.add(fam.keyword()));
                    }
                }
                w.words(words);
            }
            w.close();
        }
    }
}
