package io.fulcrum.config;

import io.fulcrum.config.model.Defaults;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.ParamMatch;
import io.fulcrum.config.model.TrackFile;
import io.fulcrum.config.model.TrackFileInit;
import io.fulcrum.config.model.VrrpTrackProcess;
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
            Optional<Integer> n = VrrpInstanceGrammar.number(a, 1, 65535);
            if (n.isEmpty()) {
                a.error("Quorum (" + (a.has(0) ? a.text(0) : "") + ") for vrrp_track_process " + b.name
                        + " must be between [1..65535] inclusive. Ignoring...");
                return;
            }
            OptionalInt q = OptionalInt.of(n.get());
            if (b.quorumMax.isPresent() && q.getAsInt() > b.quorumMax.getAsInt()) {
                a.error("Quorum is greater than quorum_max - ignoring");
            } else {
                b.quorum = q.getAsInt();
            }
        })
        .add("quorum_max", "quorum_max 0..65535", "More processes than this is down [no limit].", (a, b) -> {
            Optional<Integer> n = VrrpInstanceGrammar.number(a, 0, 65535);
            if (n.isEmpty()) {
                a.error("quorum_max (" + (a.has(0) ? a.text(0) : "") + ") for vrrp_track_process " + b.name
                        + " must be between [0..65535] inclusive. Ignoring...");
                return;
            }
            OptionalInt q = OptionalInt.of(n.get());
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

    static void register(BlockGrammar<ConfigBuilder> root) {
        root.addBlock("track_file", "track_file NAME { file PATH; weight N [reverse]; init_file [VALUE] [overwrite] }",
                "A file whose number moves the priority of the instances that track it.", TRACK_FILE,
                TrackedBlocksGrammar::trackFile)
            .deprecated("vrrp_track_file", "track_file", "'vrrp_track_file' is deprecated - please use 'track_file'")
            .addBlock("vrrp_track_process", "vrrp_track_process NAME { process CMD ...; weight N; quorum N; ... }",
                "A process whose presence moves the priority of the instances that track it (/proc is read every"
                    + " 200 ms; keepalived uses the kernel's process events).", TRACK_PROCESS,
                TrackedBlocksGrammar::trackProcess)
            .addBlock("bfd_instance", "bfd_instance NAME { neighbor_ip IP; ... }",
                "An RFC 5880 BFD session, usable by track_bfd and BFD_CHECK.", BfdGrammar.BFD, BfdGrammar::bfdInstance);
    }

    static Optional<String> name(Args a, String what) {
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
