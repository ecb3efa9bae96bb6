package io.fulcrum.config;

import static io.fulcrum.config.VrrpTestSupport.config;
import static io.fulcrum.config.VrrpTestSupport.instance;
import static io.fulcrum.config.VrrpTestSupport.only;
import static io.fulcrum.config.VrrpTestSupport.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.common.IpPrefix;
import io.fulcrum.config.model.AdvertOptions;
import io.fulcrum.config.model.GarpTiming;
import io.fulcrum.config.model.IpAddressSpec;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.NotifyScripts;
import io.fulcrum.config.model.OldUnicastChecksum;
import io.fulcrum.config.model.Scope;
import io.fulcrum.config.model.ScriptSpec;
import io.fulcrum.config.model.Trackers;
import io.fulcrum.config.model.UnicastPeer;
import io.fulcrum.config.model.Vmac;
import io.fulcrum.config.model.VrrpInstance;
import io.fulcrum.config.model.VrrpState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class VrrpInstanceGrammarTest {

    static final String BASE = "interface eth0\nvirtual_router_id 51\nvirtual_ipaddress {\n10.0.0.1\n}\n";

    static String vi(String extra) {
        return instance(BASE + extra);
    }

    @Test
    void aMinimalInstanceGetsEveryDefault() {
        assertThat(problems(vi(""))).isEmpty();
        VrrpInstance i = only(vi(""));
        assertThat(i.name()).isEqualTo("VI_1");
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(i.priority()).isEqualTo(100);
        assertThat(i.vrid()).isEqualTo(51);
        assertThat(i.interfaceName()).contains("eth0");
        assertThat(i.vrf()).isEmpty();
        assertThat(i.family()).isEqualTo(IpFamily.INET);
        assertThat(i.version()).isEqualTo(2);
        assertThat(i.advertInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(i.nopreempt()).isFalse();
        assertThat(i.preemptDelay()).isEqualTo(Duration.ZERO);
        assertThat(i.sourceIp()).isEmpty();
        assertThat(i.mcastDstIp()).isEmpty();
        assertThat(i.unicast().isUnicast()).isFalse();
        assertThat(i.unicast().ttl()).isEmpty();
        assertThat(i.unicast().oldChecksum()).isEqualTo(OldUnicastChecksum.AUTO);
        assertThat(i.authentication()).isEmpty();
        assertThat(i.virtualIpAddresses()).extracting(IpAddressSpec::address)
                .containsExactly(IpPrefix.host(IpAddress.parse("10.0.0.1")));
        assertThat(i.virtualIpAddresses().getFirst().dev()).as("defaults to the instance's interface").contains("eth0");
        assertThat(i.excludedIpAddresses()).isEmpty();
        assertThat(i.trackers()).isEqualTo(Trackers.none());
        assertThat(i.vmac()).isEmpty();
        assertThat(i.accept()).isTrue();
        assertThat(i.strictMode()).isFalse();
        assertThat(i.garp()).isEqualTo(GarpTiming.defaults());
        assertThat(i.adverts()).isEqualTo(new AdvertOptions(3, false, false, false, false, false));
        assertThat(i.notifyScripts()).isEqualTo(NotifyScripts.none());
        assertThat(i.notifyPriorityChanges()).isFalse();
        assertThat(i.smtpAlert()).isFalse();
        assertThat(i.timerExpiredBackup()).isEmpty();
        assertThat(i.debug()).isZero();
        assertThat(i.kernelRxBufSize()).isEmpty();
    }

    @Test
    void rangeErrorsUseKeepalivedsWords() {
        assertThat(problems(instance("""
                interface eth0
                virtual_router_id 51
                priority 0
                advert_int 0
                version 4
                debug 5
                unicast_ttl 300
                down_timer_adverts 0
                timer_expired_backup 255
                preempt_delay 1001
                garp_master_delay x
                garp_lower_prio_repeat -1
                kernel_rx_buf_size big
                virtual_ipaddress {
                10.0.0.1
                }
                """))).containsExactly(
                "4:1: error: (VI_1) Priority not valid! must be between 1 & 255. Using default 100",
                "5:1: error: (VI_1) Advert interval (0) not valid! Must be > 0 - ignoring",
                "6:1: error: (VI_1): Version must be either 2 or 3",
                "7:1: error: (VI_1) Debug value '5' not valid; must be between 0-4",
                "8:1: error: (VI_1): TTL '300' not valid - must be between 0 & 255",
                "9:1: error: (VI_1): Invalid down_timer_adverts [1:100] '0'",
                "10:22: error: (VI_1) timer_expired_backup highest_other_priority not valid! must be between 1 & 254",
                "11:1: error: (VI_1) Preempt_delay not valid! must be between 0-1000",
                "12:1: error: (VI_1): garp_master_delay 'x' invalid - ignoring",
                "13:1: error: (VI_1): Invalid garp_lower_prio_repeat '-1'",
                "14:1: error: (VI_1) invalid kernel_rx_buf_size specified");
    }

    @Test
    void aBadOrMissingVridDropsTheInstance() {
        assertThat(problems(instance("interface eth0\nvirtual_router_id 256\nvirtual_ipaddress {\n10.0.0.1\n}\n")))
                .containsExactly("3:1: error: (VI_1): VRID '256' not valid - must be between 1 & 255",
                        "1:1: error: (VI_1) the virtual router id must be set");
        assertThat(config(instance("interface eth0\nvirtual_ipaddress {\n10.0.0.1\n}\n")).vrrpInstances()).isEmpty();
    }

    @Test
    void anInstanceNeedsAnInterfaceOrAUnicastSource() {
        assertThat(problems(instance("virtual_router_id 1\nvirtual_ipaddress {\n10.0.0.1\n}\n")))
                .containsExactly("1:1: error: (VI_1) Unknown interface!");
        assertThat(problems(instance("interface lo\nvirtual_router_id 1\nvirtual_ipaddress {\n10.0.0.1\n}\n")))
                .containsExactly("2:11: error: (VI_1) cannot use a loopback interface (lo) for vrrp - ignoring",
                        "1:1: error: (VI_1) Unknown interface!");
        assertThat(problems(instance("""
                virtual_router_id 1
                unicast_peer {
                10.0.0.2
                }
                virtual_ipaddress {
                10.0.0.1
                }
                """))).containsExactly("1:1: error: (VI_1): Unicast instances must have unicast_src_ip or interface");
        VrrpInstance u = only(instance("""
                virtual_router_id 1
                vrf red
                unicast_src_ip 10.0.0.1
                unicast_peer {
                10.0.0.2
                }
                virtual_ipaddress {
                10.0.0.100 dev eth3
                10.0.0.101
                }
                """));
        assertThat(u.interfaceName()).isEmpty();
        assertThat(u.vrf()).contains("red");
        assertThat(u.virtualIpAddresses()).extracting(v -> v.dev().orElseThrow())
                .as("without an interface VIPs default to default_interface").containsExactly("eth3", "eth0");
    }

    @Test
    void duplicateInstanceNamesKeepTheFirst() {
        String text = vi("priority 10\n") + vi("priority 20\nbogus_keyword\n");
        assertThat(problems(text)).containsExactly("9:1: error: vrrp instance VI_1 already defined");
        assertThat(only(text).priority()).isEqualTo(10);
    }

    @Test
    void theSameVridOnTheSameInterfaceAndFamilyIsAnError() {
        String two = vi("") + "vrrp_instance VI_2 {\ninterface eth0\nvirtual_router_id 51\nvirtual_ipaddress {\n"
                + "10.0.0.2\n}\n}\n";
        assertThat(problems(two)).containsExactly("8:1: error: VI_1 and VI_2 both use VRID 51 with IPv4 on interface eth0");
        assertThat(config(two).vrrpInstances()).extracting(VrrpInstance::name).containsExactly("VI_1");
        String otherFamily = vi("") + "vrrp_instance VI_2 {\ninterface eth0\nvirtual_router_id 51\n"
                + "virtual_ipaddress {\nfe80::2\n}\n}\n";
        assertThat(config(otherFamily).vrrpInstances()).hasSize(2);
        String otherGroup = vi("") + "vrrp_instance VI_2 {\ninterface eth0\nvirtual_router_id 51\n"
                + "mcast_dst_ip 224.0.0.99\nvirtual_ipaddress {\n10.0.0.2\n}\n}\n";
        assertThat(config(otherGroup).vrrpInstances()).hasSize(2);
        String otherIf = vi("") + "vrrp_instance VI_2 {\ninterface eth1\nvirtual_router_id 51\n"
                + "virtual_ipaddress {\n10.0.0.2\n}\n}\n";
        assertThat(config(otherIf).vrrpInstances()).hasSize(2);
    }

    @Test
    void stateWordsAreCheckedAsKeepalivedDoes() {
        assertThat(problems(vi("state master\n")))
                .containsExactly("7:7: error: (VI_1) unknown state 'master', defaulting to BACKUP");
        assertThat(problems(vi("state MASTER\nstate BACKUP\n")))
                .containsExactly("8:1: warning: (VI_1) state previously set as MASTER - ignoring BACKUP");
        assertThat(only(vi("state MASTER\nstate BACKUP\n")).state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void virtualAddressOptions() {
        VrrpInstance i = only(instance("""
                interface eth0
                virtual_router_id 51
                virtual_ipaddress {
                192.168.1.10/24 brd + dev eth1 scope link label eth1:1 no_track preferred_lft 60 use_vmac
                192.168.1.11/24 brd - peer 192.168.1.12 home -nodad mngtmpaddr noprefixroute autojoin
                192.168.1.13 brd 192.168.1.255 scope 17 preferred_lft forever
                }
                virtual_ipaddress_excluded {
                2001:db8::1
                2001:db8::2/64
                10.9.9.9/8 dev eth4
                }
                """));
        IpAddressSpec a = i.virtualIpAddresses().get(0);
        assertThat(a.address()).isEqualTo(new IpPrefix(IpAddress.parse("192.168.1.10"), 24));
        assertThat(a.broadcast()).contains(IpAddress.parse("192.168.1.255"));
        assertThat(a.dev()).contains("eth1");
        assertThat(a.scope()).contains(new Scope(253));
        assertThat(a.label()).contains("eth1:1");
        assertThat(a.noTrack()).isTrue();
        assertThat(a.useVmac()).isTrue();
        assertThat(a.preferredLifetime()).isEqualTo(OptionalLong.of(60));
        IpAddressSpec b = i.virtualIpAddresses().get(1);
        assertThat(b.broadcast()).contains(IpAddress.parse("192.168.1.0"));
        assertThat(b.peer()).contains(IpAddress.parse("192.168.1.12"));
        assertThat(List.of(b.home(), b.noDad(), b.mngTmpAddr(), b.noPrefixRoute(), b.autoJoin()))
                .containsOnly(true);
        IpAddressSpec c = i.virtualIpAddresses().get(2);
        assertThat(c.scope()).contains(new Scope(17));
        assertThat(c.preferredLifetime()).isEqualTo(OptionalLong.of(IpAddressSpec.FOREVER));
        assertThat(i.excludedIpAddresses()).extracting(IpAddressSpec::preferredLifetime).as("/128 is deprecated")
                .containsExactly(OptionalLong.of(0), OptionalLong.empty(), OptionalLong.empty());
        assertThat(i.excludedIpAddresses()).extracting(v -> v.dev().orElseThrow())
                .containsExactly("eth0", "eth0", "eth4");
    }

    @Test
    void badAddressEntriesAreReportedAsKeepalivedDoes() {
        assertThat(problems(instance("""
                interface eth0
                virtual_router_id 51
                virtual_ipaddress {
                10.0.0.1
                fe80::1
                10.0.0.3/33
                10.0.0.4 bogus
                10.0.0.5 brd + scope bogus
                10.0.0.6/24 peer 10.0.0.7/32 label abcdefghijklmnopq
                10.0.0.8 track_group TG
                10.0.0.300
                10.0.0.9 dev
                }
                """))).containsExactly(
                "6:1: error: (VI_1): address family must match VRRP instance [fe80::1] - ignoring",
                "7:1: error: Invalid address prefix len 33 for address 10.0.0.3/33 - using 32",
                "8:10: error: Unknown configuration entry 'bogus' for ip address - ignoring",
                "9:14: error: Address prefix length 32 too long for broadcast",
                "9:22: error: Invalid scope 'bogus' specified for 10.0.0.5 - ignoring",
                "10:18: error: Invalid peer address 10.0.0.7/32",
                "10:36: error: Label 'abcdefghijklmnopq' too long - ignoring",
                "11:10: error: Unknown configuration entry 'track_group' for ip address - ignoring",
                "12:1: error: VRRP parsed invalid IP 10.0.0.300. skipping IP...",
                "13:10: error: Missing value for 'dev' of ip address 10.0.0.9 - ignoring");
        VrrpInstance i = only(instance("""
                interface eth0
                virtual_router_id 51
                virtual_ipaddress {
                10.0.0.3/33
                10.0.0.8 track_group TG
                }
                """));
        assertThat(i.virtualIpAddresses()).extracting(IpAddressSpec::address).containsExactly(
                IpPrefix.host(IpAddress.parse("10.0.0.3")), IpPrefix.host(IpAddress.parse("10.0.0.8")));
        assertThat(i.virtualIpAddresses().get(1).trackGroup()).isEmpty();
    }

    @Test
    void unicastSettings() {
        VrrpInstance i = only(vi("""
                unicast_src_ip 10.0.0.10
                unicast_peer {
                10.0.0.11
                10.0.0.12 min_ttl 200 max_ttl 255
                10.0.0.11
                }
                unicast_fault_no_peer
                old_unicast_checksum
                """));
        assertThat(i.sourceIp()).contains(IpAddress.parse("10.0.0.10"));
        assertThat(i.unicast().peers()).containsExactly(
                new UnicastPeer(IpAddress.parse("10.0.0.11"), OptionalInt.empty(), OptionalInt.empty()),
                new UnicastPeer(IpAddress.parse("10.0.0.12"), OptionalInt.of(200), OptionalInt.of(255)));
        assertThat(i.unicast().ttl()).as("IPv4 unicast default").hasValue(255);
        assertThat(i.unicast().checkSource()).as("min/max_ttl turn it on").isTrue();
        assertThat(i.unicast().faultNoPeer()).isTrue();
        assertThat(i.unicast().oldChecksum()).isEqualTo(OldUnicastChecksum.ALWAYS);
        assertThat(problems(vi("""
                unicast_peer {
                10.0.0.11
                10.0.0.11
                fe80::5
                10.0.0.13 min_ttl 9 max_ttl 8
                10.0.0.14 ttl 3
                }
                unicast_ttl 10
                old_unicast_checksum sometimes
                """))).containsExactly(
                "9:1: warning: (VI_1) duplicate unicast peer 10.0.0.11 - ignoring",
                "10:1: error: Configuration error: VRRP instance[VI_1] and unicast peer address[fe80::5] MUST be of "
                        + "the same family !!! Skipping...",
                "11:1: warning: (VI_1) min_ttl 9 > max_ttl 8 - all packets will be discarded",
                "12:11: error: (VI_1) unknown unicast_peer option ttl",
                "15:22: error: (VI_1) Unknown old_unicast_chksum mode sometimes - ignoring");
        assertThat(problems(vi("unicast_ttl 10\n")))
                .containsExactly("7:1: warning: (VI_1): Cannot use unicast_ttl without unicast peers - resetting");
        assertThat(only(vi("check_unicast_src\n")).unicast().checkSource()).as("only meaningful with peers").isFalse();
    }

    @Test
    void sourceAndMulticastAddressesAreChecked() {
        assertThat(problems(vi("""
                mcast_src_ip 10.0.0.300
                mcast_src_ip fe80::1
                mcast_dst_ip 10.0.0.1
                mcast_dst_ip ff05::12
                track_src_ip
                """))).containsExactly(
                "7:14: error: Configuration error: VRRP instance[VI_1] malformed src address[10.0.0.300]. Skipping...",
                "8:14: error: Configuration error: VRRP instance[VI_1] and src address[fe80::1] MUST be of the same "
                        + "family !!! Skipping...",
                "9:14: error: (VI_1) mcast_dst_ip 10.0.0.1 not multicast. Skipping...",
                "10:14: error: (VI_1) mcast dest address ff05::12 MUST match VRRP instance family. Skipping...");
        VrrpInstance i = only(vi("mcast_dst_ip 239.0.0.18\ntrack_src_ip\n"));
        assertThat(i.mcastDstIp()).contains(IpAddress.parse("239.0.0.18"));
        assertThat(i.trackSrcIp()).as("cleared without a configured source").isFalse();
        assertThat(problems(instance("interface eth0\nvirtual_router_id 5\nmcast_dst_ip ff05::12\n"
                + "virtual_ipaddress {\nfe80::1\n}\n")))
                .containsExactly("4:14: error: (VI_1) mcast_dst_ip ff05::12 not link-local multicast. Skipping...");
    }

    @Test
    void notifyScripts() {
        VrrpInstance i = only(vi("""
                notify_master "/bin/n.sh master 'two words'" root wheel
                notify_backup /bin/n.sh
                notify_fault "/bin/n.sh fault"
                notify_stop /bin/stop
                notify_deleted
                notify /bin/any
                notify_master_rx_lower_pri /bin/lower
                """));
        NotifyScripts n = i.notifyScripts();
        assertThat(n.master()).contains(new ScriptSpec(List.of("/bin/n.sh", "master", "two words"),
                Optional.of("root"), Optional.of("wheel")));
        assertThat(n.backup().orElseThrow().argv()).containsExactly("/bin/n.sh");
        assertThat(n.fault().orElseThrow().argv()).containsExactly("/bin/n.sh", "fault");
        assertThat(n.stop()).isPresent();
        assertThat(n.notifyDeleted()).isTrue();
        assertThat(n.deleted()).isEmpty();
        assertThat(n.any().orElseThrow().program()).isEqualTo("/bin/any");
        assertThat(n.masterRxLowerPri()).isPresent();
        assertThat(problems(vi("notify_master /a\nnotify_master /b\nnotify_deleted /x\nnotify_deleted\n")))
                .containsExactly("8:1: error: (VI_1) notify_master script already specified - ignoring /b",
                        "10:1: error: (VI_1) notify_deleted already specified - ignoring ");
    }

    @Test
    void vmacOptions() {
        VrrpInstance i = only(vi("use_vmac name vrrp.51 02:00:00:00:00\nvmac_xmit_base\nuse_vmac_addr\n"));
        assertThat(i.vmac()).contains(new Vmac(Optional.of("vrrp.51"), Optional.of("02:00:00:00:00"), true));
        assertThat(i.useVmacAddr()).isTrue();
        assertThat(problems(vi("use_vmac bad/name 01:00:00:00:00:01 00:00:5e:00:01:05 zz:00\n"))).containsExactly(
                "7:10: error: VMAC interface name 'bad/name' too long or invalid characters - ignoring",
                "7:19: error: VMAC MAC address is multicast 01:00:00:00:00:01 - ignoring",
                "7:37: error: VMAC MAC address not allowed to be RFC5798 address (00:00:5e:00:01:05) - ignoring",
                "7:55: error: VMAC invalid MAC address zz:00 - ignored");
        assertThat(problems(vi("vmac_xmit_base\n")))
                .containsExactly("1:1: warning: (VI_1) vmac_xmit_base is only valid with a vmac");
        assertThat(problems(vi("use_ipvlan ipvl0 10.0.0.5\nauth_hmac {\nkey 1 hex:00\n}\n"))).containsExactly(
                "7:1: warning: 'use_ipvlan' is recognised but not supported by Fulcrum; ignored",
                "8:1: warning: 'auth_hmac' is recognised but not supported by Fulcrum; ignored");
    }

    @Test
    void behaviourFlagsAndTheirValues() {
        VrrpInstance i = only(vi("""
                dont_track_primary
                promote_secondaries
                no_virtual_ipaddress
                lower_prio_no_advert
                higher_prio_send_advert yes
                owner_ignore_adverts on
                skip_check_adv_addr
                v3_checksum_as_v2 true
                down_timer_adverts 10
                notify_priority_changes
                smtp_alert
                timer_expired_backup
                debug 3
                kernel_rx_buf_size 65536
                no_accept
                garp_master_delay 2
                garp_master_repeat 3
                garp_lower_prio_delay 4
                garp_lower_prio_repeat 0
                garp_master_refresh 20
                garp_master_refresh_repeat 6
                garp_extra_if all 0
                """));
        assertThat(i.dontTrackPrimary()).isTrue();
        assertThat(i.promoteSecondaries()).isTrue();
        assertThat(i.noVirtualIpAddress()).isTrue();
        assertThat(i.adverts()).isEqualTo(new AdvertOptions(10, true, true, true, true, true));
        assertThat(i.notifyPriorityChanges()).isTrue();
        assertThat(i.smtpAlert()).isTrue();
        assertThat(i.timerExpiredBackup()).hasValue(254);
        assertThat(i.debug()).isEqualTo(3);
        assertThat(i.kernelRxBufSize()).hasValue(65536);
        assertThat(i.accept()).isFalse();
        assertThat(i.garp().masterDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(i.garp().masterRepeat()).isEqualTo(3);
        assertThat(i.garp().lowerPrioDelay()).isEqualTo(Duration.ofSeconds(4));
        assertThat(i.garp().lowerPrioRepeat()).isZero();
        assertThat(i.garp().masterRefresh()).isEqualTo(Duration.ofSeconds(20));
        assertThat(i.garp().masterRefreshRepeat()).isEqualTo(6);
        assertThat(i.garp().extraInterfaces().orElseThrow().interval()).isEqualTo(Duration.ZERO);
        assertThat(problems(vi("skip_check_adv_addr maybe\nsmtp_alert perhaps\ngarp_master_repeat 0\n")))
                .containsExactly("7:21: error: (VI_1) invalid skip_check_adv_addr maybe specified",
                        "8:12: error: Invalid vrrp_instance smtp_alert parameter perhaps",
                        "9:1: warning: (VI_1): garp_master_repeat must be greater than 0, setting to 1");
    }

    @Test
    void deprecatedAndUnknownKeywords() {
        String text = vi("""
                linkbeat_use_polling
                lvs_sync_daemon_interface eth1
                thread_timer_expired 100
                vmac_garp_intvl 30
                priorty 100
                """);
        assertThat(problems(text)).containsExactly(
                "7:1: warning: (VI_1) 'linkbeat_use_polling' in vrrp instance deprecated - use linkbeat_interfaces block",
                "8:1: warning: (VI_1) Specifying lvs_sync_daemon_interface against a vrrp is deprecated. Please use "
                        + "global lvs_sync_daemon",
                "9:1: warning: 'thread_timer_expired' is deprecated - please use 'timer_expired_backup'",
                "10:1: warning: Keyword \"vmac_garp_intvl\" is deprecated - please use \"garp_extra_if\"",
                "11:1: error: unknown keyword 'priorty' in vrrp_instance; did you mean 'priority'?");
        var cfg = config(text);
        VrrpInstance i = cfg.vrrpInstances().getFirst();
        assertThat(i.linkbeatUsePolling()).isTrue();
        assertThat(i.timerExpiredBackup()).hasValue(100);
        assertThat(i.garp().extraInterfaces().orElseThrow().interval()).isEqualTo(Duration.ofSeconds(30));
        var syncd = cfg.globalDefs().lvs().syncDaemon().orElseThrow();
        assertThat(syncd.interfaceName()).isEqualTo("eth1");
        assertThat(syncd.instance()).contains("VI_1");
    }

    @Test
    void nativeIpv6IsDeprecatedAndForcesIpv6() {
        String text = instance("interface eth0\nvirtual_router_id 5\nnative_ipv6\nvirtual_ipaddress {\nfe80::1\n}\n");
        assertThat(problems(text)).containsExactly(
                "4:1: warning: 'native_ipv6' is deprecated - the address family of the virtual addresses decides");
        assertThat(only(text).family()).isEqualTo(IpFamily.INET6);
        assertThat(problems(vi("native_ipv6\n"))).containsExactly(
                "7:1: warning: 'native_ipv6' is deprecated - the address family of the virtual addresses decides",
                "7:1: error: (VI_1) Cannot specify native_ipv6 with IPv4 addresses");
    }
}
