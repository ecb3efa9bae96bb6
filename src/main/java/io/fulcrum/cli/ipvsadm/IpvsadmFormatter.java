package io.fulcrum.cli.ipvsadm;

import io.fulcrum.cli.ipvsadm.IpvsadmCommand.ListOptions;
import io.fulcrum.control.IpvsSnapshot;
import io.fulcrum.control.IpvsSnapshot.AddressKey;
import io.fulcrum.control.IpvsSnapshot.Connection;
import io.fulcrum.control.IpvsSnapshot.Counters;
import io.fulcrum.control.IpvsSnapshot.Destination;
import io.fulcrum.control.IpvsSnapshot.Endpoint;
import io.fulcrum.control.IpvsSnapshot.Family;
import io.fulcrum.control.IpvsSnapshot.FwmarkKey;
import io.fulcrum.control.IpvsSnapshot.Service;
import io.fulcrum.control.IpvsSnapshot.ServiceKey;
import io.fulcrum.control.IpvsSnapshot.Tunnel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Renders an {@link IpvsSnapshot} byte for byte as ipvsadm 1.31 prints it. Addresses are always numeric:
 * Fulcrum never resolves names, so output without {@code -n} equals output with it.
 */
public final class IpvsadmFormatter {

    private IpvsadmFormatter() {
    }

    /** {@code ipvsadm -L} (whole table, with header). */
    public static String listAll(IpvsSnapshot s, ListOptions o) {
        StringBuilder b = new StringBuilder();
        b.append("IP Virtual Server version 1.2.1 (size=").append(s.connTableSize()).append(")\n");
        title(b, o);
        for (Service svc : sorted(s.services(), o.noSort())) {
            service(b, svc, o);
        }
        return b.toString();
    }

    /** {@code ipvsadm -L -t addr:port}: no header line. */
    public static String listService(Service svc, ListOptions o) {
        StringBuilder b = new StringBuilder();
        title(b, o);
        service(b, svc, o);
        return b.toString();
    }

    /** {@code ipvsadm -S}: one command line per service and destination. */
    public static String save(IpvsSnapshot s) {
        StringBuilder b = new StringBuilder();
        for (Service svc : sorted(s.services(), false)) {
            String name = serviceToken(svc.key());
            b.append("-A ").append(name).append(" -s ").append(svc.scheduler());
            var p = svc.persistence();
            if (p.persistent()) {
                b.append(" -p ").append(p.timeout());
                if (svc.key().family() == Family.INET) {
                    if (p.netmask() != 0xFFFF_FFFFL) {
                        b.append(" -M ").append(mask(p.netmask()));
                    }
                } else if (p.netmask() != 128) {
                    b.append(" -M ").append(p.netmask());
                }
                if (!p.peName().isEmpty()) {
                    b.append(" --pe ").append(p.peName());
                }
            }
            if (svc.onePacket()) {
                b.append(" -o");
            }
            if (svc.schedFlags().bits() != 0) {
                b.append(" -b ").append(SchedFlagNames.render(svc.scheduler(), svc.schedFlags()));
            }
            b.append('\n');
            for (Destination d : sortedDests(svc.destinations(), false)) {
                b.append("-a ").append(name).append(" -r ").append(addrPort(d.address(), d.port(), 1000))
                        .append(' ').append(switch (d.forwarding()) {
                            case MASQ -> "-m";
                            case TUNNEL -> "-i";
                            case LOCAL, ROUTE -> "-g";
                            case FULLNAT -> "--fullnat";
                        }).append(" -w ").append(d.weight());
                if (d.forwarding() == IpvsSnapshot.Forwarding.TUNNEL) {
                    Tunnel t = d.tunnel().orElse(Tunnel.IPIP);
                    b.append(" --tun-type ").append(TunnelRules.name(t.type()));
                    switch (t.type()) {
                        case IPIP -> { }
                        case GUE -> b.append(" --tun-port ").append(t.port()).append(' ').append(csumOption(t));
                        case GRE -> b.append(' ').append(csumOption(t));
                    }
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** {@code ipvsadm -L -c} (and with {@code --persistent-conn}). */
    public static String connections(IpvsSnapshot s, boolean persistentConn) {
        StringBuilder b = new StringBuilder("IPVS connection entries\n");
        if (persistentConn) {
            b.append(String.format("pro expire %-11s %-18s %-18s %-18s %-16s %s\n",
                    "state", "source", "virtual", "destination", "pe name", "pe_data"));
        } else {
            b.append(String.format("pro expire %-11s %-18s %-18s %s\n", "state", "source", "virtual", "destination"));
        }
        for (Connection c : s.connections()) {
            String expire = String.format("%02d:%02d", c.expireSeconds() / 60, c.expireSeconds() % 60);
            if (persistentConn && !c.peName().isEmpty()) {
                b.append(String.format("%-3s %-6s %-11s %-18s %-18s %-16s %-18s %s\n", c.protocol(), expire,
                        c.state(), ep(c.client()), ep(c.virtual()), ep(c.destination()), c.peName(), c.peData()));
            } else {
                b.append(String.format("%-3s %-6s %-11s %-18s %-18s %s\n", c.protocol(), expire, c.state(),
                        ep(c.client()), ep(c.virtual()), ep(c.destination())));
            }
        }
        return b.toString();
    }

    /** ipvsadm's {@code print_largenum} (the leading blank included). */
    public static String largenum(long v, boolean exact) {
        String digits = Long.toUnsignedString(v);
        if (exact) {
            return pad(digits, Math.max(9, digits.length() + 1));
        }
        if (Long.compareUnsigned(v, 100_000_000L) < 0) {
            return pad(digits, 9);
        }
        long[] div = {1_000L, 1_000_000L, 1_000_000_000L, 1_000_000_000_000L};
        long[] below = {1_000_000_000L, 100_000_000_000L, 100_000_000_000_000L};
        String units = "KMGT";
        int k = 0;
        while (k < below.length && Long.compareUnsigned(v, below[k]) >= 0) {
            k++;
        }
        return pad(Long.toUnsignedString(Long.divideUnsigned(v, div[k])), 8) + units.charAt(k);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    private static String csumOption(Tunnel t) {
        return switch (t.checksum()) {
            case NOCSUM -> "--tun-nocsum";
            case CSUM -> "--tun-csum";
            case REMCSUM -> "--tun-remcsum";
        };
    }

    private static void title(StringBuilder b, ListOptions o) {
        if (o.stats()) {
            b.append(String.format("%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n",
                    "Prot LocalAddress:Port", "Conns", "InPkts", "OutPkts", "InBytes", "OutBytes"));
        } else if (o.rate()) {
            b.append(String.format("%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n",
                    "Prot LocalAddress:Port", "CPS", "InPPS", "OutPPS", "InBPS", "OutBPS"));
        } else if (o.thresholds()) {
            b.append(String.format("%-33s %-10s %-10s %-10s %-10s\n  -> RemoteAddress:Port\n",
                    "Prot LocalAddress:Port", "Uthreshold", "Lthreshold", "ActiveConn", "InActConn"));
        } else if (o.persistentConn()) {
            b.append(String.format("%-33s %-9s %-11s %-10s %-10s\n  -> RemoteAddress:Port\n",
                    "Prot LocalAddress:Port", "Weight", "PersistConn", "ActiveConn", "InActConn"));
        } else if (o.tunInfo()) {
            b.append("Prot LocalAddress:Port Scheduler Flags\n"
                    + "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n");
        } else {
            b.append("Prot LocalAddress:Port Scheduler Flags\n"
                    + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
        }
    }

    private static void service(StringBuilder b, Service svc, ListOptions o) {
        String name = switch (svc.key()) {
            case AddressKey a -> String.format("%-4s %s", a.protocol().name(), addrPort(a.address(), a.port(), 1000));
            case FwmarkKey f -> "FWM  " + f.mark() + (f.family() == Family.INET6 ? " IPv6" : "");
        };
        if (svc.key().family() == Family.INET && name.length() > 33) {
            name = name.substring(0, 33);
        }
        if (o.stats()) {
            b.append(String.format("%-33s", name)).append(counters(svc.stats(), o.exact())).append('\n');
        } else if (o.rate()) {
            b.append(String.format("%-33s", name)).append(counters(svc.rates(), o.exact())).append('\n');
        } else {
            b.append(name).append(' ').append(svc.scheduler());
            if (svc.schedFlags().bits() != 0) {
                b.append(" (").append(SchedFlagNames.render(svc.scheduler(), svc.schedFlags())).append(')');
            }
            var p = svc.persistence();
            if (p.persistent()) {
                b.append(" persistent ").append(p.timeout());
                if (svc.key().family() == Family.INET) {
                    if (p.netmask() != 0xFFFF_FFFFL) {
                        b.append(" mask ").append(mask(p.netmask()));
                    }
                } else if (p.netmask() != 128) {
                    b.append(" mask ").append(p.netmask());
                }
                if (!p.peName().isEmpty()) {
                    b.append(" pe ").append(p.peName());
                }
            }
            if (svc.onePacket()) {
                b.append(" ops");
            }
            b.append('\n');
        }
        for (Destination d : sortedDests(svc.destinations(), o.noSort())) {
            String dn = addrPort(d.address(), d.port(), 28);
            if (o.stats()) {
                b.append(String.format("  -> %-28s", dn)).append(counters(d.stats(), o.exact())).append('\n');
            } else if (o.rate()) {
                Counters r = d.rates();
                b.append(String.format("  -> %-28s %8s %8s %8s", dn, Long.toUnsignedString(r.conns()),
                        Long.toUnsignedString(r.inPackets()), Long.toUnsignedString(r.outPackets())))
                        .append(largenum(r.inBytes(), o.exact())).append(largenum(r.outBytes(), o.exact()))
                        .append('\n');
            } else if (o.thresholds()) {
                b.append(String.format("  -> %-28s %-10s %-10s %-10s %-10s\n", dn, u(d.upperThreshold()),
                        u(d.lowerThreshold()), u(d.activeConns()), u(d.inactiveConns())));
            } else if (o.persistentConn()) {
                b.append(String.format("  -> %-28s %-9d %-11s %-10s %-10s\n", dn, d.weight(), u(d.persistentConns()),
                        u(d.activeConns()), u(d.inactiveConns())));
            } else if (o.tunInfo()) {
                b.append(String.format("  -> %-28s %-7s %-13s %-6d %-10s %-10s\n", dn, d.forwarding().listed(),
                        tunInfo(d), d.weight(), u(d.activeConns()), u(d.inactiveConns())));
            } else {
                b.append(String.format("  -> %-28s %-7s %-6d %-10s %-10s\n", dn, d.forwarding().listed(), d.weight(),
                        u(d.activeConns()), u(d.inactiveConns())));
            }
        }
    }

    private static String tunInfo(Destination d) {
        if (d.forwarding() != IpvsSnapshot.Forwarding.TUNNEL) {
            return "n/a";
        }
        Tunnel t = d.tunnel().orElse(Tunnel.IPIP);
        String csum = switch (t.checksum()) {
            case NOCSUM -> "-c";
            case CSUM -> "+c";
            case REMCSUM -> "r+c";
        };
        return switch (t.type()) {
            case IPIP -> "ipip";
            case GUE -> "gue:" + t.port() + ":" + csum;
            case GRE -> "gre:" + csum;
        };
    }

    private static String u(long v) {
        return Long.toUnsignedString(v);
    }

    private static String counters(Counters c, boolean exact) {
        return largenum(c.conns(), exact) + largenum(c.inPackets(), exact) + largenum(c.outPackets(), exact)
                + largenum(c.inBytes(), exact) + largenum(c.outBytes(), exact);
    }

    private static String mask(long m) {
        return ((m >> 24) & 0xff) + "." + ((m >> 16) & 0xff) + "." + ((m >> 8) & 0xff) + "." + (m & 0xff);
    }

    /** {@code addr:port}, IPv6 as {@code [addr]:port}; IPv4 text cut at {@code max} as ipvsadm cuts names. */
    static String addrPort(io.fulcrum.common.IpAddress a, int port, int max) {
        if (a.isV4()) {
            String s = a + ":" + port;
            return s.length() > max ? s.substring(0, max) : s;
        }
        return "[" + a + "]:" + port;
    }

    private static String ep(Endpoint e) {
        return addrPort(e.address(), e.port(), 1000);
    }

    private static String serviceToken(ServiceKey k) {
        return switch (k) {
            case AddressKey a -> switch (a.protocol()) {
                case TCP -> "-t ";
                case UDP -> "-u ";
                case SCTP -> "--sctp-service ";
            } + addrPort(a.address(), a.port(), 1000);
            case FwmarkKey f -> "-f " + f.mark() + (f.family() == Family.INET6 ? " -6" : "");
        };
    }

    static final Comparator<Service> SERVICE_ORDER = Comparator
            .comparingLong((Service s) -> s.key() instanceof FwmarkKey f ? f.mark() : 0)
            .thenComparing(s -> s.key().family())
            .thenComparingInt(s -> s.key() instanceof AddressKey a ? a.protocol().number() : 0)
            .thenComparing((Service s) -> s.key() instanceof AddressKey a ? a.address() : null,
                    Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(s -> s.key() instanceof AddressKey a ? a.port() : 0);

    static final Comparator<Destination> DEST_ORDER =
            Comparator.comparing(Destination::address).thenComparingInt(Destination::port);

    private static List<Service> sorted(List<Service> services, boolean noSort) {
        List<Service> l = new ArrayList<>(services);
        if (!noSort) {
            l.sort(SERVICE_ORDER);
        }
        return l;
    }

    private static List<Destination> sortedDests(List<Destination> dests, boolean noSort) {
        List<Destination> l = new ArrayList<>(dests);
        if (!noSort) {
            l.sort(DEST_ORDER);
        }
        return l;
    }
}
