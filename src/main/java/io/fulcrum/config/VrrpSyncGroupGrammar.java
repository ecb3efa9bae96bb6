package io.fulcrum.config;

import java.util.Optional;

/** The {@code vrrp_sync_group} block (reference section 1.5). */
final class VrrpSyncGroupGrammar {

    private VrrpSyncGroupGrammar() {
    }

    static final BlockGrammar<SyncGroupBuilder> SYNC_GROUP = build();

    private static BlockGrammar<SyncGroupBuilder> build() {
        BlockGrammar<SyncGroupBuilder> g = new BlockGrammar<>("vrrp_sync_group");
        g.addBlock("group", "group { VRRP_INSTANCE ... }", "The member instances.", null, (a, b) -> {
            if (b.members.isPresent()) {
                a.error("Group list already specified for sync group " + b.name);
                return;
            }
            var words = a.blockWords();
            if (!a.statement().hasBlock()) {
                return;
            }
            if (words.isEmpty()) {
                a.warning("Warning - sync group " + b.name + " has empty group block");
                return;
            }
            b.members = Optional.of(words);
        });
        TrackerGrammar.addTo(g, b -> b.trackers);
        NotifyKeywords.add(g, b -> b.notify, false);
        g.add("smtp_alert", "smtp_alert [<BOOL>]", "E-mail on group state changes [smtp_alert_vrrp / smtp_alert].",
                (a, b) -> {
                    a.arity(0, 1);
                    Optional<Boolean> v = VrrpInstanceOptions.parse(a);
                    if (v.isEmpty()) {
                        a.errorAt(a.token(0), "Invalid vrrp_group smtp_alert parameter " + a.text(0));
                    } else {
                        b.smtpAlert = v;
                    }
                })
            .add("sync_group_tracking_weight", "sync_group_tracking_weight",
                "Let members keep weighted trackers (each member may then have a different priority).",
                (a, b) -> b.trackingWeight = Readers.set(a))
            .deprecated("global_tracking", "sync_group_tracking_weight",
                "global_tracking is deprecated. Use track_interface/script/file on the sync group")
            .add("notify_priority_changes", "notify_priority_changes [<BOOL>]",
                "Write members' priority changes to the notify FIFOs [vrrp_notify_priority_changes].", (a, b) -> {
                    a.arity(0, 1);
                    Optional<Boolean> v = VrrpInstanceOptions.parse(a);
                    if (v.isEmpty()) {
                        a.errorAt(a.token(0), b.label + " Invalid value '" + a.text(0)
                                + "' for sync group notify_priority_changes specified");
                    } else {
                        b.notifyPriorityChanges = v;
                    }
                });
        return g;
    }
}
