package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.common.IpPrefix;
import io.fulcrum.config.model.IpAddressSpec;
import io.fulcrum.config.model.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads and writes address entries ({@code static_ipaddress}, {@code virtual_ipaddress},
 * {@code virtual_ipaddress_excluded}): {@code IP[/LEN] [brd IP|+|-] [dev IF] [scope S] [label L] [peer IP] [home]
 * [-nodad] [mngtmpaddr] [noprefixroute] [autojoin] [no_track] [preferred_lft N|forever] [use_vmac]
 * [track_group G]}, with keepalived's messages for what it rejects.
 */
final class AddressEntries {

    private AddressEntries() {
    }

    /** Where an entry appears: decides which of use_vmac and track_group it may have. */
    enum Kind {
        STATIC, VIP, EXCLUDED
    }

    /** Reads one entry; the address is the statement's first word. Empty when the entry must be skipped. */
    static Optional<IpAddressSpec> read(Args a, Kind kind) {
        Optional<IpPrefix> addr = address(a);
        if (addr.isEmpty()) {
            return Optional.empty();
        }
        IpPrefix p = addr.get();
        boolean v4 = p.address().isV4();
        Optional<IpAddress> brd = Optional.empty();
        Optional<String> dev = Optional.empty();
        Optional<Scope> scope = Optional.empty();
        Optional<String> label = Optional.empty();
        Optional<IpAddress> peer = Optional.empty();
        boolean home = false;
        boolean noDad = false;
        boolean mngTmp = false;
        boolean noPrefixRoute = false;
        boolean autoJoin = false;
        boolean noTrack = false;
        boolean useVmac = false;
        OptionalLong preferred = OptionalLong.empty();
        Optional<String> trackGroup = Optional.empty();
        for (int i = 0; i < a.count(); i++) {
            String w = a.text(i);
            boolean needsValue = switch (w) {
                case "dev", "scope", "broadcast", "brd", "label", "peer", "preferred_lft", "track_group" -> true;
                default -> false;
            };
            if (needsValue && !a.has(i + 1)) {
                a.errorAt(a.token(i), "Missing value for '" + w + "' of ip address " + a.keyword() + " - ignoring");
                break;
            }
            switch (w) {
                case "dev" -> dev = Optional.of(a.text(++i));
                case "scope" -> {
                    Optional<Scope> s = Scope.parse(a.text(++i));
                    if (s.isEmpty()) {
                        a.errorAt(a.token(i), "Invalid scope '" + a.text(i) + "' specified for " + a.keyword()
                                + " - ignoring");
                    }
                    scope = s.isPresent() ? s : scope;
                }
                case "broadcast", "brd" -> {
                    Optional<IpAddress> b = broadcast(a, ++i, p);
                    brd = b.isPresent() ? b : brd;
                }
                case "label" -> {
                    String l = a.text(++i);
                    if (l.length() > 15) {
                        a.errorAt(a.token(i), "Label '" + l + "' too long - ignoring");
                    } else {
                        label = Optional.of(l);
                    }
                }
                case "peer" -> {
                    Optional<IpAddress> pa = IpAddress.tryParse(a.text(++i));
                    if (pa.isEmpty() || pa.get().isV4() != v4) {
                        a.errorAt(a.token(i), "Invalid peer address " + a.text(i));
                    } else {
                        peer = pa;
                    }
                }
                case "home" -> home = true;
                case "-nodad" -> noDad = true;
                case "mngtmpaddr" -> mngTmp = true;
                case "noprefixroute" -> noPrefixRoute = true;
                case "autojoin" -> autoJoin = true;
                case "no_track" -> noTrack = true;
                case "preferred_lft" -> {
                    String v = a.text(++i);
                    if (v.equals("forever")) {
                        preferred = OptionalLong.of(IpAddressSpec.FOREVER);
                    } else {
                        OptionalLong n = a.integer(i, 0, IpAddressSpec.FOREVER);
                        preferred = n.isPresent() ? n : preferred;
                    }
                }
                case "use_vmac" -> {
                    if (kind == Kind.STATIC) {
                        unknown(a, i);
                    } else {
                        useVmac = true;
                    }
                }
                case "track_group" -> {
                    if (kind == Kind.STATIC) {
                        trackGroup = Optional.of(a.text(++i));
                    } else {
                        unknown(a, i++);
                    }
                }
                default -> unknown(a, i);
            }
        }
        if (!v4 && p.prefixLength() == 128 && preferred.isEmpty()) {
            preferred = OptionalLong.of(0);
        }
        return Optional.of(new IpAddressSpec(p, brd, dev, scope, label, peer, home, noDad, mngTmp, noPrefixRoute,
                autoJoin, preferred, noTrack, useVmac, trackGroup));
    }

    private static void unknown(Args a, int i) {
        a.errorAt(a.token(i), "Unknown configuration entry '" + a.text(i) + "' for ip address - ignoring");
    }

    /** {@code IP[/LEN]}: a bad address skips the entry; a bad length is replaced by the host length. */
    private static Optional<IpPrefix> address(Args a) {
        String text = a.keyword();
        int slash = text.indexOf('/');
        Optional<IpAddress> ip = IpAddress.tryParse(slash < 0 ? text : text.substring(0, slash));
        if (ip.isEmpty()) {
            a.error("VRRP parsed invalid IP " + text + ". skipping IP...");
            return Optional.empty();
        }
        int max = ip.get().bitLength();
        if (slash < 0) {
            return Optional.of(IpPrefix.host(ip.get()));
        }
        String len = text.substring(slash + 1);
        if (!len.matches("[0-9]{1,3}") || Integer.parseInt(len) > max) {
            a.error("Invalid address prefix len " + len + " for address " + text + " - using " + max);
            return Optional.of(IpPrefix.host(ip.get()));
        }
        return Optional.of(new IpPrefix(ip.get(), Integer.parseInt(len)));
    }

    private static Optional<IpAddress> broadcast(Args a, int i, IpPrefix p) {
        String v = a.text(i);
        if (v.equals("+") || v.equals("-")) {
            if (!p.address().isV4()) {
                a.errorAt(a.token(i), "Broadcast address not valid for IPv6 address " + a.keyword() + " - ignoring");
                return Optional.empty();
            }
            if (p.prefixLength() >= 31) {
                a.errorAt(a.token(i), "Address prefix length " + p.prefixLength() + " too long for broadcast");
                return Optional.empty();
            }
            IpAddress net = p.address().masked(p.prefixLength());
            return Optional.of(v.equals("-") ? net : net.plus((1L << (32 - p.prefixLength())) - 1));
        }
        Optional<IpAddress> b = IpAddress.tryParse(v);
        if (b.isEmpty() || b.get().isV4() != p.address().isV4()) {
            a.errorAt(a.token(i), "Invalid broadcast address " + v + " for " + a.keyword() + " - ignoring");
            return Optional.empty();
        }
        return b;
    }

    /** The entry as words, in canonical order. */
    static List<String> words(IpAddressSpec s) {
        List<String> w = new ArrayList<>();
        w.add(s.address().isHost() ? s.address().address().toString() : s.address().toString());
        s.broadcast().ifPresent(b -> w.addAll(List.of("brd", b.toString())));
        s.dev().ifPresent(d -> w.addAll(List.of("dev", d)));
        s.scope().ifPresent(sc -> w.addAll(List.of("scope", sc.toString())));
        s.label().ifPresent(l -> w.addAll(List.of("label", l)));
        s.peer().ifPresent(pe -> w.addAll(List.of("peer", pe.toString())));
        flag(w, s.home(), "home");
        flag(w, s.noDad(), "-nodad");
        flag(w, s.mngTmpAddr(), "mngtmpaddr");
        flag(w, s.noPrefixRoute(), "noprefixroute");
        flag(w, s.autoJoin(), "autojoin");
        flag(w, s.noTrack(), "no_track");
        s.preferredLifetime().ifPresent(l -> w.addAll(List.of("preferred_lft",
                l == IpAddressSpec.FOREVER ? "forever" : Long.toString(l))));
        flag(w, s.useVmac(), "use_vmac");
        s.trackGroup().ifPresent(g -> w.addAll(List.of("track_group", g)));
        return w;
    }

    static void flag(List<String> w, boolean set, String word) {
        if (set) {
            w.add(word);
        }
    }
}
