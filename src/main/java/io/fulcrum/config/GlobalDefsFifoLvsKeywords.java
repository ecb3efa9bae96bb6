package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.Defaults;
import io.fulcrum.config.model.FlushOnStop;
import io.fulcrum.config.model.LvsSyncDaemon;
import io.fulcrum.config.model.LvsTimeouts;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** The global_defs keywords for notify FIFOs, IPVS, dump files and reload checks. */
final class GlobalDefsFifoLvsKeywords {

    private GlobalDefsFifoLvsKeywords() {
    }

    static void add(BlockGrammar<GlobalDefsBuilder> g) {
        fifo(g, "", "VRRP and checker events", b -> b.fifo);
        fifo(g, "vrrp_", "VRRP events", b -> b.vrrpFifo);
        fifo(g, "lvs_", "checker events", b -> b.lvsFifo);
        g.add("fifo_write_vrrp_states_on_reload", "fifo_write_vrrp_states_on_reload",
                "After a reload, write every instance's state to the notify FIFOs.",
                (a, b) -> b.writeVrrpStatesOnReload = Readers.set(a));
        lvs(g);
        files(g);
    }

    private interface FifoOf {
        GlobalDefsBuilder.FifoBuilder of(GlobalDefsBuilder b);
    }

    private static void fifo(BlockGrammar<GlobalDefsBuilder> g, String prefix, String what, FifoOf of) {
        g.add(prefix + "notify_fifo", prefix + "notify_fifo PATH [USER [GROUP]]",
                "Named pipe that receives " + what + ".", (a, b) -> {
                    GlobalDefsBuilder.FifoBuilder f = of.of(b);
                    if (!a.has(0)) {
                        a.error("No " + prefix + "notify_fifo name specified");
                        return;
                    }
                    if (f.path.isPresent()) {
                        a.error(prefix + "notify_fifo already specified - ignoring " + a.text(0));
                        return;
                    }
                    if (a.has(1)) {
                        var owner = a.runAs(1);
                        if (owner.isEmpty()) {
                            return;
                        }
                        f.owner = owner;
                    }
                    f.path = Optional.of(a.text(0));
                })
            .add(prefix + "notify_fifo_script", prefix + "notify_fifo_script SCRIPT [USER [GROUP]]",
                "Script started to read the " + prefix + "notify_fifo (gets the FIFO's path as last argument).",
                (a, b) -> {
                    GlobalDefsBuilder.FifoBuilder f = of.of(b);
                    if (!a.has(0)) {
                        a.error("No " + prefix + "notify_fifo_script specified");
                        return;
                    }
                    if (f.script.isPresent()) {
                        a.error(prefix + "notify_fifo_script already specified - ignoring " + a.text(0));
                        return;
                    }
                    f.script = a.script(0);
                    f.scriptAt = Optional.of(a);
                });
    }

    private static void lvs(BlockGrammar<GlobalDefsBuilder> g) {
        g.add("lvs_sync_daemon",
                "lvs_sync_daemon IF [[inst] VRRP_INSTANCE] [id 0..255] [maxlen 1..65507] [port N] [ttl 1..255] [group ADDR]",
                "Run the IPVS connection sync daemon, following an instance's state.",
                GlobalDefsFifoLvsKeywords::syncDaemon)
            .add("lvs_timeouts", "lvs_timeouts [tcp S] [tcpfin S] [udp S]", "IPVS connection timeouts to set.",
                GlobalDefsFifoLvsKeywords::timeouts)
            .add("lvs_flush", "lvs_flush", "Flush the IPVS table at startup.", (a, b) -> b.lvsFlush = Readers.set(a))
            .add("lvs_flush_on_stop", "lvs_flush_on_stop [VS]",
                "Flush the IPVS table at shutdown (VS: remove virtual servers only).", (a, b) -> {
                    a.arity(0, 1);
                    if (!a.has(0)) {
                        b.flushOnStop = FlushOnStop.FULL;
                    } else if (a.text(0).equals("VS")) {
                        b.flushOnStop = FlushOnStop.VS;
                    } else {
                        a.errorAt(a.token(0), "Unknown lvs_flush_on_stop type " + a.text(0));
                    }
                })
            .add("rs_init_notifies", "rs_init_notifies", "Notify the initial state of every real server.",
                (a, b) -> b.rsInitNotifies = Readers.set(a));
    }

    private static void syncDaemon(Args a, GlobalDefsBuilder b) {
        if (b.syncDaemon.isPresent()) {
            a.error("lvs_sync_daemon has already been specified as " + b.syncDaemon.get().interfaceName()
                    + b.syncDaemon.get().instance().map(s -> " " + s).orElse("") + " - ignoring");
            return;
        }
        if (!a.has(0)) {
            a.error("lvs_sync_daemon requires interface");
            return;
        }
        if (a.text(0).length() >= 16) {
            a.errorAt(a.token(0), "lvs_sync_daemon interface name '" + a.text(0) + "' too long - ignoring");
            return;
        }
        Optional<String> inst = Optional.empty();
        OptionalInt id = OptionalInt.empty();
        OptionalInt maxLen = OptionalInt.empty();
        int port = Defaults.LVS_SYNCD_PORT;
        OptionalInt ttl = OptionalInt.empty();
        IpAddress group = IpAddress.parse(Defaults.LVS_SYNCD_GROUP);
        for (int i = 1; i < a.count(); i++) {
            String w = a.text(i);
            boolean option = switch (w) {
                case "inst", "id", "maxlen", "port", "ttl", "group" -> true;
                default -> false;
            };
            if (option && !a.has(i + 1)) {
                a.errorAt(a.token(i), "No value specified for lvs_sync_daemon " + w + " - ignoring");
                continue;
            }
            switch (w) {
                case "inst" -> {
                    if (inst.isPresent()) {
                        a.errorAt(a.token(i), "lvs_sync_daemon vrrp instance has already been specified as "
                                + inst.get() + " - ignoring");
                    } else {
                        inst = Optional.of(a.text(i + 1));
                    }
                    i++;
                }
                case "id" -> {
                    OptionalInt v = syncdValue(a, ++i, 0, 255, "Invalid syncid (%s) - defaulting to vrid");
                    id = v.isPresent() ? v : id;
                }
                case "maxlen" -> {
                    OptionalInt v = syncdValue(a, ++i, 1, 65507, "Invalid lvs_sync_daemon maxlen (%s) - ignoring");
                    maxLen = v.isPresent() ? v : maxLen;
                }
                case "port" -> {
                    OptionalInt v = syncdValue(a, ++i, 1, 65535, "Invalid lvs_sync_daemon port (%s) - ignoring");
                    port = v.isPresent() ? v.getAsInt() : port;
                }
                case "ttl" -> {
                    OptionalInt v = syncdValue(a, ++i, 1, 255, "Invalid lvs_sync_daemon ttl (%s) - ignoring");
                    ttl = v.isPresent() ? v : ttl;
                }
                case "group" -> {
                    i++;
                    Optional<IpAddress> ga = IpAddress.tryParse(a.text(i));
                    if (ga.isEmpty()) {
                        a.errorAt(a.token(i), "Invalid lvs_sync_daemon group (" + a.text(i) + ") - ignoring");
                    } else if (!ga.get().isMulticast()) {
                        a.errorAt(a.token(i), "lvs_sync_daemon group address " + a.text(i)
                                + " is not multicast - ignoring");
                    } else {
                        group = ga.get();
                    }
                }
                default -> {
                    // keepalived's backward-compatible positional form: IF VRRP_INSTANCE [SYNC_ID]
                    if (i == 1 && inst.isEmpty()) {
                        inst = Optional.of(w);
                    } else if (i == 2 && w.matches("[0-9]+")) {
                        OptionalInt v = syncdValue(a, i, 0, 255, "Invalid syncid (%s) - defaulting to vrid");
                        if (v.isPresent()) {
                            a.warningAt(a.token(i), "Please use keyword \"id\" before lvs_sync_daemon SYNCID");
                            id = v;
                        }
                    } else {
                        a.errorAt(a.token(i), "Unknown option " + w + " specified for lvs_sync_daemon");
                    }
                }
            }
        }
        b.syncDaemon = Optional.of(new LvsSyncDaemon(a.text(0), inst, id, maxLen, port, ttl, group));
        b.syncDaemonAt = Optional.of(a);
        VrrpCompletion.of(b.config()); // checks the instance and fills in the sync id once instances are known
    }

    private static OptionalInt syncdValue(Args a, int i, int min, int max, String message) {
        String v = a.text(i);
        if (!v.matches("[0-9]{1,9}") || Integer.parseInt(v) < min || Integer.parseInt(v) > max) {
            a.errorAt(a.token(i), message.replace("%s", v));
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(v));
    }

    private static void timeouts(Args a, GlobalDefsBuilder b) {
        if (a.count() < 2) {
            a.error("lvs_timeouts requires at least one option");
            return;
        }
        for (int i = 0; i < a.count(); i++) {
            String w = a.text(i);
            if (!w.equals("tcp") && !w.equals("tcpfin") && !w.equals("udp")) {
                a.errorAt(a.token(i), "Unknown option " + w + " specified for lvs_timeouts");
                continue;
            }
            if (!a.has(i + 1)) {
                a.errorAt(a.token(i), "No value specified for lvs_timeout " + w + " - ignoring");
                continue;
            }
            String x = a.text(++i);
            if (!x.matches("[0-9]{1,9}") || Integer.parseInt(x) > LvsTimeouts.MAX_SECONDS) {
                a.errorAt(a.token(i), "Invalid lvs_timeout " + w + " (" + x + ") - ignoring");
                continue;
            }
            OptionalInt v = OptionalInt.of(Integer.parseInt(x));
            switch (w) {
                case "tcp" -> b.lvsTcp = v;
                case "tcpfin" -> b.lvsTcpFin = v;
                default -> b.lvsUdp = v;
            }
        }
    }

    private static void files(BlockGrammar<GlobalDefsBuilder> g) {
        g.add("state_dump_file", "state_dump_file PATH", "Where SIGUSR1 writes the state [tmp/keepalived.data].",
                (a, b) -> path(a).ifPresent(p -> b.stateDumpFile = Optional.of(p)))
            .add("stats_dump_file", "stats_dump_file PATH",
                "Where SIGUSR2 writes statistics [tmp/keepalived.stats].",
                (a, b) -> path(a).ifPresent(p -> b.statsDumpFile = Optional.of(p)))
            .add("json_dump_file", "json_dump_file PATH", "Where the JSON state dump goes [tmp/keepalived.json].",
                (a, b) -> path(a).ifPresent(p -> b.jsonDumpFile = Optional.of(p)))
            .add("json_version", "json_version 1|2", "Format of the JSON state dump [1].",
                (a, b) -> a.intArg(0, 1, 2).ifPresent(v -> b.jsonVersion = v))
            .add("reload_check_config", "reload_check_config [LOGFILE]",
                "Check a new configuration before reloading, logging to LOGFILE [/dev/null].", (a, b) -> {
                    a.arity(0, 1);
                    b.reloadCheckConfig = Optional.of(a.has(0) ? a.text(0) : Defaults.RELOAD_CHECK_CONFIG_LOG);
                })
            .add("random_seed", "random_seed N", "Seed for ${_RANDOM} and timer jitter.", (a, b) -> {
                a.arity(1, 1);
                if (!a.has(0) || !a.text(0).matches("[0-9]{1,10}") || Long.parseLong(a.text(0)) > 0xFFFF_FFFFL) {
                    a.error("random_seed " + (a.has(0) ? a.text(0) : "") + " invalid");
                    return;
                }
                b.randomSeed = OptionalLong.of(Long.parseLong(a.text(0)));
            });
    }

    private static Optional<String> path(Args a) {
        return a.arity(1, 1) ? Optional.of(a.text(0)) : Optional.empty();
    }
}
