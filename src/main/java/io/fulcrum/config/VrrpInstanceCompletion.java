package io.fulcrum.config;

import io.fulcrum.config.model.AdvertOptions;
import io.fulcrum.config.model.AuthType;
import io.fulcrum.config.model.Authentication;
import io.fulcrum.config.model.Defaults;
import io.fulcrum.config.model.GarpTiming;
import io.fulcrum.config.model.GlobalDefs;
import io.fulcrum.config.model.IpAddressSpec;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.Tracked;
import io.fulcrum.config.model.Trackers;
import io.fulcrum.config.model.UnicastSettings;
import io.fulcrum.config.model.Vmac;
import io.fulcrum.config.model.VrrpInstance;
import io.fulcrum.config.model.VrrpState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * keepalived's {@code vrrp_complete_instance}: the rules that need the whole instance, the global defaults and the
 * tracked blocks. Problems are reported at the {@code vrrp_instance} statement, in keepalived's words.
 */
final class VrrpInstanceCompletion {

    private VrrpInstanceCompletion() {
    }

    /** VIPs that fit in an advert on a 1500-byte MTU link (interface MTUs are not known when reading). */
    private static int maxVips(IpFamily family) {
        int mtu = 1500;
        return family == IpFamily.INET ? Math.min(255, (mtu - (14 + 20 + 8 + 8)) / 4)
                : Math.min(255, (mtu - (14 + 40 + 8)) / 16);
    }

    static boolean strict(VrrpInstanceBuilder b, GlobalDefs g) {
        return b.strict.orElse(g.vrrp().strict());
    }

    static IpFamily family(VrrpInstanceBuilder b) {
        return b.family.orElse(IpFamily.INET);
    }

    static int version(VrrpInstanceBuilder b, GlobalDefs g) {
        return family(b) == IpFamily.INET6 ? 3 : b.version.orElse(g.vrrp().version());
    }

    /**
     * The checks after which keepalived refuses the instance. Reports and returns false when the instance must be
     * dropped.
     */
    static boolean viable(VrrpInstanceBuilder b, GlobalDefs g) {
        String l = b.label;
        boolean strict = strict(b, g);
        if (b.vips.isEmpty() && (version(b, g) == 3 || strict)) {
            b.at.error(l + " No VIP specified; at least one is required");
            return false;
        }
        if (b.vrid.isEmpty()) {
            b.at.error(l + " the virtual router id must be set");
            return false;
        }
        if (strict && !b.peers.isEmpty()) {
            b.at.error(l + " Unicast peers are not supported in strict mode");
            return false;
        }
        if (b.iface.isEmpty()) {
            if (b.sourceIp.isEmpty()) {
                b.at.error(b.peers.isEmpty() ? l + " Unknown interface!"
                        : l + ": Unicast instances must have unicast_src_ip or interface");
                return false;
            }
            if (b.sourceIp.get().isLinkLocal() && !b.sourceIp.get().isV4()) {
                b.at.error(l + " Non link-local address required if interface omitted");
                return false;
            }
        }
        return true;
    }

    /** Completes a viable instance; {@code group} is its sync group, if any. */
    static VrrpInstance complete(VrrpInstanceBuilder b, GlobalDefs g, Optional<SyncGroupBuilder> group,
            ConfigBuilder cfg) {
        String l = b.label;
        Args at = b.at;
        boolean strict = strict(b, g);
        IpFamily family = family(b);
        if (family == IpFamily.INET6 && b.version.equals(OptionalInt.of(2))) {
            at.warning(l + " cannot use IPv6 with VRRP version 2; setting version 3");
        }
        int version = version(b, g);
        if (b.vips.isEmpty() && !b.noVirtualIpAddress) {
            at.warning(l + " No VIP specified; at least one is sensible");
        }

        int priority = b.priority.orElse(b.state.equals(Optional.of(VrrpState.MASTER))
                ? Defaults.VRRP_PRIORITY_OWNER : Defaults.VRRP_PRIORITY);
        VrrpState derived = priority == Defaults.VRRP_PRIORITY_OWNER ? VrrpState.MASTER : VrrpState.BACKUP;
        VrrpState state = b.state.orElse(derived);
        if (b.state.isPresent() && strict && (state == VrrpState.MASTER) != (priority == Defaults.VRRP_PRIORITY_OWNER)) {
            at.warning(l + " State MASTER must match being address owner");
            state = derived;
        }

        Optional<Authentication> auth = authentication(b, strict, version, family, priority);
        if (auth.isPresent() && auth.get().type() == AuthType.AH && state == VrrpState.MASTER
                && priority != Defaults.VRRP_PRIORITY_OWNER) {
            at.warning(l + " Initial state master is incompatible with AH authentication - clearing");
            state = VrrpState.BACKUP;
        }

        if (family == IpFamily.INET6 && b.peers.isEmpty() && !b.vips.isEmpty()
                && !b.vips.getFirst().address().address().isLinkLocal()) {
            at.warning(l + " the first IPv6 VIP address " + (strict ? "must" : "should") + " be link local");
        }

        List<IpAddressSpec> vips = new ArrayList<>(b.vips);
        List<IpAddressSpec> evips = new ArrayList<>(b.evips);
        int max = maxVips(family);
        if (vips.size() > max) {
            at.warning(l + " Number of VIPs (" + vips.size() + ") exceeds maximum/space available in packet (max "
                    + max + " addresses) - excess moved to eVIPs");
            evips.addAll(0, vips.subList(max, vips.size()));
            vips = new ArrayList<>(vips.subList(0, max));
        }
        String dev = b.iface.orElse(g.vrrp().defaultInterface());
        vips.replaceAll(v -> v.dev().isPresent() ? v : v.withDev(dev));
        evips.replaceAll(v -> v.dev().isPresent() ? v : v.withDev(dev));

        boolean nopreempt = b.nopreempt;
        Duration preemptDelay = b.preemptDelay;
        if (priority == Defaults.VRRP_PRIORITY_OWNER && nopreempt) {
            at.warning(l + " nopreempt is incompatible with priority 255. resetting nopreempt");
            nopreempt = false;
        }
        if (state == VrrpState.MASTER) {
            if (nopreempt) {
                at.warning(l + " Warning - nopreempt will not work with initial state MASTER - clearing");
                nopreempt = false;
            }
            if (!preemptDelay.isZero()) {
                at.warning(l + " Warning - preempt delay will not work with initial state MASTER - clearing");
                preemptDelay = Duration.ZERO;
            }
        }
        if (!preemptDelay.isZero() && strict) {
            at.warning(l + " preempt_delay is incompatible with strict mode - resetting");
            preemptDelay = Duration.ZERO;
        }
        if (!preemptDelay.isZero() && nopreempt) {
            at.warning(l + " preempt_delay is incompatible with nopreempt mode - resetting");
            preemptDelay = Duration.ZERO;
        }

        boolean owner = priority == Defaults.VRRP_PRIORITY_OWNER;
        boolean accept = b.accept.orElse(owner || !strict);
        if (accept && !owner && strict && version == 2) {
            at.warning(l + " warning - accept mode for VRRP version 2 does not comply with RFC3768 - resetting");
            accept = false;
        }

        GarpTiming garp = garp(b, g, strict);
        AdvertOptions adverts = adverts(b, g, strict);
        Duration advert = advertInterval(b, version);

        Optional<Vmac> vmac = Optional.empty();
        boolean promote = b.promoteSecondaries;
        boolean xmitBase = b.vmacXmitBase;
        if (xmitBase && !b.useVmac) {
            at.warning(l + " vmac_xmit_base is only valid with a vmac");
            xmitBase = false;
        }
        if (b.useVmac) {
            if (!b.peers.isEmpty() && b.iface.isEmpty()) {
                at.warning(l + ": Cannot use VMAC/ipvlan with unicast and no interface - clearing use_vmac");
            } else {
                if (!b.peers.isEmpty() && !xmitBase) {
                    at.warning(l + " unicast with use_vmac requires vmac_xmit_base - setting");
                    xmitBase = true;
                }
                if (strict && xmitBase) {
                    at.warning(l + " xmit_base is incompatible with strict mode - resetting");
                    xmitBase = false;
                }
                if (promote) {
                    at.warning(l + " promote_secondaries is automatically set for vmacs - ignoring");
                    promote = false;
                }
                vmac = Optional.of(new Vmac(b.vmacName, b.vmacMac, xmitBase));
            }
        }

        OptionalInt ttl = b.unicastTtl;
        if (b.peers.isEmpty() && ttl.isPresent()) {
            b.unicastTtlAt.orElse(at).warning(l + ": Cannot use unicast_ttl without unicast peers - resetting");
            ttl = OptionalInt.empty();
        } else if (!b.peers.isEmpty() && ttl.isEmpty() && family == IpFamily.INET) {
            ttl = OptionalInt.of(Defaults.VRRP_UNICAST_TTL);
        }
        boolean checkSrc = b.checkUnicastSrc || g.vrrp().checkUnicastSrc()
                || b.peers.stream().anyMatch(p -> p.minTtl().isPresent() || p.maxTtl().isPresent());
        UnicastSettings unicast = new UnicastSettings(b.peers, ttl, b.unicastFaultNoPeer, checkSrc && !b.peers.isEmpty(),
                b.oldChecksum);

        Trackers trackers = trackers(b, cfg, group, owner);
        boolean smtp = b.smtpAlert.orElse(g.email().vrrpAlertsByDefault());
        boolean notifyPrio = b.notifyPriorityChanges.or(() -> group.flatMap(s -> s.notifyPriorityChanges))
                .orElse(g.vrrp().notifyPriorityChanges());

        return new VrrpInstance(b.name, state, priority, b.vrid.getAsInt(), b.iface,
                b.iface.isPresent() ? Optional.empty() : b.vrf, family, version, advert, nopreempt, preemptDelay,
                b.sourceIp, b.mcastDstIp, b.trackSrcIp && b.sourceIp.isPresent(), unicast, auth, vips, evips,
                b.noVirtualIpAddress, promote, b.routes, b.rules, trackers, b.dontTrackPrimary, vmac, b.useVmacAddr,
                accept, strict, garp, adverts, b.notify.build(), notifyPrio, smtp, b.timerExpiredBackup, b.debug,
                b.kernelRxBufSize, b.linkbeatUsePolling && b.iface.isPresent());
    }

    private static Optional<Authentication> authentication(VrrpInstanceBuilder b, boolean strict, int version,
            IpFamily family, int priority) {
        if (b.authType.isEmpty()) {
            if (b.authPass.isPresent()) {
                b.at.warning(b.label + " auth_pass given without auth_type - ignoring");
            }
            return Optional.empty();
        }
        String l = b.label;
        if (strict) {
            b.at.warning(l + " Strict mode does not support authentication. Ignoring.");
        } else if (version == 3) {
            b.at.warning(l + " VRRP version 3 does not support authentication. Ignoring.");
        } else if (b.authPass.isEmpty()) {
            b.at.warning(l + " Authentication specified but no password given. Ignoring");
        } else if (family == IpFamily.INET6 && b.authType.get() == AuthType.AH) {
            b.at.warning(l + " Cannot use AH authentication with IPv6 - ignoring");
        } else {
            return Optional.of(new Authentication(b.authType.get(), b.authPass.get()));
        }
        return Optional.empty();
    }

    private static GarpTiming garp(VrrpInstanceBuilder b, GlobalDefs g, boolean strict) {
        GarpTiming d = g.garp().timing();
        int lowerRep = b.garpLowerPrioRepeat.orElse(strict ? 0 : d.lowerPrioRepeat());
        if (strict && b.garpLowerPrioRepeat.isPresent() && lowerRep != 0) {
            b.at.warning(b.label + " Strict mode requires no repeat garps. resetting");
            lowerRep = 0;
        }
        Duration lowerDelay = b.garpLowerPrioDelay.orElse(strict ? Duration.ZERO : d.lowerPrioDelay());
        if (strict && b.garpLowerPrioDelay.isPresent() && !lowerDelay.isZero()) {
            b.at.warning(b.label + " Strict mode requires no repeat garp delay. resetting");
            lowerDelay = Duration.ZERO;
        }
        return new GarpTiming(b.garpMasterDelay.orElse(d.masterDelay()), b.garpMasterRepeat.orElse(d.masterRepeat()),
                lowerDelay, lowerRep, b.garpMasterRefresh.orElse(d.masterRefresh()),
                b.garpMasterRefreshRepeat.orElse(d.masterRefreshRepeat()), b.garpExtraIf.or(d::extraInterfaces));
    }

    private static AdvertOptions adverts(VrrpInstanceBuilder b, GlobalDefs g, boolean strict) {
        boolean lower = b.lowerPrioNoAdvert.orElse(strict || g.vrrp().lowerPrioNoAdvert());
        if (strict && !lower) {
            b.at.warning(b.label + " Strict mode requires no lower priority advert. resetting");
            lower = true;
        }
        boolean higher = b.higherPrioSendAdvert.orElse(!strict && g.vrrp().higherPrioSendAdvert());
        if (strict && higher) {
            b.at.warning(b.label + " strict mode requires higher_prio_send_advert to be clear. resetting");
            higher = false;
        }
        int down = b.downTimerAdverts.orElse(g.vrrp().downTimerAdverts());
        if (strict && down != Defaults.VRRP_DOWN_TIMER_ADVERTS) {
            b.at.warning(b.label + " strict mode requires down_timer_adverts " + Defaults.VRRP_DOWN_TIMER_ADVERTS
                    + " - resetting");
            down = Defaults.VRRP_DOWN_TIMER_ADVERTS;
        }
        boolean ownerIgnore = b.ownerIgnoreAdverts.orElse(strict || g.vrrp().ownerIgnoreAdverts());
        return new AdvertOptions(down, lower, higher, ownerIgnore,
                b.skipCheckAdvAddr.orElse(g.vrrp().skipCheckAdvAddr()), b.v3ChecksumAsV2.orElse(g.vrrp().v3ChecksumAsV2()));
    }

    /** keepalived's rounding: v2 to whole seconds (at most 255), v3 to 10 ms (at most 40.95 s). */
    private static Duration advertInterval(VrrpInstanceBuilder b, int version) {
        long us = b.advertInterval.orElse(Defaults.VRRP_ADVERT_INTERVAL).toNanos() / 1000;
        long unit = version == 2 ? 1_000_000 : 10_000;
        long max = version == 2 ? 255 * 1_000_000L : 4095 * 10_000L;
        if (us > max) {
            b.at.warning(String.format(Locale.ROOT, version == 2
                    ? "%s VRRPv2 advertisement interval %.2fs is out of range. Must be less than 256s. Setting to 255s"
                    : "%s VRRPv3 advertisement interval %.2fs is out of range. Must be less than 40.96s. Setting to 40.95s",
                    b.label, us / 1e6));
            us = max;
        } else if (us % unit != 0) {
            b.at.warning(String.format(Locale.ROOT, version == 2
                    ? "%s VRRPv2 advertisement interval %fs must be an integer. rounding"
                    : "%s VRRPv3 advertisement interval %fs must be in units of 10ms - rounding", b.label, us / 1e6));
            us = us + unit / 2;
            us -= us % unit;
            if (us == 0) {
                us = unit;
            }
        }
        return Duration.ofNanos(us * 1000);
    }

    /** Resolves the trackers and applies the sync group / address owner weight rules. */
    private static Trackers trackers(VrrpInstanceBuilder b, ConfigBuilder cfg, Optional<SyncGroupBuilder> group,
            boolean owner) {
        Trackers t = TrackerGrammar.resolve(b.trackers, cfg, b.iface);
        boolean sync = group.isPresent() && !group.get().trackingWeight;
        if (!sync && !owner) {
            return t;
        }
        String why = sync ? "SYNC group" : "address_owner";
        String l = b.label;
        var ifs = new ArrayList<Tracked>();
        for (var x : t.interfaces()) {
            if (x.weight() == 0) {
                ifs.add(x);
                continue;
            }
            b.at.warning(l + " ignoring " + x.name() + " tracked interface " + (sync ? "weight " : "") + "due to "
                    + (sync ? "SYNC group" : "address owner"));
            if (sync) {
                ifs.add(x.withWeight(0));
            }
        }
        var scripts = new ArrayList<Tracked>();
        for (var x : t.scripts()) {
            if (x.weight() != 0) {
                b.at.warning(l + " ignoring tracked script " + x.name() + " with weights due to " + why);
            } else {
                scripts.add(x);
            }
        }
        var files = new ArrayList<Tracked>();
        for (var x : t.files()) {
            if (x.weight() == 1) {
                b.at.warning(l + " ignoring weight from tracked file " + x.name() + " due to " + why
                        + " - specify weight 0");
                files.add(x.withWeight(0));
            } else if (x.weight() != 0) {
                b.at.warning(l + " ignoring tracked file " + x.name() + " with weight " + x.weight() + " due to " + why);
            } else {
                files.add(x);
            }
        }
        var processes = new ArrayList<Tracked>();
        for (var x : t.processes()) {
            if (x.weight() != 0) {
                b.at.warning(l + " ignoring tracked process " + x.name() + " with weight " + x.weight() + " due to "
                        + why);
            } else {
                processes.add(x);
            }
        }
        var bfds = new ArrayList<Tracked>();
        for (var x : t.bfds()) {
            if (x.weight() != 0) {
                b.at.warning(l + " ignoring tracked bfd " + x.name() + " with weight " + x.weight() + " due to " + why);
            } else {
                bfds.add(x);
            }
        }
        return new Trackers(ifs, scripts, files, processes, bfds);
    }
}
