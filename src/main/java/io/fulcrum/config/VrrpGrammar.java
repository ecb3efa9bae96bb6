package io.fulcrum.config;

import io.fulcrum.config.model.Defaults;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.ScriptSpec;
import io.fulcrum.config.model.VrrpScript;
import java.time.Duration;
import java.util.Optional;

/**
 * The VRRP blocks: vrrp_script, vrrp_sync_group, vrrp_instance (reference sections 1.4 to 1.6). Instances and sync
 * groups are completed once everything is read ({@link VrrpCompletion}).
 */
final class VrrpGrammar {

    private VrrpGrammar() {
    }

    private static final Duration MAX_TIMER = Duration.ofSeconds(86_400);

    /** Builder for one vrrp_script block. */
    private static final class ScriptBuilder {
        final String name;
        Optional<ScriptSpec> script = Optional.empty();
        Optional<String> user = Optional.empty();
        Optional<String> group = Optional.empty();
        Duration interval = Defaults.VRRP_SCRIPT_INTERVAL;
        Optional<Duration> timeout = Optional.empty();
        int weight = Defaults.VRRP_SCRIPT_WEIGHT;
        boolean reverse;
        int rise = Defaults.VRRP_SCRIPT_RISE;
        int fall = Defaults.VRRP_SCRIPT_FALL;
        boolean initFail;

        ScriptBuilder(String name) {
            this.name = name;
        }
    }

    static final BlockGrammar<ScriptBuilder> VRRP_SCRIPT = new BlockGrammar<ScriptBuilder>("vrrp_script")
        .add("script", "script \"COMMAND ARGS\" [USER [:][GROUP]]",
            "The command to run; exit status 0 means OK. Quote it to pass arguments.",
            (a, b) -> b.script = a.script(0))
        .add("interval", "interval SECONDS", "Time between runs [1].",
            (a, b) -> a.timer(0, Duration.ofMillis(1), MAX_TIMER).ifPresent(d -> b.interval = d))
        .add("timeout", "timeout SECONDS", "A run that takes longer counts as a failure [= interval].",
            (a, b) -> b.timeout = a.timer(0, Duration.ofMillis(1), MAX_TIMER))
        .add("weight", "weight -253..253 [reverse]",
            "Priority change while OK (positive) or failing (negative); 0 puts tracking instances in FAULT [0].",
            (a, b) -> {
                a.intArg(0, -253, 253).ifPresent(w -> b.weight = w);
                if (a.has(1)) {
                    if (a.text(1).equals("reverse")) {
                        b.reverse = true;
                    } else {
                        a.errorAt(a.token(1), "'weight': expected 'reverse' after the weight, got '" + a.text(1)
                                + "'");
                    }
                }
            })
        .add("rise", "rise N", "Consecutive successes before the script is OK [1].",
            (a, b) -> a.intArg(0, 1, Integer.MAX_VALUE).ifPresent(v -> b.rise = v))
        .add("fall", "fall N", "Consecutive failures before the script fails [1].",
            (a, b) -> a.intArg(0, 1, Integer.MAX_VALUE).ifPresent(v -> b.fall = v))
        .add("user", "user USER [:][GROUP]", "User (and group) to run the script as [script_user].",
            (a, b) -> a.runAs(0).ifPresent(r -> {
                b.user = Optional.of(r.user());
                b.group = r.group();
            }))
        .add("init_fail", "init_fail", "Start in the failed state until the script succeeds.",
            (a, b) -> a.flag().ifPresent(f -> b.initFail = f));

    static final BlockGrammar<VrrpInstanceBuilder> VRRP_INSTANCE = instanceGrammar();

    private static BlockGrammar<VrrpInstanceBuilder> instanceGrammar() {
        BlockGrammar<VrrpInstanceBuilder> g = new BlockGrammar<>("vrrp_instance");
        VrrpInstanceGrammar.addCore(g);
        VrrpInstanceOptions.add(g);
        return g;
    }

    static void register(BlockGrammar<ConfigBuilder> root) {
        root.addBlock("vrrp_sync_group", "vrrp_sync_group NAME { group { VRRP_INSTANCE ... } ... }",
            "Instances that change state together.", VrrpSyncGroupGrammar.SYNC_GROUP, (a, cfg) -> {
                if (a.count() != 1) {
                    a.error("vrrp_sync_group must have a name - skipping");
                    return;
                }
                VrrpCompletion v = VrrpCompletion.of(cfg);
                String name = a.text(0);
                if (v.groups.stream().anyMatch(s -> s.name.equals(name))) {
                    a.error("vrrp sync group " + name + " already defined");
                    return;
                }
                SyncGroupBuilder b = new SyncGroupBuilder(name, a);
                a.block(VrrpSyncGroupGrammar.SYNC_GROUP, b);
                v.groups.add(b);
            });
        root.addBlock("vrrp_instance", "vrrp_instance NAME { ... }",
            "A VRRP virtual router: its VRID, priority, addresses and behaviour.", VRRP_INSTANCE, (a, cfg) -> {
                if (a.count() != 1) {
                    a.error("vrrp_instance must have a name");
                    return;
                }
                VrrpCompletion v = VrrpCompletion.of(cfg);
                String name = a.text(0);
                if (v.instances.stream().anyMatch(b -> b.name.equals(name))) {
                    a.error("vrrp instance " + name + " already defined");
                    return;
                }
                VrrpInstanceBuilder b = new VrrpInstanceBuilder(cfg, name, a);
                a.block(VRRP_INSTANCE, b);
                v.instances.add(b);
            });
        root.addBlock("vrrp_script", "vrrp_script NAME { ... }",
            "A check command whose result adjusts the priority of the VRRP instances that track it.",
            VRRP_SCRIPT, (a, cfg) -> {
                if (!a.arity(1, 1)) {
                    return;
                }
                ScriptBuilder b = new ScriptBuilder(a.text(0));
                a.block(VRRP_SCRIPT, b);
                if (b.script.isEmpty()) {
                    a.error("vrrp_script " + b.name + " has no 'script'; ignoring it");
                    return;
                }
                if (cfg.vrrpScripts.stream().anyMatch(s -> s.name().equals(b.name))) {
                    a.error("vrrp_script " + b.name + " is defined twice; ignoring this one");
                    return;
                }
                ScriptSpec s = b.script.get();
                if (b.user.isPresent()) {
                    s = new ScriptSpec(s.argv(), b.user, b.group);
                }
                cfg.vrrpScripts.add(new VrrpScript(b.name, s, b.interval, b.timeout.orElse(b.interval), b.weight,
                        b.reverse, b.rise, b.fall, b.initFail));
            });
    }

    static void dump(KeepalivedConfig config, DumpWriter w) {
        dumpScripts(config, w);
        VrrpDump.syncGroups(config, w);
        VrrpDump.instances(config, w);
    }

    private static void dumpScripts(KeepalivedConfig config, DumpWriter w) {
        for (VrrpScript s : config.vrrpScripts()) {
            w.open("vrrp_script", s.name());
            w.script("script", s.script());
            w.line("interval", s.interval());
            w.line("timeout", s.timeout());
            if (s.reverse()) {
                w.line("weight", s.weight(), "reverse");
            } else {
                w.line("weight", s.weight());
            }
            w.line("rise", s.rise());
            w.line("fall", s.fall());
            w.flag("init_fail", s.initFail());
            w.close();
        }
    }
}
