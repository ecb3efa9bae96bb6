package io.fulcrum.vrrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.Trackers;
import io.fulcrum.config.model.VrrpInstance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** keepalived's tracking arithmetic (vrrp_track.c) over trackers as the configuration resolves them. */
class TrackingTest {

    private static final String BLOCKS = """
            vrrp_script chk_up {
                script /bin/true
                weight 10
            }
            vrrp_script chk_down {
                script /bin/true
                weight -20
            }
            vrrp_script chk_zero {
                script /bin/true
            }
            track_file F1 {
                file /run/f1
                weight 3
            }
            vrrp_track_process P1 {
                process nginx
                weight -10
            }
            vrrp_track_process P0 {
                process haproxy
                weight 0
            }
            bfd_instance B1 {
                neighbor_ip 10.0.0.2
            }
            """;

    private static KeepalivedConfig config(String body) {
        return Fixtures.config(BLOCKS + "vrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 51\n"
                + "virtual_ipaddress {\n10.0.0.1\n}\n" + body + "\n}\n");
    }

    private static VrrpInstance instance(String body) {
        return config(body).vrrpInstances().getFirst();
    }

    /** {@code "if:eth0=up script:chk=down file:F1=5"}. */
    private static Map<TrackedRef, TrackedValue> values(String text) {
        Map<TrackedRef, TrackedValue> out = new LinkedHashMap<>();
        for (String item : text.trim().split("\\s+")) {
            if (item.isEmpty()) {
                continue;
            }
            String[] kv = item.split("=");
            String[] kn = kv[0].split(":");
            TrackedKind kind = switch (kn[0]) {
                case "if" -> TrackedKind.INTERFACE;
                case "script" -> TrackedKind.SCRIPT;
                case "file" -> TrackedKind.FILE;
                case "process" -> TrackedKind.PROCESS;
                case "bfd" -> TrackedKind.BFD;
                default -> throw new IllegalArgumentException(kn[0]);
            };
            TrackedValue v = switch (kv[1]) {
                case "up" -> TrackedValue.UP;
                case "down" -> TrackedValue.DOWN;
                default -> new TrackedValue.FileValue(Long.parseLong(kv[1]));
            };
            out.put(new TrackedRef(kind, kn[1]), v);
        }
        return out;
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', textBlock = """
            track_script { chk_up }                       | script:chk_up=up        | 110 | ''
            track_script { chk_up }                       | script:chk_up=down      | 100 | ''
            track_script { chk_down }                     | script:chk_down=down    |  80 | ''
            track_script { chk_down }                     | script:chk_down=up      | 100 | ''
            track_script { chk_up weight 10 reverse }     | script:chk_up=up        |  90 | ''
            track_script { chk_up weight 10 reverse }     | script:chk_up=down      | 100 | ''
            track_script { chk_down weight -20 reverse }  | script:chk_down=down    | 120 | ''
            track_script { chk_up weight 200 }            | script:chk_up=up        | 254 | ''
            track_script { chk_down weight -200 }         | script:chk_down=down    |   1 | ''
            track_script { chk_up }                       | ''                      | 100 | ''
            track_script { chk_zero }                     | script:chk_zero=down    | 100 | due to script chk_zero
            track_script { chk_zero }                     | script:chk_zero=up      | 100 | ''
            track_script { chk_zero weight 0 reverse }    | script:chk_zero=up      | 100 | due to script chk_zero
            track_script { chk_zero }                     | ''                      | 100 | ''
            track_interface { eth1 }                      | if:eth1=down            | 100 | (interface eth1 down)
            track_interface { eth1 weight -30 }           | if:eth1=down            |  70 | ''
            track_interface { eth1 weight 5 reverse }     | if:eth1=up              |  95 | ''
            ''                                            | if:eth0=down            | 100 | (interface eth0 down)
            dont_track_primary                            | if:eth0=down            | 100 | ''
            track_file { F1 }                             | file:F1=5               | 115 | ''
            track_file { F1 weight -2 }                   | file:F1=10              |  80 | ''
            track_file { F1 weight -2 reverse }           | file:F1=10              | 120 | ''
            track_file { F1 weight -2 }                   | file:F1=200             | 100 | (tracked file F1 has status -400)
            track_file { F1 weight 100 }                  | file:F1=5               | 254 | ''
            track_file { F1 weight 0 }                    | file:F1=1               | 100 | (tracked file F1 has status -254)
            track_file { F1 weight 0 }                    | file:F1=0               | 100 | ''
            track_file { F1 weight 0 reverse }            | file:F1=0               | 100 | (tracked file F1 has status -254)
            track_process { P1 }                          | process:P1=down         |  90 | ''
            track_process { P1 }                          | process:P1=up           | 100 | ''
            track_process { P0 }                          | process:P0=down         | 100 | (tracked process P0 quorum not achieved)
            track_bfd { B1 weight 7 }                     | bfd:B1=up               | 107 | ''
            track_bfd { B1 }                              | bfd:B1=down             | 100 | (tracked bfd B1 down)
            """)
    void trackersMoveThePriorityOrFaultTheInstance(String body, String values, int priority, String reason) {
        TrackStatus s = Tracking.status(instance(body), values(values));
        assertThat(s.effectivePriority()).isEqualTo(priority);
        assertThat(s.fault()).isEqualTo(!reason.isEmpty());
        assertThat(s.reason()).isEqualTo(reason);
    }

    @Test
    void weightsAddUpBeforeClamping() {
        VrrpInstance i = instance("track_script {\nchk_up\nchk_down\n}\ntrack_interface {\neth1 weight -30\n}\n"
                + "track_file {\nF1\n}\n");
        Map<TrackedRef, TrackedValue> v = values("script:chk_up=up script:chk_down=down if:eth1=down file:F1=4");
        assertThat(Tracking.status(i, v).effectivePriority()).isEqualTo(100 + 10 - 20 - 30 + 12);
    }

    @Test
    void theFirstFaultInOrderIsTheReason() {
        VrrpInstance i = instance("track_script {\nchk_zero\n}\ntrack_interface {\neth1\n}\n");
        assertThat(Tracking.status(i, values("script:chk_zero=down if:eth1=down")).reason())
                .isEqualTo("(interface eth1 down)");
    }

    @Test
    void anAddressOwnerKeeps255WhateverTheTrackersSay() {
        VrrpInstance i = instance("priority 255\ntrack_interface {\neth1\n}\n");
        assertThat(Tracking.status(i, values("if:eth1=up"))).isEqualTo(TrackStatus.ok(255));
        assertThat(Tracking.status(i, values("if:eth1=down")))
                .isEqualTo(TrackStatus.faulted(255, "(interface eth1 down)"));
    }

    @Test
    void aSyncGroupsTrackersApplyToItsMembers() {
        KeepalivedConfig c = Fixtures.config(BLOCKS + """
                vrrp_sync_group G {
                    group {
                        VI_1
                        VI_2
                    }
                    track_script {
                        chk_zero
                    }
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        10.0.0.1
                    }
                }
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 52
                    virtual_ipaddress {
                        10.0.0.2
                    }
                }
                """);
        Trackers group = c.syncGroups().getFirst().trackers();
        VrrpInstance vi2 = c.vrrpInstances().get(1);
        assertThat(Tracking.status(vi2, group, values("script:chk_zero=down")).reason())
                .isEqualTo("due to script chk_zero");
        assertThat(Tracking.tracked(vi2, group)).containsExactly(TrackedRef.iface("eth0"),
                TrackedRef.script("chk_zero"));
    }

    @Test
    void unweightedObjectsWithoutAValueAreAwaited() {
        VrrpInstance i = instance("track_script {\nchk_zero\nchk_up\n}\n");
        assertThat(Tracking.awaiting(i, Trackers.none(), values("if:eth0=up")))
                .containsExactly(TrackedRef.script("chk_zero"));
        assertThat(Tracking.awaiting(i, Trackers.none(), values("if:eth0=up script:chk_zero=down"))).isEmpty();
    }

    @Test
    void valuesOfTheWrongShapeAreRefused() {
        VrrpInstance i = instance("track_file {\nF1\n}\n");
        assertThatThrownBy(() -> Tracking.status(i, Map.of(TrackedRef.file("F1"), TrackedValue.UP)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tracking.status(i, Map.of(TrackedRef.iface("eth0"), new TrackedValue.FileValue(0))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSameNameInAnotherKindIsAnotherObject() {
        VrrpInstance i = instance("track_interface {\neth1\n}\n");
        assertThat(Tracking.status(i, Map.of(TrackedRef.script("eth1"), TrackedValue.DOWN)).fault()).isFalse();
        assertThat(Tracking.tracked(i, Trackers.none())).isEqualTo(List.of(TrackedRef.iface("eth0"),
                TrackedRef.iface("eth1")));
    }
}
