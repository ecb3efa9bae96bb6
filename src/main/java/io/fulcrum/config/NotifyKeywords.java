package io.fulcrum.config;

import io.fulcrum.config.model.NotifyScripts;
import io.fulcrum.config.model.ScriptSpec;
import java.util.Optional;
import java.util.function.Function;

/**
 * The notify_* keywords of instances and sync groups: each script may be given once (keepalived keeps the first
 * and reports the others).
 */
final class NotifyKeywords {

    private NotifyKeywords() {
    }

    /** The notify scripts being read for one instance or group. */
    static final class Builder {
        final String owner;
        Optional<ScriptSpec> master = Optional.empty();
        Optional<ScriptSpec> backup = Optional.empty();
        Optional<ScriptSpec> fault = Optional.empty();
        Optional<ScriptSpec> stop = Optional.empty();
        Optional<ScriptSpec> deleted = Optional.empty();
        boolean notifyDeleted;
        Optional<ScriptSpec> any = Optional.empty();
        Optional<ScriptSpec> masterRxLowerPri = Optional.empty();

        Builder(String owner) {
            this.owner = owner;
        }

        NotifyScripts build() {
            return new NotifyScripts(master, backup, fault, stop, deleted, notifyDeleted, any, masterRxLowerPri);
        }
    }

    private interface Slot {
        Optional<ScriptSpec> get(Builder b);
    }

    private interface Store {
        void set(Builder b, Optional<ScriptSpec> s);
    }

    /** Adds the notify keywords; {@code instance} adds the instance-only ones. */
    static <T> void add(BlockGrammar<T> g, Function<T, Builder> of, boolean instance) {
        String who = instance ? "the instance" : "the group";
        script(g, of, "notify_master", "Run when " + who + " becomes MASTER.", b -> b.master, (b, s) -> b.master = s);
        script(g, of, "notify_backup", "Run when " + who + " becomes BACKUP.", b -> b.backup, (b, s) -> b.backup = s);
        script(g, of, "notify_fault", "Run when " + who + " enters FAULT.", b -> b.fault, (b, s) -> b.fault = s);
        script(g, of, "notify_stop", "Run when " + who + " stops.", b -> b.stop, (b, s) -> b.stop = s);
        if (instance) {
            g.add("notify_deleted", "notify_deleted [SCRIPT [USER [GROUP]]]",
                "Report DELETED rather than FAULT when a reload removes the instance; run SCRIPT then.", (a, t) -> {
                    Builder b = of.apply(t);
                    if (b.notifyDeleted) {
                        a.error(b.owner + " notify_deleted already specified - ignoring "
                                + (a.has(0) ? a.text(0) : ""));
                        return;
                    }
                    if (a.has(0)) {
                        Optional<ScriptSpec> s = a.script(0);
                        if (s.isEmpty()) {
                            return;
                        }
                        b.deleted = s;
                    }
                    b.notifyDeleted = true;
                });
        }
        script(g, of, "notify", "Run after any of the above with TYPE NAME STATE PRIORITY appended.",
            b -> b.any, (b, s) -> b.any = s);
        if (instance) {
            script(g, of, "notify_master_rx_lower_pri",
                "Run when the MASTER receives an advert with a lower priority.",
                b -> b.masterRxLowerPri, (b, s) -> b.masterRxLowerPri = s);
        }
    }

    private static <T> void script(BlockGrammar<T> g, Function<T, Builder> of, String kw, String help, Slot slot,
            Store store) {
        g.add(kw, kw + " SCRIPT [USER [GROUP]]", help, (a, t) -> {
            Builder b = of.apply(t);
            if (slot.get(b).isPresent()) {
                a.error(b.owner + " " + kw + " script already specified - ignoring " + (a.has(0) ? a.text(0) : ""));
                return;
            }
            Optional<ScriptSpec> s = a.script(0);
            if (s.isPresent()) {
                store.set(b, s);
            }
        });
    }
}
