package io.fulcrum.daemon;

import io.fulcrum.control.VrrpStatus;
import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.InstanceStatus;
import io.fulcrum.vrrp.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The running instances as the control socket shows them ({@code fulcrum status}), wall-clock times included. */
final class VrrpStatusMapping {

    private VrrpStatusMapping() {
    }

    static VrrpStatus of(Optional<VrrpService> vrrp) {
        if (vrrp.isEmpty()) {
            return new VrrpStatus(false, List.of());
        }
        long nowNanos = System.nanoTime();
        Instant now = Instant.now();
        List<VrrpStatus.Instance> out = new ArrayList<>();
        java.util.Map<String, InstanceSettings> settings = new java.util.HashMap<>();
        vrrp.get().settings().forEach(i -> settings.put(i.name(), i));
        for (InstanceStatus s : vrrp.get().statuses()) {
            InstanceSettings set = settings.get(s.name());
            if (set == null) {
                continue; // a reload is changing the instances
            }
            out.add(new VrrpStatus.Instance(s.name(), s.vrid(), set.spec().interfaceName().orElse(""),
                    s.state().name(), s.basePriority(), s.effectivePriority(), s.interval().toMillis(),
                    s.master().map(m -> m.address().toString()), s.master().map(m -> m.priority()).orElse(0),
                    set.allAddresses().stream().map(a -> a.address().toString()).toList(),
                    s.transitions().stream().map(t -> transition(t, now, nowNanos)).toList()));
        }
        return new VrrpStatus(true, out);
    }

    private static VrrpStatus.Transition transition(Transition t, Instant now, long nowNanos) {
        Instant at = now.minusNanos(nowNanos - t.atNanos());
        return new VrrpStatus.Transition(at.toString(), t.from().name(), t.to().name(), t.reason());
    }
}
