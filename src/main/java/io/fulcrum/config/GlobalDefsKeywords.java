package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.DynamicInterfaces;
import io.fulcrum.config.model.GarpExtraInterfaces;
import io.fulcrum.config.model.SmtpServer;
import io.fulcrum.config.model.Defaults;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** The global_defs keywords Fulcrum acts on: identity, e-mail, scripts, VRRP defaults, gratuitous ARP. */
final class GlobalDefsKeywords {

    private GlobalDefsKeywords() {
    }

    static final Duration MAX_DELAY = Duration.ofSeconds(0xFFFF_FFFFL / 1_000_000L);

    static void add(BlockGrammar<GlobalDefsBuilder> g) {
        identityAndEmail(g);
        scripts(g);
        vrrp(g);
        garp(g);
    }

    private static void identityAndEmail(BlockGrammar<GlobalDefsBuilder> g) {
        g.add("router_id", "router_id STRING", "Names this machine in alerts [host name].",
                (a, b) -> {
                    if (a.arity(1, 1)) {
                        b.routerId = Optional.of(a.text(0));
                    }
                })
            .addBlock("notification_email", "notification_email { ADDRESS ... }",
                "Recipients of e-mail alerts.", null, (a, b) -> {
                    var words = a.blockWords();
                    if (a.statement().hasBlock() && words.isEmpty()) {
                        a.warning("Warning - empty notification_email block");
                    }
                    words.forEach(t -> b.emails.add(t.text()));
                })
            .add("notification_email_from", "notification_email_from ADDRESS",
                "Sender of e-mail alerts [keepalived@HOSTNAME].", (a, b) -> {
                    if (a.arity(1, 1)) {
                        b.emailFrom = Optional.of(a.text(0));
                    }
                })
            .add("smtp_server", "smtp_server IP|NAME [PORT]", "SMTP server for alerts [port 25].",
                GlobalDefsKeywords::smtpServer)
            .add("smtp_helo_name", "smtp_helo_name NAME", "Name sent in HELO [host name].", (a, b) -> {
                if (a.arity(1, 1)) {
                    b.heloName = Optional.of(a.text(0));
                }
            })
            .add("smtp_connect_timeout", "smtp_connect_timeout SECONDS", "SMTP connection timeout [30].",
                (a, b) -> {
                    a.arity(1, 1);
                    Readers.atLeastOne(a, 0, "smtp_connect_timeout")
                        .ifPresent(v -> b.smtpConnectTimeout = Duration.ofSeconds(v));
                })
            .add("smtp_alert", "smtp_alert [<BOOL>]", "Default for every e-mail alert [off].",
                (a, b) -> globalBool(a, "smtp_alert").ifPresent(v -> b.smtpAlert = Optional.of(v)))
            .add("smtp_alert_vrrp", "smtp_alert_vrrp [<BOOL>]", "Default for VRRP e-mail alerts [smtp_alert].",
                (a, b) -> globalBool(a, "smtp_alert_vrrp").ifPresent(v -> b.smtpAlertVrrp = Optional.of(v)))
            .add("smtp_alert_checker", "smtp_alert_checker [<BOOL>]",
                "Default for checker e-mail alerts [smtp_alert].",
                (a, b) -> globalBool(a, "smtp_alert_checker").ifPresent(v -> b.smtpAlertChecker = Optional.of(v)))
            .add("no_email_faults", "no_email_faults", "No e-mail alert when an instance enters FAULT.",
                (a, b) -> b.noEmailFaults = Readers.set(a))
            .add("no_checker_emails", "no_checker_emails [<BOOL>]", "No e-mail alerts for checker changes.",
                (a, b) -> Readers.bool(a).ifPresent(v -> b.noCheckerEmails = v))
            .add("checker_log_all_failures", "checker_log_all_failures [<BOOL>]",
                "Log every failed check, not only state changes.",
                (a, b) -> Readers.bool(a).ifPresent(v -> b.checkerLogAllFailures = v));
    }

    private static void smtpServer(Args a, GlobalDefsBuilder b) {
        if (!a.arity(1, 2)) {
            return;
        }
        String host = a.text(0);
        boolean ip = IpAddress.tryParse(host).isPresent();
        if (!ip && !host.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})")) {
            a.errorAt(a.token(0), "Invalid smtp server " + host + " " + (a.has(1) ? a.text(1) : Defaults.SMTP_PORT));
            return;
        }
        int port = Defaults.SMTP_PORT;
        if (a.has(1)) {
            OptionalInt p = a.intArg(1, 1, 65535);
            if (p.isEmpty()) {
                return;
            }
            port = p.getAsInt();
        }
        b.smtpServer = Optional.of(new SmtpServer(host, port));
    }

    private static void scripts(BlockGrammar<GlobalDefsBuilder> g) {
        g.add("startup_script", "startup_script SCRIPT [USER [GROUP]]",
                "Run once before anything starts.", (a, b) -> {
                    if (b.startupScript.isPresent()) {
                        a.error("startup script already specified");
                        return;
                    }
                    b.startupScript = a.script(0);
                })
            .add("startup_script_timeout", "startup_script_timeout 1..1000",
                "Seconds the startup script may run [10].",
                (a, b) -> scriptTimeout(a, "startup").ifPresent(d -> b.startupScriptTimeout = d))
            .add("shutdown_script", "shutdown_script SCRIPT [USER [GROUP]]",
                "Run once after everything has stopped.", (a, b) -> {
                    if (b.shutdownScript.isPresent()) {
                        a.error("shutdown script already specified");
                        return;
                    }
                    b.shutdownScript = a.script(0);
                })
            .add("shutdown_script_timeout", "shutdown_script_timeout 1..1000",
                "Seconds the shutdown script may run [10].",
                (a, b) -> scriptTimeout(a, "shutdown").ifPresent(d -> b.shutdownScriptTimeout = d))
            .add("script_user", "script_user USER [GROUP]",
                "Default user for scripts [keepalived_script if it exists, else root].",
                (a, b) -> a.runAs(0).ifPresent(r -> b.scriptUser = Optional.of(r)))
            .add("enable_script_security", "enable_script_security",
                "Refuse to run scripts that a non-root user could change.",
                (a, b) -> b.scriptSecurity = Readers.set(a));
    }

    /** {@code [<BOOL>]} with keepalived's "Invalid value 'X' for global KEYWORD specified". */
    static Optional<Boolean> globalBool(Args a, String kw) {
        a.arity(0, 1);
        Optional<Boolean> v = VrrpInstanceOptions.parse(a);
        if (v.isEmpty()) {
            a.errorAt(a.token(0), "Invalid value '" + a.text(0) + "' for global " + kw + " specified");
        }
        return v;
    }

    private static Optional<Duration> scriptTimeout(Args a, String type) {
        a.arity(1, 1);
        Optional<Integer> v = VrrpInstanceGrammar.number(a, 1, 1000);
        if (v.isEmpty()) {
            a.error(type + "_script_timeout '" + (a.has(0) ? a.text(0) : "") + "' must be in [1, 1000] - ignoring");
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(v.get()));
    }

    private static void vrrp(BlockGrammar<GlobalDefsBuilder> g) {
        g.add("vrrp_version", "vrrp_version 2|3", "Default VRRP version [2; IPv6 instances use 3].",
                (a, b) -> {
                    a.arity(1, 1);
                    if (a.has(0) && !a.text(0).matches("[23]")) {
                        a.errorAt(a.token(0), "VRRP Error: Version must be either 2 or 3");
                        return;
                    }
                    a.intArg(0, 2, 3).ifPresent(v -> b.vrrpVersion = v);
                })
            .add("vrrp_mcast_group4", "vrrp_mcast_group4 IPV4_MULTICAST", "VRRP multicast group [224.0.0.18].",
                (a, b) -> mcastGroup(a, true).ifPresent(ip -> b.mcastGroup4 = ip))
            .add("vrrp_mcast_group6", "vrrp_mcast_group6 IPV6_MULTICAST", "VRRP multicast group [ff02::12].",
                (a, b) -> mcastGroup(a, false).ifPresent(ip -> b.mcastGroup6 = ip))
            .add("default_interface", "default_interface IF", "Interface of static addresses without dev [eth0].",
                (a, b) -> {
                    if (a.arity(1, 1)) {
                        b.defaultInterface = a.text(0);
                    }
                })
            .add("vrrp_check_unicast_src", "vrrp_check_unicast_src",
                "Drop unicast adverts not from a configured peer.", (a, b) -> b.checkUnicastSrc = Readers.set(a))
            .add("vrrp_skip_check_adv_addr", "vrrp_skip_check_adv_addr",
                "Do not re-check the VIPs of adverts from the same master.",
                (a, b) -> b.skipCheckAdvAddr = Readers.set(a))
            .add("vrrp_strict", "vrrp_strict", "Enforce strict RFC compliance in every instance.",
                (a, b) -> b.strict = Readers.set(a))
            .add("v3_checksum_as_v2", "v3_checksum_as_v2 [<BOOL>]",
                "VRRPv3 IPv4 checksum without the pseudo-header (interop).",
                (a, b) -> Readers.bool(a).ifPresent(v -> b.v3ChecksumAsV2 = v))
            .add("vrrp_down_timer_adverts", "vrrp_down_timer_adverts 1..100",
                "Adverts missed before a backup takes over [3].",
                (a, b) -> a.intArg(0, 1, 100).ifPresent(v -> b.downTimerAdverts = v))
            .add("vrrp_lower_prio_no_advert", "vrrp_lower_prio_no_advert [<BOOL>]",
                "Do not answer a lower-priority advert [off; on in strict mode].",
                (a, b) -> Readers.bool(a).ifPresent(v -> b.lowerPrioNoAdvert = v))
            .add("vrrp_higher_prio_send_advert", "vrrp_higher_prio_send_advert [<BOOL>]",
                "Send an advert before yielding to a higher priority.",
                (a, b) -> Readers.bool(a).ifPresent(v -> b.higherPrioSendAdvert = v))
            .add("vrrp_owner_ignore_adverts", "vrrp_owner_ignore_adverts [<BOOL>]",
                "An address owner (priority 255) ignores all adverts.",
                (a, b) -> Readers.bool(a).ifPresent(v -> b.ownerIgnoreAdverts = v))
            .add("vrrp_startup_delay", "vrrp_startup_delay SECONDS", "Delay before VRRP starts [0].",
                (a, b) -> a.timer(0, Duration.ZERO, MAX_DELAY).ifPresent(d -> {
                    if (d.compareTo(Duration.ofSeconds(60)) >= 0) {
                        a.warning("The vrrp_startup_delay is very large - " + a.text(0) + " seconds");
                    }
                    b.startupDelay = d;
                }))
            .add("vrrp_delay_after_boot", "vrrp_delay_after_boot SECONDS",
                "Delay VRRP start until the system has been up this long [0].",
                (a, b) -> a.timer(0, Duration.ZERO, MAX_DELAY).ifPresent(d -> b.delayAfterBoot = d))
            .add("log_unknown_vrids", "log_unknown_vrids", "Log adverts for VRIDs not configured here.",
                (a, b) -> b.logUnknownVrids = Readers.set(a))
            .add("dynamic_interfaces", "dynamic_interfaces [allow_if_changes]",
                "Allow configured interfaces to be missing at start.", (a, b) -> {
                    a.arity(0, 1);
                    b.dynamicInterfaces = DynamicInterfaces.ON;
                    if (a.has(0)) {
                        if (a.text(0).equals("allow_if_changes")) {
                            b.dynamicInterfaces = DynamicInterfaces.ALLOW_IF_CHANGES;
                        } else {
                            a.errorAt(a.token(0), "Unknown dynamic_interfaces option '" + a.text(0) + "'");
                        }
                    }
                })
            .add("vrrp_notify_priority_changes", "vrrp_notify_priority_changes [<BOOL>]",
                "Write priority changes to the notify FIFOs.",
                (a, b) -> Readers.bool(a).ifPresent(v -> b.notifyPriorityChanges = v));
    }

    private static Optional<IpAddress> mcastGroup(Args a, boolean v4) {
        a.arity(1, 1);
        if (!a.has(0)) {
            a.error("'" + a.keyword() + "' expects an address");
            return Optional.empty();
        }
        Optional<IpAddress> ip = IpAddress.tryParse(a.text(0));
        if (ip.isEmpty()) {
            a.errorAt(a.token(0), "Configuration error: Cant parse " + a.keyword() + " [" + a.text(0) + "]. Skipping");
            return Optional.empty();
        }
        if (ip.get().isV4() != v4) {
            a.errorAt(a.token(0), a.keyword() + " [" + a.text(0) + "] is not " + (v4 ? "IPv4" : "IPv6") + ". Skipping");
            return Optional.empty();
        }
        if (!ip.get().isMulticast()) {
            a.errorAt(a.token(0), a.keyword() + " [" + a.text(0) + "] is not multicast. Skipping");
            return Optional.empty();
        }
        return ip;
    }

    private static void garp(BlockGrammar<GlobalDefsBuilder> g) {
        long maxSecs = 0xFFFF_FFFFL / 1_000_000L;
        g.add("vrrp_garp_master_delay", "vrrp_garp_master_delay SECONDS",
                "Delay of the second GARP burst after becoming MASTER; 0 = none [5].",
                (a, b) -> Readers.seconds(a, 0, 0, maxSecs).ifPresent(d -> b.garpMasterDelay = d))
            .add("vrrp_garp_master_repeat", "vrrp_garp_master_repeat N", "GARPs per VIP in each burst [5].",
                (a, b) -> Readers.atLeastOne(a, 0, "vrrp_garp_master_repeat").ifPresent(v -> b.garpMasterRepeat = v))
            .add("vrrp_garp_lower_prio_delay", "vrrp_garp_lower_prio_delay SECONDS",
                "Delay of the second burst after a lower-priority advert [vrrp_garp_master_delay].",
                (a, b) -> Readers.seconds(a, 0, 0, maxSecs).ifPresent(d -> b.garpLowerPrioDelay = Optional.of(d)))
            .add("vrrp_garp_lower_prio_repeat", "vrrp_garp_lower_prio_repeat N",
                "GARPs per VIP after a lower-priority advert [vrrp_garp_master_repeat].",
                (a, b) -> a.intArg(0, 0, Integer.MAX_VALUE).ifPresent(v -> b.garpLowerPrioRepeat = OptionalInt.of(v)))
            .add("vrrp_garp_master_refresh", "vrrp_garp_master_refresh SECONDS",
                "Interval of GARP refreshes while MASTER; 0 = none [0].",
                (a, b) -> Readers.seconds(a, 0, 0, 0xFFFF_FFFFL).ifPresent(d -> b.garpMasterRefresh = d))
            .add("vrrp_garp_master_refresh_repeat", "vrrp_garp_master_refresh_repeat N",
                "GARPs per VIP in each refresh [1].",
                (a, b) -> Readers.atLeastOne(a, 0, "vrrp_garp_master_refresh_repeat")
                    .ifPresent(v -> b.garpMasterRefreshRepeat = v))
            .add("vrrp_garp_interval", "vrrp_garp_interval SECONDS",
                "Minimum gap between GARPs on an interface [0].",
                (a, b) -> interval(a).ifPresent(d -> b.garpInterval = d))
            .add("vrrp_gna_interval", "vrrp_gna_interval SECONDS",
                "Minimum gap between unsolicited NAs on an interface [0].",
                (a, b) -> interval(a).ifPresent(d -> b.gnaInterval = d))
            .add("vrrp_min_garp", "vrrp_min_garp [<BOOL>]",
                "One GARP per VIP, no second burst, no refresh (keeps values already set).",
                (a, b) -> Readers.bool(a).ifPresent(on -> {
                    if (on) {
                        minGarp(b);
                    }
                }))
            .add("vrrp_garp_extra_if", "vrrp_garp_extra_if [all] SECONDS",
                "Periodic GARPs on the other interfaces of VIPs (VMACs only unless all), at most 86400 s.",
                (a, b) -> extraIf(a, 1, "").ifPresent(e -> b.garpExtraIf = Optional.of(e)));
    }

    private static Optional<Duration> interval(Args a) {
        Optional<Duration> d = a.timer(0, Duration.ZERO, MAX_DELAY);
        if (d.isPresent() && d.get().compareTo(Duration.ofSeconds(1)) >= 0) {
            a.warning("The " + a.keyword() + " is very large - " + a.text(0) + " seconds");
        }
        return d;
    }

    /** keepalived's vrrp_min_garp: only values still at their defaults change. */
    private static void minGarp(GlobalDefsBuilder b) {
        if (b.garpMasterRepeat == Defaults.GARP_MASTER_REPEAT) {
            b.garpMasterRepeat = 1;
        }
        if (b.garpMasterRefresh.equals(Defaults.GARP_MASTER_REFRESH)) {
            b.garpMasterRefresh = Duration.ZERO;
        }
        if (b.garpMasterDelay.equals(Defaults.GARP_MASTER_DELAY)) {
            b.garpMasterDelay = Duration.ZERO;
        }
    }

    /**
     * {@code [all] SECONDS} of vrrp_garp_extra_if / garp_extra_if; {@code min} is the smallest interval, {@code who}
     * the message prefix (keepalived's "(VI_1): " for an instance, empty globally).
     */
    static Optional<GarpExtraInterfaces> extraIf(Args a, int min, String who) {
        boolean all = false;
        Optional<Duration> delay = Optional.empty();
        for (int i = 0; i < a.count(); i++) {
            if (a.text(i).equals("all")) {
                all = true;
                continue;
            }
            if (!a.text(i).matches("[0-9]{1,10}") || Long.parseLong(a.text(i)) < min
                    || Long.parseLong(a.text(i)) > 86_400) {
                a.errorAt(a.token(i), who + a.keyword() + " '" + a.text(i) + "' invalid - ignoring");
                return Optional.empty();
            }
            delay = Optional.of(Duration.ofSeconds(Long.parseLong(a.text(i))));
        }
        if (delay.isEmpty()) {
            a.error(who + a.keyword() + " specified without time - ignoring");
            return Optional.empty();
        }
        return Optional.of(new GarpExtraInterfaces(delay.get(), all));
    }

}
