package io.fulcrum.daemon;

import io.fulcrum.config.model.AuthType;
import io.fulcrum.config.model.GarpTiming;
import io.fulcrum.config.model.IpAddressSpec;
import io.fulcrum.config.model.UnicastPeer;
import io.fulcrum.config.model.UnicastSettings;
import io.fulcrum.config.model.VrrpInstance;
import io.fulcrum.config.model.VrrpSyncGroup;
import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.InstanceState;
import io.fulcrum.vrrp.InstanceStatus;
import io.fulcrum.vrrp.Transition;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The "VRRP Topology" part of keepalived 2.2.7's data dump (SIGUSR1), line for line where Fulcrum has the datum.
 * Left out, because Fulcrum has no such thing: the read timeout, the fault counters, the socket descriptors,
 * "Notify deleted", the sockpool and interface sections. The sync groups follow the instances.
 */
final class VrrpDataDump {

    private VrrpDataDump() {
    }

    static void write(StringBuilder out, List<InstanceSettings> settings, List<InstanceStatus> statuses,
            List<VrrpSyncGroup> groups, DumpClock clock) {
        out.append("------< VRRP Topology >------\n");
        Map<String, InstanceState> states = new HashMap<>();
        for (int i = 0; i < settings.size() && i < statuses.size(); i++) {
            String name = settings.get(i).name();
            String group = groups.stream().filter(g -> g.members().contains(name)).map(VrrpSyncGroup::name)
                    .findFirst().orElse("");
            instance(out, settings.get(i), statuses.get(i), group, clock);
            states.put(settings.get(i).name(), statuses.get(i).state());
        }
        if (!groups.isEmpty()) {
            line(out, "------< VRRP Sync groups >------");
            groups.forEach(g -> syncGroup(out, g, states));
        }
    }

    private static void syncGroup(StringBuilder out, VrrpSyncGroup g, Map<String, InstanceState> states) {
        List<InstanceState> members = g.members().stream().filter(states::containsKey).map(states::get).toList();
        long faults = members.stream().filter(s -> s == InstanceState.FAULT).count();
        long inits = members.stream().filter(s -> s == InstanceState.INIT).count();
        String state = faults > 0 ? "FAULT" : inits > 0 ? "INIT"
                : !members.isEmpty() && members.stream().allMatch(s -> s == InstanceState.MASTER) ? "MASTER"
                : "BACKUP";
        line(out, " VRRP Sync Group = " + g.name() + ", " + state);
        line(out, "   Num member fault " + faults + ", num member init " + inits);
        line(out, "   VRRP member instances :");
        g.members().forEach(m -> line(out, "     " + m));
        if (g.trackingWeight()) {
            line(out, "   sync group tracking weight set");
        }
        line(out, "   Using smtp notification = " + (g.smtpAlert() ? "yes" : "no"));
    }

    private static void instance(StringBuilder out, InstanceSettings set, InstanceStatus st, String group,
            DumpClock clock) {
        VrrpInstance spec = set.spec();
        line(out, " VRRP Instance = " + set.name());
        line(out, "   VRRP Version = " + spec.version());
        if (!group.isEmpty()) {
            line(out, "   Sync group = " + group);
        }
        line(out, "   State = " + st.state().name());
        if (st.state() == InstanceState.BACKUP && st.master().isPresent()) {
            line(out, "   Master router = " + st.master().get().address());
            line(out, "   Master priority = " + st.master().get().priority());
        }
        if (set.unicast()) {
            line(out, "   Flags:");
            line(out, "     Using unicast");
        } else {
            line(out, "   Flags: none");
        }
        line(out, "   Wantstate = " + st.state().name());
        List<Transition> transitions = st.transitions();
        if (!transitions.isEmpty()) {
            long at = transitions.getLast().atNanos();
            line(out, "   Last transition = " + clock.stamp(clock.wallOf(at)));
        }
        line(out, "   Master down timer = " + masterDownMicros(st.interval(), spec.adverts().downTimerAdverts(),
                st.effectivePriority(), spec.version()) + " usecs");
        line(out, "   Interface = " + spec.interfaceName().orElse("(none)"));
        line(out, "   Using src_ip = " + set.primaryAddress()
                + (spec.sourceIp().isPresent() ? " (from configuration)" : ""));
        if (!set.unicast()) {
            line(out, "   Multicast address " + set.multicastGroup());
        }
        GarpTiming g = spec.garp();
        line(out, "   Gratuitous ARP delay = " + g.masterDelay().toSeconds());
        line(out, "   Gratuitous ARP repeat = " + g.masterRepeat());
        line(out, "   Gratuitous ARP refresh = " + g.masterRefresh().toSeconds());
        line(out, "   Gratuitous ARP refresh repeat = " + g.masterRefreshRepeat());
        line(out, "   Gratuitous ARP lower priority delay = " + g.lowerPrioDelay().toSeconds());
        line(out, "   Gratuitous ARP lower priority repeat = " + g.lowerPrioRepeat());
        line(out, "   Down timer adverts = " + spec.adverts().downTimerAdverts());
        line(out, "   Send advert after receive lower priority advert = " + !spec.adverts().lowerPrioNoAdvert());
        line(out, "   Send advert after receive higher priority advert = " + spec.adverts().higherPrioSendAdvert());
        line(out, "   Virtual Router ID = " + set.vrid());
        line(out, "   Priority = " + st.basePriority());
        line(out, "   Effective priority = " + st.effectivePriority());
        line(out, "   Total priority = " + st.effectivePriority());
        line(out, "   Advert interval = " + (spec.version() == 2 ? st.interval().toSeconds() + " sec"
                : st.interval().toMillis() + " milli-sec"));
        line(out, "   Accept = " + (spec.accept() ? "enabled" : "disabled"));
        line(out, "   Preempt = " + (spec.nopreempt() ? "disabled" : "enabled"));
        if (!spec.preemptDelay().isZero()) {
            line(out, "   Preempt delay = " + spec.preemptDelay().toMillis() / 1000.0 + " secs");
        }
        line(out, "   Promote_secondaries = " + (spec.promoteSecondaries() ? "enabled" : "disabled"));
        if (spec.version() == 2) {
            spec.authentication().ifPresentOrElse(a -> {
                line(out, "   Authentication type = " + (a.type() == AuthType.PASS ? "SIMPLE_PASSWORD"
                        : "IPSEC_AH"));
                line(out, "   Password = " + a.password());
            }, () -> line(out, "   Authentication type = none"));
        }
        boolean set2 = st.state() == InstanceState.MASTER;
        line(out, "   Virtual IP (" + spec.virtualIpAddresses().size() + "):");
        spec.virtualIpAddresses().forEach(v -> line(out, "     " + vip(v, spec) + (set2 ? " set" : "")));
        if (!spec.excludedIpAddresses().isEmpty()) {
            line(out, "   Virtual IP Excluded (" + spec.excludedIpAddresses().size() + "):");
            spec.excludedIpAddresses().forEach(v -> line(out, "     " + vip(v, spec) + (set2 ? " set" : "")));
        }
        if (set.unicast()) {
            unicast(out, spec.unicast());
        }
        line(out, "   Using smtp notification = " + (spec.smtpAlert() ? "yes" : "no"));
        line(out, "   Notify priority changes = " + spec.notifyPriorityChanges());
    }

    private static void unicast(StringBuilder out, UnicastSettings u) {
        line(out, "   Unicast TTL = " + u.ttl().orElse(255));
        line(out, "   Check unicast src : " + (u.checkSource() ? "yes" : "no"));
        line(out, "   Unicast Peer :");
        for (UnicastPeer p : u.peers()) {
            line(out, "     " + p.address() + " min_ttl " + p.minTtl().orElse(0) + " max_ttl "
                    + p.maxTtl().orElse(255));
        }
        line(out, "   Unicast checksum compatibility = " + switch (u.oldChecksum()) {
            case AUTO -> "no";
            case NEVER -> "never";
            case ALWAYS -> "config";
        });
    }

    /** keepalived's {@code 10.77.0.100/24 dev eth0 scope global}. */
    static String vip(IpAddressSpec v, VrrpInstance spec) {
        String dev = v.dev().or(spec::interfaceName).orElse("?");
        return v.address().address() + "/" + v.address().prefixLength() + " dev " + dev + " scope "
                + v.scope().map(Object::toString).orElse("global");
    }

    /**
     * Down-timer adverts times the interval plus the skew time: (256 - priority) / 256 of a second in VRRPv2
     * (RFC 3768), of the master's interval in VRRPv3 (RFC 5798).
     */
    static long masterDownMicros(Duration interval, int downTimerAdverts, int priority, int version) {
        long micros = interval.toNanos() / 1000;
        long skewBase = version == 2 ? 1_000_000 : micros;
        return downTimerAdverts * micros + (256 - priority) * skewBase / 256;
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append('\n');
    }
}
