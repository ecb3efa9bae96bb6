package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.BfdEvents;
import io.fulcrum.config.model.BfdInstance;
import io.fulcrum.config.model.Defaults;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.ParamMatch;
import io.fulcrum.config.model.TrackFile;
import io.fulcrum.config.model.TrackFileInit;
import io.fulcrum.config.model.VrrpTrackProcess;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The blocks instances and sync groups track by name (reference section 1.3): {@code track_file} (and the
 * deprecated {@code vrrp_track_file}), {@code vrrp_track_process} and {@code bfd_instance}.
 */
final class TrackedBlocksGrammar {

    private TrackedBlocksGrammar() {
    }

    /** A track_file being read. */
    private static final class FileB {
        Optional<String> file = Optional.empty();
        int weight = Defaults.TRACK_FILE_WEIGHT;
        boolean reverse;
        Optional<TrackFileInit> init = Optional.empty();
    }

    /** A vrrp_track_process being read. */
    private static final class ProcB {
        final String name;
        List<String> command = List.of();
        ParamMatch match = ParamMatch.NONE;
        boolean fullCommand;
        int weight = Defaults.TRACK_PROCESS_WEIGHT;
        boolean reverse;
        int quorum = Defaults.TRACK_PROCESS_QUORUM;
        OptionalInt quorumMax = OptionalInt.empty();
        Duration forkDelay = Duration.ZERO;
        Duration terminateDelay = Duration.ZERO;

        ProcB(String name) {
            this.name = name;
        }
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

    static final BlockGrammar<FileB> TRACK_FILE = new BlockGrammar<FileB>("track_file")
        .add("file", "file PATH", "The file to read a number from.", (a, b) -> {
            if (a.arity(1, 1)) {
                b.file = Optional.of(a.text(0));
            }
        })
        .add("weight", "weight -2147483647..2147483647 [reverse]", "Multiplier of the value read [1].", (a, b) -> {
            a.intArg(0, -Integer.MAX_VALUE, Integer.MAX_VALUE).ifPresent(w -> b.weight = w);
            reverse(a, 1).ifPresent(r -> b.reverse = r);
        })
        .add("init_file", "init_file [VALUE] [overwrite]",
            "Write VALUE [0] to the file at start if it is missing (always with overwrite).", (a, b) -> {
                a.arity(0, 2);
                long v = 0;
                boolean overwrite = false;
                for (int i = 0; i < Math.min(2, a.count()); i++) {
                    if (a.text(i).equals("overwrite")) {
                        overwrite = true;
                    } else {
                        OptionalLong n = a.integer(i, Integer.MIN_VALUE, Integer.MAX_VALUE);
                        if (n.isEmpty()) {
                            return;
                        }
                        v = n.getAsLong();
                    }
                }
                b.init = Optional.of(new TrackFileInit(v, overwrite));
            });

    private static Optional<Boolean> reverse(Args a, int i) {
        if (!a.has(i)) {
            return Optional.of(false);
        }
        if (a.text(i).equals("reverse")) {
            return Optional.of(true);
        }
        a.errorAt(a.token(i), "'" + a.keyword() + "': unknown weight option '" + a.text(i) + "'");
        return Optional.empty();
    }

    static final BlockGrammar<ProcB> TRACK_PROCESS = new BlockGrammar<ProcB>("vrrp_track_process")
        .add("process", "process NAME [PARAMETER ...]", "The process (and parameters) to look for.", (a, b) -> {
            if (!a.has(0)) {
                a.error("'process' expects a process name");
                return;
            }
            if (!b.command.isEmpty()) {
                a.error("Process already set for track process " + b.name + " - ignoring " + a.text(0));
                return;
            }
            List<String> c = new ArrayList<>();
            a.rest(0).forEach(t -> c.add(t.text()));
            b.command = c;
            if (c.size() > 1) {
                if (b.match == ParamMatch.NONE) {
                    b.match = ParamMatch.EXACT;
                }
                b.fullCommand = true;
            }
        })
        .add("param_match", "param_match [initial|partial]", "How parameters are matched [exact].", (a, b) -> {
            a.arity(0, 1);
            if (!a.has(0)) {
                b.match = ParamMatch.EXACT;
            } else if (a.text(0).equals("initial")) {
                b.match = ParamMatch.INITIAL;
            } else if (a.text(0).equals("partial")) {
                b.match = ParamMatch.PARTIAL;
            } else {
                a.errorAt(a.token(0), "Invalid param_match type " + a.text(0) + " - ignoring");
                return;
            }
            b.fullCommand = true;
        })
        .add("weight", "weight -254..254 [reverse]", "Priority change while up (or down, if negative) [1].",
            (a, b) -> {
                if (!a.has(0)) {
                    a.error("No weight specified for track process " + b.name + " - ignoring");
                    return;
                }
                if (!a.text(0).matches("-?[0-9]{1,4}") || Math.abs(Integer.parseInt(a.text(0))) > 254) {
                    a.errorAt(a.token(0), "Weight (" + a.text(0) + ") for vrrp_track_process " + b.name
                            + " must be between [-254..254] inclusive. Ignoring...");
                    return;
                }
                b.weight = Integer.parseInt(a.text(0));
                reverse(a, 1).ifPresent(r -> b.reverse = r);
            })
        .add("quorum", "quorum 1..65535", "Processes needed for up [1].", (a, b) -> {
            OptionalInt q = a.intArg(0, 1, 65535);
            if (q.isPresent() && b.quorumMax.isPresent() && q.getAsInt() > b.quorumMax.getAsInt()) {
                a.error("Quorum is greater than quorum_max - ignoring");
            } else if (q.isPresent()) {
                b.quorum = q.getAsInt();
            }
        })
        .add("quorum_max", "quorum_max 0..65535", "More processes than this is down [no limit].", (a, b) -> {
            OptionalInt q = a.intArg(0, 0, 65535);
            if (q.isEmpty()) {
                return;
            }
            if ((q.getAsInt() > 0 || b.quorum > 1) && q.getAsInt() < b.quorum) {
                a.error("quorum_max is less than quorum - ignoring");
                return;
            }
            b.quorumMax = q;
            if (q.getAsInt() == 0) {
                b.quorum = 0;
            } else if (b.quorum == 0) {
                b.quorum = 1;
            }
        })
        .add("delay", "delay SECONDS", "Sets fork_delay and terminate_delay.",
            (a, b) -> delay(a, b, "").ifPresent(d -> {
                b.forkDelay = d;
                b.terminateDelay = d;
            }))
        .add("terminate_delay", "terminate_delay SECONDS", "Wait before counting a process gone [0].",
            (a, b) -> delay(a, b, "terminate_").ifPresent(d -> b.terminateDelay = d))
        .add("fork_delay", "fork_delay SECONDS", "Wait before counting a new process [0].",
            (a, b) -> delay(a, b, "fork_").ifPresent(d -> b.forkDelay = d))
        .add("full_command", "full_command", "Match the whole command line, not the process name.",
            (a, b) -> b.fullCommand = Readers.set(a));

    private static Optional<Duration> delay(Args a, ProcB b, String prefix) {
        a.arity(1, 1);
        Optional<Duration> d = a.has(0) ? Durations.parse(a.text(0)) : Optional.empty();
        if (d.isEmpty() || d.get().compareTo(Duration.ofNanos(1000)) < 0
                || d.get().compareTo(Duration.ofSeconds(3600)) > 0) {
            a.error(prefix + "delay (" + (a.has(0) ? a.text(0) : "") + ") for vrrp_track_process " + b.name
                    + " must be between [0.000001..3600] inclusive. Ignoring...");
            return Optional.empty();
        }
        return d;
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

    static void register(BlockGrammar<ConfigBuilder> root) {
        root.addBlock("track_file", "track_file NAME { file PATH; weight N [reverse]; init_file [VALUE] [overwrite] }",
                "A file whose number moves the priority of the instances that track it.", TRACK_FILE,
                TrackedBlocksGrammar::trackFile)
            .deprecated("vrrp_track_file", "track_file", "'vrrp_track_file' is deprecated - please use 'track_file'")
            .addBlock("vrrp_track_process", "vrrp_track_process NAME { process CMD ...; weight N; quorum N; ... }",
                "A process whose presence moves the priority of the instances that track it.", TRACK_PROCESS,
                TrackedBlocksGrammar::trackProcess)
            .addBlock("bfd_instance", "bfd_instance NAME { neighbor_ip IP; ... }",
                "An RFC 5880 BFD session, usable by track_bfd and BFD_CHECK.", BFD, TrackedBlocksGrammar::bfdInstance);
    }

    private static Optional<String> name(Args a, String what) {
        if (!a.has(0)) {
            a.error(what + " must have a name - skipping");
            return Optional.empty();
        }
        a.arity(1, 1);
        return Optional.of(a.text(0));
    }

    private static void trackFile(Args a, ConfigBuilder cfg) {
        Optional<String> n = name(a, "track_file");
        if (n.isEmpty()) {
            return;
        }
        FileB b = new FileB();
        a.block(TRACK_FILE, b);
        if (cfg.trackFiles.stream().anyMatch(f -> f.name().equals(n.get()))) {
            a.error("track_file " + n.get() + " already defined - ignoring");
        } else if (b.file.isEmpty()) {
            a.error("No file set for track_file " + n.get() + " - removing");
        } else {
            cfg.trackFiles.add(new TrackFile(n.get(), b.file.get(), b.weight, b.reverse, b.init));
        }
    }

    private static void trackProcess(Args a, ConfigBuilder cfg) {
        Optional<String> n = name(a, "vrrp_track_process");
        if (n.isEmpty()) {
            return;
        }
        ProcB b = new ProcB(n.get());
        a.block(TRACK_PROCESS, b);
        if (cfg.trackProcesses.stream().anyMatch(p -> p.name().equals(b.name))) {
            a.error("vrrp_track_process " + b.name + " already defined - ignoring");
        } else if (b.command.isEmpty()) {
            a.error("track process '" + b.name + "' process name not specified");
        } else {
            cfg.trackProcesses.add(new VrrpTrackProcess(b.name, b.command, b.match, b.weight, b.reverse, b.quorum,
                    b.quorumMax, b.forkDelay, b.terminateDelay, b.fullCommand));
        }
    }

    private static void bfdInstance(Args a, ConfigBuilder cfg) {
        Optional<String> n = name(a, "bfd_instance");
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
        for (TrackFile f : c.trackFiles()) {
            w.open("track_file", f.name());
            w.line("file", f.file());
            w.line("weight", weightArgs(f.weight(), f.reverse()));
            f.init().ifPresent(i -> w.line("init_file", i.overwrite() ? new Object[] {i.value(), "overwrite"}
                    : new Object[] {i.value()}));
            w.close();
        }
        for (VrrpTrackProcess p : c.trackProcesses()) {
            w.open("vrrp_track_process", p.name());
            w.words(prepend("process", p.command()));
            switch (p.paramMatch()) {
                case NONE, EXACT -> { }
                case PARTIAL -> w.line("param_match", "partial");
                case INITIAL -> w.line("param_match", "initial");
            }
            if (p.paramMatch() == ParamMatch.EXACT && p.command().size() == 1) {
                w.line("param_match");
            }
            w.line("weight", weightArgs(p.weight(), p.reverse()));
            p.quorumMax().ifPresent(q -> w.line("quorum_max", q));
            if (p.quorum() > 0) {
                w.line("quorum", p.quorum());
            }
            if (!p.forkDelay().isZero()) {
                w.line("fork_delay", p.forkDelay());
            }
            if (!p.terminateDelay().isZero()) {
                w.line("terminate_delay", p.terminateDelay());
            }
            w.flag("full_command", p.fullCommand());
            w.close();
        }
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
            w.line("weight", weightArgs(b.weight(), b.reverse()));
            switch (b.events()) {
                case BOTH -> { }
                case VRRP -> w.line("vrrp");
                case CHECKER -> w.line("checker");
            }
            w.close();
        }
    }

    static Object[] weightArgs(int weight, boolean reverse) {
        return reverse ? new Object[] {weight, "reverse"} : new Object[] {weight};
    }

    static List<String> prepend(String first, List<String> rest) {
        List<String> l = new ArrayList<>();
        l.add(first);
        l.addAll(rest);
        return l;
    }
}
