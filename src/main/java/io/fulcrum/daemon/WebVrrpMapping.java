package io.fulcrum.daemon;

import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.InstanceStatus;
import io.fulcrum.vrrp.Transition;
import io.fulcrum.web.VrrpView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The running VRRP instances as the status page shows them, transition times turned into wall-clock time. */
final class WebVrrpMapping {

    private WebVrrpMapping() {
    }

    /**
     * @param settings the instances' settings (matched to {@code statuses} by name: a reload may reorder them)
     * @param nowNanos the monotonic time now (the transitions' clock)
     * @param now      the wall-clock time now
     */
    static List<VrrpView> of(List<InstanceSettings> settings, List<InstanceStatus> statuses, long nowNanos,
            Instant now) {
        java.util.Map<String, InstanceSettings> byName = new java.util.HashMap<>();
        settings.forEach(i -> byName.put(i.name(), i));
        List<VrrpView> out = new ArrayList<>();
        for (InstanceStatus s : statuses) {
            InstanceSettings set = byName.get(s.name());
            if (set == null) {
                continue; // a reload is changing the instances
            }
            out.add(new VrrpView(s.name(), s.vrid(), set.spec().interfaceName().orElse(""), s.state().name(),
                    s.basePriority(), s.effectivePriority(), s.master().map(m -> m.address().toString()),
                    s.master().map(InstanceStatus.Master::priority).orElse(0),
                    set.allAddresses().stream().map(a -> a.address().toString()).toList(),
                    s.transitions().stream().map(t -> transition(t, nowNanos, now)).toList()));
        }
        return out;
    }

    private static VrrpView.Transition transition(Transition t, long nowNanos, Instant now) {
        return new VrrpView.Transition(now.minusNanos(nowNanos - t.atNanos()).toString(), t.from().name(),
                t.to().name(), t.reason(), t.atNanos());
    }
}
