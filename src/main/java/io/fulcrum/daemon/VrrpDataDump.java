package io.fulcrum.daemon;

import io.fulcrum.config.model.AuthType;
import io.fulcrum.config.model.GarpTiming;
import io.fulcrum.config.model.IpAddressSpec;
import io.fulcrum.config.model.VrrpInstance;
import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.InstanceState;
import io.fulcrum.vrrp.InstanceStatus;
import io.fulcrum.vrrp.Transition;
import java.time.Duration;
import java.util.List;

/**
 * The "VRRP Topology" part of keepalived 2.2.7's data dump (SIGUSR1), line for line where Fulcrum has the datum.
 * Left out, because Fulcrum has no such thing: the read timeout, the fault counters, the socket descriptors, the
 * sockpool and interface sections. Unicast peers are listed in Fulcrum's own shape.
 */
final class VrrpDataDump {

    private VrrpDataDump() {
    }

    static void write(StringBuilder out, List<InstanceSettings> settings, List<InstanceStatus> statuses,
            DumpClock clock) {
        out.append("------< VRRP Topology >------\n");
        for (int i = 0; i < settings.size() && i < statuses.size(); i++) {
            instance(out, settings.get(i), statuses.get(i), clock);
        }
    }

    private static void instance(StringBuilder out, InstanceSettings set, InstanceStatus st, DumpClock clock) {
        VrrpInstance spec = set.spec();
        line(out, " VRRP Instance = " + set.name());
        line(out, "   VRRP Version = " + spec.version());
        line(out, "   State = " + st.state().name());
        if (st.state() == InstanceState.BACKUP && st.master().isPresent()) {
            line(out, "   Master router = " + st.master().get().address());
            line(out, "   Master priority = " + st.master().get().priority());
        }
        line(out, "   Flags: none");
        line(out, "   Wantstate = " + st.state().name());
        List<Transition> transitions = st.transitions();
        if (!transitions.isEmpty()) {
            long at = transitions.getLast().atNanos();
            line(out, "   Last transition = " + clock.stamp(clock.wallOf(at)));
        }
        line(out, "   Master down timer = " + masterDownMicros(st.interval(), spec.adverts().downTimerAdverts(),
                st.effectivePriority(), spec.version()) + " usecs");
        line(out, "   Interface = " + spec.interfaceName().orElse("(none)"));
        line(out, "   Using src_ip = " + set.primaryAddress());
        if (set.unicast()) {
            line(out, "   Unicast peers:");
            set.destinations().forEach(p -> line(out, "     " + p));
        } else {
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
        spec.authentication().ifPresent(a -> {
            line(out, "   Authentication type = " + (a.type() == AuthType.PASS ? "SIMPLE_PASSWORD" : "IPSEC_AH"));
            line(out, "   Password = " + a.password());
        });
        boolean set2 = st.state() == InstanceState.MASTER;
        line(out, "   Virtual IP (" + spec.virtualIpAddresses().size() + "):");
        spec.virtualIpAddresses().forEach(v -> line(out, "     " + vip(v, spec) + (set2 ? " set" : "")));
        if (!spec.excludedIpAddresses().isEmpty()) {
            line(out, "   Virtual IP Excluded (" + spec.excludedIpAddresses().size() + "):");
            spec.excludedIpAddresses().forEach(v -> line(out, "     " + vip(v, spec) + (set2 ? " set" : "")));
        }
        line(out, "   Using smtp notification = " + (spec.smtpAlert() ? "yes" : "no"));
        line(out, "   Notify priority changes = " + spec.notifyPriorityChanges());
    }

    /** keepalived's {@code 10.77.0.100/24 dev eth0 scope global}. */
    static String vip(IpAddressSpec v, VrrpInstance spec) {
        String dev = v.dev().or(spec::interfaceName).orElse("?");
        return v.address().address() + "/" + v.address().prefixLength() + " dev " + dev + " scope "
                + v.scope().map(s -> scopeName(s.value())).orElse("global");
    }

    private static String scopeName(int value) {
        return switch (value) {
            case 0 -> "global";
            case 200 -> "site";
            case 253 -> "link";
            case 254 -> "host";
            case 255 -> "nowhere";
            default -> Integer.toString(value);
        };
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
