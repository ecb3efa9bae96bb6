package io.fulcrum.config;


import java.util.List;
import java.util.Optional;

/** One vrrp_sync_group as read; members and trackers are checked once everything is read. */
final class SyncGroupBuilder {

    final String name;
    final Args at;
    final String label;
    Optional<List<Token>> members = Optional.empty();
    final TrackerSet trackers;
    final NotifyKeywords.Builder notify;
    Optional<Boolean> smtpAlert = Optional.empty();
    boolean trackingWeight;
    Optional<Boolean> notifyPriorityChanges = Optional.empty();

    SyncGroupBuilder(String name, Args at) {
        this.name = name;
        this.at = at;
        this.label = "(" + name + ")";
        this.trackers = new TrackerSet(label);
        this.notify = new NotifyKeywords.Builder("vrrp group " + name + ":");
    }
}
