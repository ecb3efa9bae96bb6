package io.fulcrum.config.model;

import java.util.List;
import java.util.Objects;

/**
 * A {@code vrrp_sync_group}: instances that change state together.
 *
 * @param name                  the block's name
 * @param members               {@code group { ... }}: the member instances that exist, in order
 * @param trackers              trackers applied to every member
 * @param notifyScripts         notify scripts of the group
 * @param smtpAlert             {@code smtp_alert} [smtp_alert_vrrp, else smtp_alert, else off]
 * @param trackingWeight        {@code sync_group_tracking_weight} (or deprecated {@code global_tracking}): members
 *                              keep their weighted trackers
 * @param notifyPriorityChanges {@code notify_priority_changes} [vrrp_notify_priority_changes]
 */
public record VrrpSyncGroup(String name, List<String> members, Trackers trackers, NotifyScripts notifyScripts,
        boolean smtpAlert, boolean trackingWeight, boolean notifyPriorityChanges) {

    public VrrpSyncGroup {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
        Objects.requireNonNull(trackers, "trackers");
        Objects.requireNonNull(notifyScripts, "notifyScripts");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a vrrp_sync_group needs a name");
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("sync group " + name + " has no members");
        }
        if (notifyScripts.masterRxLowerPri().isPresent() || notifyScripts.notifyDeleted()) {
            throw new IllegalArgumentException("notify_deleted and notify_master_rx_lower_pri are instance only");
        }
    }
}
