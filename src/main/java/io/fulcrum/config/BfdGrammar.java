package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.BfdEvents;
import io.fulcrum.config.model.BfdInstance;
import io.fulcrum.config.model.Defaults;
import io.fulcrum.config.model.KeepalivedConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** The {@code bfd_instance} block (reference section 1.3): a BFD session that track_bfd and BFD_CHECK use. */
final class BfdGrammar {

    private BfdGrammar() {
    }

    /** A bfd_instance being read. */
    private static final class BfdB {
        final String name;
        Optional<IpAddress> neighbor = Optional.empty();
        String neighborWord = "neighbor";
        Optional<IpAddress> source = Optional.empty();
        Duration minRx = Defaults.BFD_MIN_RX;
        Duration minTx = Defaults.BFD_MIN_TX;
        Duration idleTx = Defaults.BFD_IDLE_TX;
        int multiplier = Defaults.BFD_MULTIPLIER;
        boolean passive;
        OptionalInt ttl = OptionalInt.empty();
        int maxHops = Defaults.BFD_MAX_HOPS;
        boolean multihop;
        int weight = Defaults.BFD_WEIGHT;
        boolean reverse;
        boolean vrrp;
        boolean checker;

        BfdB(String name) {
            this.name = name;
        }
    }

    static final BlockGrammar<BfdB> BFD = bfd();

    private static BlockGrammar<BfdB> bfd() {
        BlockGrammar<BfdB> g = new BlockGrammar<>("bfd_instance");
        for (String kw : new String[] {"neighbor_ip", "neighbour_ip"}) {
            g.add(kw, kw + " IP", "The BFD peer.", (a, b) -> {
                if (!a.arity(1, 1)) {
                    return;
                }
                b.neighborWord = kw.startsWith("neighbour") ? "neighbour" : "neighbor";
                Optional<IpAddress> ip = IpAddress.tryParse(a.text(0));
                if (ip.isEmpty()) {
                    a.errorAt(a.token(0), "Configuration error: BFD instance " + b.name + " has malformed "
                            + b.neighborWord + " address " + a.text(0) + ", ignoring instance");
                }
                b.neighbor = ip;
            });
        }
        g.add("source_ip", "source_ip IP", "Local address of the session.", (a, b) -> {
                if (!a.arity(1, 1)) {
                    return;
                }
                Optional<IpAddress> ip = IpAddress.tryParse(a.text(0));
                if (ip.isEmpty()) {
                    a.errorAt(a.token(0), "Configuration error: BFD instance " + b.name
                            + " has malformed source address " + a.text(0) + ", ignoring");
                } else {
                    b.source = ip;
                }
            })
            .add("min_rx", "min_rx MILLISECONDS", "Required minimum receive interval [10].",
                (a, b) -> millis(a, b, "min_rx").ifPresent(d -> b.minRx = d))
            .add("min_tx", "min_tx MILLISECONDS", "Desired minimum transmit interval [10].",
                (a, b) -> millis(a, b, "min_tx").ifPresent(d -> b.minTx = d))
            .add("idle_tx", "idle_tx MILLISECONDS", "Transmit interval while down [1000].",
                (a, b) -> millis(a, b, "idle_tx").ifPresent(d -> b.idleTx = d))
            .add("multiplier", "multiplier 1..255", "Missed packets before the session is down [5].", (a, b) -> {
                Optional<Integer> v = VrrpInstanceGrammar.number(a, 1, 255);
                if (v.isEmpty()) {
                    a.error("Configuration error: BFD instance " + b.name + " multiplier value "
                            + (a.has(0) ? a.text(0) : "") + " not valid (must be in range [1-255]), ignoring");
                } else {
                    b.multiplier = v.get();
                }
            })
            .add("passive", "passive", "Do not send until the peer does.", (a, b) -> b.passive = Readers.set(a));
        for (String kw : new String[] {"ttl", "hoplimit"}) {
            g.add(kw, kw + " 1..255", "Outgoing TTL / hop limit [255 for IPv4, 64 for IPv6].", (a, b) -> {
                Optional<Integer> v = VrrpInstanceGrammar.number(a, 1, 255);
                if (v.isEmpty()) {
                    a.error("Configuration error: BFD instance " + b.name + " ttl/hoplimit value "
                            + (a.has(0) ? a.text(0) : "") + " not valid (must be in range [1-255]), ignoring");
                } else {
                    b.ttl = OptionalInt.of(v.get());
                }
            });
        }
        g.add("max_hops", "max_hops -1..255", "Largest TTL reduction accepted; 255 disables the check [0].",
                (a, b) -> {
                    if (!a.has(0) || !a.text(0).matches("-?[0-9]{1,3}") || Integer.parseInt(a.text(0)) < -1
                            || Integer.parseInt(a.text(0)) > 255) {
                        a.error("Configuration error: BFD instance " + b.name + " max_hops value "
                                + (a.has(0) ? a.text(0) : "") + " not valid (must be in range [-1-255]), ignoring");
                    } else {
                        b.maxHops = Integer.parseInt(a.text(0));
                    }
                })
            .add("multihop", "multihop", "Multi-hop BFD (RFC 5883).", (a, b) -> b.multihop = Readers.set(a))
            .add("weight", "weight -253..253 [reverse]", "Priority change of tracking instances [0].", (a, b) -> {
                if (!a.has(0) || !a.text(0).matches("-?[0-9]{1,3}") || Math.abs(Integer.parseInt(a.text(0))) > 253) {
                    a.error("Configuration error: BFD instance " + b.name + " weight value "
                            + (a.has(0) ? a.text(0) : "") + " not valid (must be in range [-253-253]), ignoring");
                } else {
                    b.weight = Integer.parseInt(a.text(0));
                }
                if (a.has(1)) {
                    if (a.text(1).equals("reverse")) {
                        b.reverse = true;
                    } else {
                        a.errorAt(a.token(1), "Configuration error: BFD instance " + b.name
                                + " unknown weight option " + a.text(1));
                    }
                }
            })
            .add("vrrp", "vrrp", "Send events to VRRP only.", (a, b) -> b.vrrp = Readers.set(a))
            .add("checker", "checker", "Send events to the checkers only.", (a, b) -> b.checker = Readers.set(a));
        return g;
    }

    private static Optional<Duration> millis(Args a, BfdB b, String kw) {
        a.arity(1, 1);
        Optional<Duration> ms = a.has(0) ? Durations.parse(a.text(0)) : Optional.empty();
        if (ms.isEmpty() || ms.get().compareTo(Duration.ofSeconds(1)) < 0
                || ms.get().compareTo(Duration.ofSeconds(4_294_967)) > 0) {
            a.error("Configuration error: BFD instance " + b.name + " " + kw + " value " + (a.has(0) ? a.text(0) : "")
                    + " is not valid (must be in range [1-4294967]), ignoring");
            return Optional.empty();
        }
        // the text was read as seconds: it is milliseconds
        return Optional.of(Duration.ofNanos(ms.get().toNanos() / 1000));
    }

    /** Milliseconds with a fraction only when there is one: {@code 10}, {@code 3.312}. */
    static String millis(Duration d) {
        BigDecimal ms = BigDecimal.valueOf(d.toNanos()).movePointLeft(6).stripTrailingZeros();
        return ms.scale() < 0 ? ms.setScale(0).toPlainString() : ms.toPlainString();
    }

    static void bfdInstance(Args a, ConfigBuilder cfg) {
        Optional<String> n = TrackedBlocksGrammar.name(a, "bfd_instance");
        if (n.isEmpty()) {
            return;
        }
        BfdB b = new BfdB(n.get());
        a.block(BFD, b);
        String pre = "Configuration error: BFD instance " + b.name;
        if (cfg.bfdInstances.stream().anyMatch(x -> x.name().equals(b.name))) {
            a.error("BFD " + b.name + " already specified");
            return;
        }
        if (b.neighbor.isEmpty()) {
            a.error(pre + " has no " + b.neighborWord + " address set, disabling instance");
            return;
        }
        IpAddress nb = b.neighbor.get();
        if (b.source.isPresent() && b.source.get().isV4() != nb.isV4()) {
            a.error(pre + " source address " + b.source.get() + " and " + b.neighborWord + " address " + nb
                    + " are not of the same family, disabling instance");
            return;
        }
        if (cfg.bfdInstances.stream().anyMatch(x -> x.neighbor().equals(nb) && x.source().equals(b.source))) {
            a.error(pre + " has duplicate " + b.source.map(s -> "source/" + b.neighborWord + " address " + s + "/")
                    .orElse(b.neighborWord + " address ") + nb + ", ignoring instance");
            return;
        }
        int ttl = b.ttl.orElse(nb.isV4() ? Defaults.BFD_TTL : Defaults.BFD_HOPLIMIT);
        int maxHops = b.maxHops;
        if (maxHops > ttl) {
            a.warning("BFD instance " + b.name + ": max_hops exceeds ttl/hoplimit - setting to ttl/hoplimit");
            maxHops = ttl;
        }
        BfdEvents events = b.vrrp == b.checker ? BfdEvents.BOTH : b.vrrp ? BfdEvents.VRRP : BfdEvents.CHECKER;
        cfg.bfdInstances.add(new BfdInstance(b.name, nb, b.source, b.minRx, b.minTx, b.idleTx, b.multiplier,
                b.passive, ttl, maxHops, b.multihop, b.weight, b.reverse, events));
    }

    static void dump(KeepalivedConfig c, DumpWriter w) {
        for (BfdInstance b : c.bfdInstances()) {
            w.open("bfd_instance", b.name());
            w.line("neighbor_ip", b.neighbor());
            b.source().ifPresent(s -> w.line("source_ip", s));
            w.line("min_rx", millis(b.minRx()));
            w.line("min_tx", millis(b.minTx()));
            w.line("idle_tx", millis(b.idleTx()));
            w.line("multiplier", b.multiplier());
            w.flag("passive", b.passive());
            w.line(b.neighbor().isV4() ? "ttl" : "hoplimit", b.ttl());
            w.line("max_hops", b.maxHops());
            w.flag("multihop", b.multihop());
            w.line("weight", TrackedBlocksGrammar.weightArgs(b.weight(), b.reverse()));
            switch (b.events()) {
                case BOTH -> { }
                case VRRP -> w.line("vrrp");
                case CHECKER -> w.line("checker");
            }
            w.close();
        }
    }
}
