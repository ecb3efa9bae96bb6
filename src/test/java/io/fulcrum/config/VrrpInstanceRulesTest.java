package io.fulcrum.config;

import static io.fulcrum.config.VrrpInstanceGrammarTest.vi;
import static io.fulcrum.config.VrrpTestSupport.config;
import static io.fulcrum.config.VrrpTestSupport.instance;
import static io.fulcrum.config.VrrpTestSupport.only;
import static io.fulcrum.config.VrrpTestSupport.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.AuthType;
import io.fulcrum.config.model.Authentication;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.VrrpInstance;
import io.fulcrum.config.model.VrrpState;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** keepalived's vrrp_complete_instance rules, checked against its messages. */
class VrrpInstanceRulesTest {

    private static final String STRICT = "global_defs {\nvrrp_strict\n}\n";

    @Test
    void priorityAndStateAreDerivedFromEachOther() {
        VrrpInstance m = only(vi("state MASTER\n"));
        assertThat(m.state()).isEqualTo(VrrpState.MASTER);
        assertThat(m.priority()).as("MASTER without a priority is the address owner").isEqualTo(255);
        VrrpInstance o = only(vi("priority 255\n"));
        assertThat(o.state()).as("priority 255 without a state starts as MASTER").isEqualTo(VrrpState.MASTER);
        VrrpInstance mp = only(vi("state MASTER\npriority 150\n"));
        assertThat(mp.state()).isEqualTo(VrrpState.MASTER);
        assertThat(mp.priority()).isEqualTo(150);
        assertThat(mp.isAddressOwner()).isFalse();
        VrrpInstance b = only(vi("state BACKUP\npriority 255\n"));
        assertThat(b.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(b.priority()).isEqualTo(255);
        assertThat(problems(vi("state MASTER\npriority 150\n"))).isEmpty();
    }

    @Test
    void nopreemptRules() {
        assertThat(problems(vi("priority 255\nstate BACKUP\nnopreempt\n")))
                .containsExactly("1:1: warning: (VI_1) nopreempt is incompatible with priority 255. resetting nopreempt");
        assertThat(problems(vi("state MASTER\npriority 200\nnopreempt\npreempt_delay 5\n"))).containsExactly(
                "1:1: warning: (VI_1) Warning - nopreempt will not work with initial state MASTER - clearing",
                "1:1: warning: (VI_1) Warning - preempt delay will not work with initial state MASTER - clearing");
        VrrpInstance m = only(vi("state MASTER\npriority 200\nnopreempt\npreempt_delay 5\n"));
        assertThat(m.nopreempt()).isFalse();
        assertThat(m.preemptDelay()).isEqualTo(Duration.ZERO);
        assertThat(problems(vi("nopreempt\npreempt_delay 5\n")))
                .containsExactly("1:1: warning: (VI_1) preempt_delay is incompatible with nopreempt mode - resetting");
        VrrpInstance b = only(vi("nopreempt\n"));
        assertThat(b.nopreempt()).isTrue();
        assertThat(only(vi("nopreempt\npreempt\n")).nopreempt()).isFalse();
        assertThat(only(vi("preempt_delay 2.5\n")).preemptDelay()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void vrrpv2AdvertIntervalsAreRoundedToWholeSeconds() {
        assertThat(problems(vi("advert_int 1.4\n")))
                .containsExactly("1:1: warning: (VI_1) VRRPv2 advertisement interval 1.400000s must be an integer. rounding");
        assertThat(only(vi("advert_int 1.4\n")).advertInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(only(vi("advert_int 1.5\n")).advertInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(only(vi("advert_int 0.3\n")).advertInterval()).as("never below 1 s").isEqualTo(Duration.ofSeconds(1));
        assertThat(only(vi("advert_int 255\n")).advertInterval()).isEqualTo(Duration.ofSeconds(255));
    }

    @Test
    void vrrpv3AdvertIntervalsAreRoundedToCentiseconds() {
        assertThat(problems(vi("version 3\nadvert_int 0.123\n")))
                .containsExactly("1:1: warning: (VI_1) VRRPv3 advertisement interval 0.123000s must be in units of 10ms - rounding");
        assertThat(only(vi("version 3\nadvert_int 0.123\n")).advertInterval()).isEqualTo(Duration.ofMillis(120));
        assertThat(problems(vi("version 3\nadvert_int 50\n"))).containsExactly(
                "1:1: warning: (VI_1) VRRPv3 advertisement interval 50.00s is out of range. Must be less than 40.96s. "
                        + "Setting to 40.95s");
        assertThat(only(vi("version 3\nadvert_int 50\n")).advertInterval()).isEqualTo(Duration.ofMillis(40_950));
    }

    @Test
    void versionAndFamily() {
        String v6 = instance("interface eth0\nvirtual_router_id 5\nvirtual_ipaddress {\nfe80::1\n2001:db8::1\n}\n");
        VrrpInstance i = only(v6);
        assertThat(i.family()).isEqualTo(IpFamily.INET6);
        assertThat(i.version()).as("IPv6 forces VRRPv3").isEqualTo(3);
        assertThat(problems(instance("interface eth0\nvirtual_router_id 5\nversion 2\n"
                + "virtual_ipaddress {\nfe80::1\n}\n")))
                .containsExactly("1:1: warning: (VI_1) cannot use IPv6 with VRRP version 2; setting version 3");
        assertThat(problems(instance("interface eth0\nvirtual_router_id 5\nvirtual_ipaddress {\nfe80::1\n}\n"
                + "version 2\n")))
                .containsExactly("7:1: error: (VI_1) vrrp_version 2 conflicts with configured or deduced version 3; ignoring.");
        assertThat(only("global_defs {\nvrrp_version 3\n}\n" + vi("")).version()).isEqualTo(3);
        assertThat(problems(instance("interface eth0\nvirtual_router_id 5\nvirtual_ipaddress {\n2001:db8::1\n}\n")))
                .containsExactly("1:1: warning: (VI_1) the first IPv6 VIP address should be link local");
    }

    @Test
    void authenticationRules() {
        String auth = "authentication {\nauth_type PASS\nauth_pass 'IDDf1j+yfw=='\n}\n";
        assertThat(problems(vi(auth))).containsExactly("9:1: warning: Truncating auth_pass to 8 characters");
        assertThat(only(vi(auth)).authentication()).contains(new Authentication(AuthType.PASS, "IDDf1j+y"));
        assertThat(problems(vi("version 3\n" + auth))).containsExactly(
                "10:1: warning: Truncating auth_pass to 8 characters",
                "1:1: warning: (VI_1) VRRP version 3 does not support authentication. Ignoring.");
        assertThat(only(vi("version 3\n" + auth)).authentication()).isEmpty();
        assertThat(problems(vi("authentication {\nauth_type PASS\n}\n")))
                .containsExactly("1:1: warning: (VI_1) Authentication specified but no password given. Ignoring");
        assertThat(problems(vi("authentication {\nauth_type MD5\nauth_pass x\n}\n"))).containsExactly(
                "8:11: error: (VI_1) unknown authentication type 'MD5'",
                "1:1: warning: (VI_1) auth_pass given without auth_type - ignoring");
        assertThat(problems(vi("state MASTER\npriority 200\nauthentication {\nauth_type AH\nauth_pass x\n}\n")))
                .containsExactly("1:1: warning: (VI_1) Initial state master is incompatible with AH authentication - clearing");
        assertThat(only(vi("state MASTER\npriority 200\nauthentication {\nauth_type AH\nauth_pass x\n}\n")).state())
                .isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void strictModeRules() {
        String text = STRICT + vi("""
                state MASTER
                priority 200
                authentication {
                auth_type PASS
                auth_pass secret
                }
                preempt_delay 3
                garp_lower_prio_repeat 2
                garp_lower_prio_delay 4
                lower_prio_no_advert false
                higher_prio_send_advert
                down_timer_adverts 4
                accept
                use_vmac
                vmac_xmit_base
                """);
        assertThat(problems(text)).containsExactly(
                "4:1: warning: (VI_1) State MASTER must match being address owner",
                "4:1: warning: (VI_1) Strict mode does not support authentication. Ignoring.",
                "4:1: warning: (VI_1) preempt_delay is incompatible with strict mode - resetting",
                "4:1: warning: (VI_1) warning - accept mode for VRRP version 2 does not comply with RFC3768 - resetting",
                "4:1: warning: (VI_1) Strict mode requires no repeat garps. resetting",
                "4:1: warning: (VI_1) Strict mode requires no repeat garp delay. resetting",
                "4:1: warning: (VI_1) Strict mode requires no lower priority advert. resetting",
                "4:1: warning: (VI_1) strict mode requires higher_prio_send_advert to be clear. resetting",
                "4:1: warning: (VI_1) strict mode requires down_timer_adverts 3 - resetting",
                "4:1: warning: (VI_1) xmit_base is incompatible with strict mode - resetting");
        VrrpInstance i = only(text);
        assertThat(i.strictMode()).isTrue();
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(i.authentication()).isEmpty();
        assertThat(i.preemptDelay()).isEqualTo(Duration.ZERO);
        assertThat(i.accept()).isFalse();
        assertThat(i.garp().lowerPrioRepeat()).isZero();
        assertThat(i.garp().lowerPrioDelay()).isEqualTo(Duration.ZERO);
        assertThat(i.adverts().lowerPrioNoAdvert()).isTrue();
        assertThat(i.adverts().higherPrioSendAdvert()).isFalse();
        assertThat(i.adverts().downTimerAdverts()).isEqualTo(3);
        assertThat(i.adverts().ownerIgnoreAdverts()).isTrue();
        assertThat(i.vmac().orElseThrow().xmitBase()).isFalse();
    }

    @Test
    void strictModeDefaultsAndRefusals() {
        VrrpInstance owner = only(STRICT + vi("priority 255\n"));
        assertThat(owner.accept()).as("accept by default only for the address owner").isTrue();
        assertThat(owner.garp().lowerPrioRepeat()).isZero();
        VrrpInstance backup = only(vi("strict_mode\n"));
        assertThat(backup.accept()).isFalse();
        assertThat(backup.adverts().lowerPrioNoAdvert()).isTrue();
        assertThat(only(STRICT + vi("strict_mode off\n")).strictMode()).isFalse();
        assertThat(problems(STRICT + instance("interface eth0\nvirtual_router_id 5\n")))
                .containsExactly("4:1: error: (VI_1) No VIP specified; at least one is required");
        assertThat(problems(STRICT + vi("unicast_peer {\n10.0.0.2\n}\n")))
                .containsExactly("4:1: error: (VI_1) Unicast peers are not supported in strict mode");
        assertThat(config(STRICT + vi("unicast_peer {\n10.0.0.2\n}\n")).vrrpInstances()).isEmpty();
        assertThat(problems(STRICT + instance("interface eth0\nvirtual_router_id 5\nvirtual_ipaddress {\n"
                + "2001:db8::1\n}\n")))
                .containsExactly("4:1: warning: (VI_1) the first IPv6 VIP address must be link local");
    }

    @Test
    void instancesWithoutVips() {
        assertThat(problems(instance("interface eth0\nvirtual_router_id 5\n")))
                .containsExactly("1:1: warning: (VI_1) No VIP specified; at least one is sensible");
        assertThat(problems(instance("interface eth0\nvirtual_router_id 5\nno_virtual_ipaddress\n"))).isEmpty();
        assertThat(problems(instance("interface eth0\nvirtual_router_id 5\nversion 3\n")))
                .containsExactly("1:1: error: (VI_1) No VIP specified; at least one is required");
    }

    @Test
    void vipsBeyondWhatFitsInAnAdvertBecomeExcluded() {
        String vips = IntStream.range(1, 91).mapToObj(n -> String.format("2001:db8::%x", n))
                .collect(Collectors.joining("\n"));
        String text = instance("interface eth0\nvirtual_router_id 5\nvirtual_ipaddress {\nfe80::1\n" + vips + "\n}\n");
        assertThat(problems(text)).containsExactly(
                "1:1: warning: (VI_1) Number of VIPs (91) exceeds maximum/space available in packet (max 89 addresses) "
                        + "- excess moved to eVIPs");
        VrrpInstance i = only(text);
        assertThat(i.virtualIpAddresses()).hasSize(89);
        assertThat(i.excludedIpAddresses()).hasSize(2);
    }

    @Test
    void instanceSettingsDefaultToTheGlobalOnes() {
        VrrpInstance i = only("""
                global_defs {
                    vrrp_garp_master_delay 8
                    vrrp_garp_master_repeat 2
                    vrrp_garp_lower_prio_repeat 7
                    vrrp_down_timer_adverts 6
                    vrrp_skip_check_adv_addr
                    vrrp_higher_prio_send_advert
                    vrrp_notify_priority_changes
                    smtp_alert
                    smtp_alert_vrrp off
                    vrrp_check_unicast_src
                }
                """ + vi("unicast_peer {\n10.0.0.2\n}\n"));
        assertThat(i.garp().masterDelay()).isEqualTo(Duration.ofSeconds(8));
        assertThat(i.garp().masterRepeat()).isEqualTo(2);
        assertThat(i.garp().lowerPrioDelay()).isEqualTo(Duration.ofSeconds(8));
        assertThat(i.garp().lowerPrioRepeat()).isEqualTo(7);
        assertThat(i.adverts().downTimerAdverts()).isEqualTo(6);
        assertThat(i.adverts().skipCheckAdvAddr()).isTrue();
        assertThat(i.adverts().higherPrioSendAdvert()).isTrue();
        assertThat(i.notifyPriorityChanges()).isTrue();
        assertThat(i.smtpAlert()).as("smtp_alert_vrrp wins over smtp_alert").isFalse();
        assertThat(i.unicast().checkSource()).isTrue();
    }

    @Test
    void vmacRules() {
        assertThat(problems(vi("use_vmac\npromote_secondaries\nunicast_src_ip 10.0.0.9\nunicast_peer {\n10.0.0.2\n}\n")))
                .containsExactly("1:1: warning: (VI_1) unicast with use_vmac requires vmac_xmit_base - setting",
                        "1:1: warning: (VI_1) promote_secondaries is automatically set for vmacs - ignoring");
        VrrpInstance i = only(vi("use_vmac\npromote_secondaries\nunicast_peer {\n10.0.0.2\n}\n"));
        assertThat(i.vmac().orElseThrow().xmitBase()).isTrue();
        assertThat(i.promoteSecondaries()).isFalse();
    }
}
