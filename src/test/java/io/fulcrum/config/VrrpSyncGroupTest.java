package io.fulcrum.config;

import static io.fulcrum.config.VrrpTestSupport.config;
import static io.fulcrum.config.VrrpTestSupport.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.Tracked;
import io.fulcrum.config.model.VrrpInstance;
import io.fulcrum.config.model.VrrpSyncGroup;
import org.junit.jupiter.api.Test;

/** Trackers of instances and sync groups, and the sync group rules. */
class VrrpSyncGroupTest {

    private static final String BLOCKS = """
            vrrp_script S10 {
                script /bin/true
                weight 10
            }
            vrrp_script SREV {
                script /bin/true
                weight -5 reverse
            }
            track_file F1 {
                file /tmp/f1
            }
            vrrp_track_process P1 {
                process sshd
                weight 4
            }
            bfd_instance B1 {
                neighbor_ip 10.0.0.9
                weight -7
            }
            """;

    private static String inst(String name, int vrid, String extra) {
        return "vrrp_instance " + name + " {\ninterface eth0\nvirtual_router_id " + vrid
                + "\nvirtual_ipaddress {\n10.0.0." + vrid + "\n}\n" + extra + "}\n";
    }

    @Test
    void trackerWeightsDefaultFromTheTrackedBlocks() {
        KeepalivedConfig c = config(BLOCKS + inst("VI_1", 1, """
                track_interface {
                    eth1
                    eth2 weight -20 reverse
                    eth3 weight 254
                }
                track_script {
                    S10
                    SREV weight 3
                    SREV
                }
                track_file {
                    F1
                }
                track_process {
                    P1 weight -3 reverse
                }
                track_bfd {
                    B1
                }
                """));
        VrrpInstance i = c.vrrpInstances().getFirst();
        assertThat(i.trackers().interfaces()).containsExactly(new Tracked("eth1", 0, false),
                new Tracked("eth2", -20, true), new Tracked("eth3", 253, false));
        assertThat(i.trackers().scripts()).containsExactly(new Tracked("S10", 10, false),
                new Tracked("SREV", 3, true));
        assertThat(i.trackers().files()).containsExactly(new Tracked("F1", 1, false));
        assertThat(i.trackers().processes()).containsExactly(new Tracked("P1", -3, true));
        assertThat(i.trackers().bfds()).containsExactly(new Tracked("B1", -7, false));
    }

    @Test
    void undefinedTrackedBlocksAndDuplicatesAreDroppedWithKeepalivedsWarning() {
        assertThat(problems(BLOCKS + inst("VI_1", 1, """
                track_interface {
                    eth0
                    eth1
                    eth1
                    eth2 weight 300
                    eth3 weight 5 sideways
                }
                track_script {
                    NOPE
                    S10 weight 254
                    SREV noreverse
                }
                track_file {
                    NOFILE
                }
                track_process {
                    NOPROC
                }
                track_bfd {
                    NOBFD
                }
                """))).containsExactly(
                "30:17: error: (VI_1) weight 300 for eth2 must be between [-253..253] inclusive. Ignoring...",
                "31:19: error: (VI_1) unknown track_interface option 'sideways' for eth3 - ignoring",
                "35:16: error: (VI_1) track script S10: weight must be between [-253..253] inclusive, ignoring...",
                "36:10: error: (VI_1) unknown track_script option 'noreverse' for SREV - ignoring",
                "27:5: warning: (VI_1) Ignoring track_interface eth0 since own interface",
                "29:5: warning: (VI_1) duplicate track_interface eth1 - ignoring",
                "34:5: warning: (VI_1) track script NOPE not found, ignoring...",
                "39:5: warning: (VI_1) track file NOFILE not found, ignoring...",
                "42:5: warning: (VI_1) track process NOPROC not found, ignoring...",
                "45:5: warning: (VI_1) track bfd NOBFD not found, ignoring...");
    }

    @Test
    void addressOwnersDropWeightedTrackers() {
        String text = BLOCKS + inst("VI_1", 1, """
                priority 255
                track_interface {
                    eth1 weight 5
                    eth2
                }
                track_script {
                    S10
                }
                track_file {
                    F1
                }
                """);
        assertThat(problems(text)).containsExactly(
                "20:1: warning: (VI_1) ignoring eth1 tracked interface due to address owner",
                "20:1: warning: (VI_1) ignoring tracked script S10 with weights due to address_owner",
                "20:1: warning: (VI_1) ignoring weight from tracked file F1 due to address_owner - specify weight 0");
        VrrpInstance i = config(text).vrrpInstances().getFirst();
        assertThat(i.trackers().interfaces()).containsExactly(new Tracked("eth2", 0, false));
        assertThat(i.trackers().scripts()).isEmpty();
        assertThat(i.trackers().files()).containsExactly(new Tracked("F1", 0, false));
    }

    @Test
    void syncGroupMembersLoseTheirWeightsUnlessTheGroupKeepsThem() {
        String members = inst("VI_1", 1, "track_script {\nS10\n}\ntrack_interface {\neth1 weight 5\n}\n"
                + "track_bfd {\nB1\n}\ntrack_process {\nP1\n}\n") + inst("VI_2", 2, "");
        String text = BLOCKS + members + "vrrp_sync_group G {\ngroup {\nVI_1\nVI_2\n}\n}\n";
        assertThat(problems(text)).containsExactly(
                "20:1: warning: (VI_1) ignoring eth1 tracked interface weight due to SYNC group",
                "20:1: warning: (VI_1) ignoring tracked script S10 with weights due to SYNC group",
                "20:1: warning: (VI_1) ignoring tracked process P1 with weight 4 due to SYNC group",
                "20:1: warning: (VI_1) ignoring tracked bfd B1 with weight -7 due to SYNC group");
        VrrpInstance i = config(text).vrrpInstances().getFirst();
        assertThat(i.trackers().interfaces()).containsExactly(new Tracked("eth1", 0, false));
        assertThat(i.trackers().scripts()).isEmpty();
        String kept = BLOCKS + members + "vrrp_sync_group G {\ngroup {\nVI_1\nVI_2\n}\nsync_group_tracking_weight\n}\n";
        assertThat(problems(kept)).isEmpty();
        assertThat(config(kept).vrrpInstances().getFirst().trackers().scripts())
                .containsExactly(new Tracked("S10", 10, false));
        String old = BLOCKS + members + "vrrp_sync_group G {\ngroup {\nVI_1\nVI_2\n}\nglobal_tracking\n}\n";
        assertThat(problems(old)).containsExactly("51:1: warning: global_tracking is deprecated. Use "
                + "track_interface/script/file on the sync group");
        assertThat(config(old).syncGroups().getFirst().trackingWeight()).isTrue();
    }

    @Test
    void membersMustExistAndBelongToOneGroup() {
        String text = inst("VI_1", 1, "") + inst("VI_2", 2, "") + """
                vrrp_sync_group G1 {
                    group {
                        VI_1
                        VI_X
                    }
                }
                vrrp_sync_group G2 {
                    group {
                        VI_1
                        VI_2
                    }
                }
                vrrp_sync_group G3 {
                    group {
                    }
                }
                vrrp_sync_group G1 {
                }
                vrrp_sync_group {
                }
                """;
        assertThat(problems(text)).containsExactly(
                "28:5: warning: Warning - sync group G3 has empty group block",
                "31:1: error: vrrp sync group G1 already defined",
                "33:1: error: vrrp_sync_group must have a name - skipping",
                "15:1: warning: Virtual router VI_X specified in sync group G1 doesn't exist - ignoring",
                "21:1: warning: Virtual router VI_1 cannot exist in more than one sync group; ignoring G2",
                "15:1: warning: Sync group G1 has only 1 virtual router(s) - this probably isn't what you want",
                "21:1: warning: Sync group G2 has only 1 virtual router(s) - this probably isn't what you want",
                "27:1: error: Sync group G3 has no members - removing");
        assertThat(config(text).syncGroups()).extracting(VrrpSyncGroup::name, VrrpSyncGroup::members)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("G1", java.util.List.of("VI_1")),
                        org.assertj.core.groups.Tuple.tuple("G2", java.util.List.of("VI_2")));
    }

    @Test
    void groupSettingsTrackersAndInheritance() {
        String text = BLOCKS + inst("VI_1", 1, "") + inst("VI_2", 2, "notify_priority_changes false\n") + """
                vrrp_sync_group G {
                    group {
                        VI_1
                        VI_2
                    }
                    track_interface {
                        eth5 weight 3
                    }
                    track_script {
                        SREV
                    }
                    notify_master /bin/m
                    notify /bin/any
                    notify_master /bin/again
                    smtp_alert
                    notify_priority_changes
                    notify_deleted /bin/d
                }
                """;
        assertThat(problems(text)).containsExactly(
                "48:5: error: vrrp group G: notify_master script already specified - ignoring /bin/again",
                "51:5: error: unknown keyword 'notify_deleted' in vrrp_sync_group (it belongs in vrrp_instance);"
                        + " did you mean 'notify'?");
        KeepalivedConfig c = config(text);
        VrrpSyncGroup g = c.syncGroups().getFirst();
        assertThat(g.trackers().interfaces()).containsExactly(new Tracked("eth5", 3, false));
        assertThat(g.trackers().scripts()).containsExactly(new Tracked("SREV", -5, true));
        assertThat(g.notifyScripts().master().orElseThrow().program()).isEqualTo("/bin/m");
        assertThat(g.notifyScripts().any()).isPresent();
        assertThat(g.smtpAlert()).isTrue();
        assertThat(g.notifyPriorityChanges()).isTrue();
        assertThat(c.vrrpInstances()).extracting(VrrpInstance::notifyPriorityChanges)
                .as("members inherit the group's unless they say").containsExactly(true, false);
    }

    @Test
    void groupsWithAnAddressOwnerCannotHaveWeightedTrackers() {
        String text = BLOCKS + inst("VI_1", 1, "priority 255\n") + inst("VI_2", 2, "") + """
                vrrp_sync_group G {
                    group {
                        VI_1
                        VI_2
                    }
                    track_script {
                        S10
                    }
                    track_interface {
                        eth5 weight 3
                    }
                }
                """;
        assertThat(problems(text)).containsExactly(
                "35:1: warning: Sync group G has some member(s) as address owner and some not as address owner. "
                        + "This won't work.",
                "35:1: warning: (G) Cannot have weighted track interface 'eth5' with member having priority 255 - "
                        + "clearing weight",
                "35:1: warning: (G) Cannot have weighted track script 'S10' with member having priority 255 - "
                        + "clearing weight");
        assertThat(config(text).syncGroups().getFirst().trackers().scripts())
                .containsExactly(new Tracked("S10", 0, false));
    }
}
