package io.fulcrum.daemon;

import io.fulcrum.check.CheckerId;
import io.fulcrum.check.HealthAction;
import io.fulcrum.check.HealthState;
import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.config.model.VirtualServerAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ha_suspend} as keepalived's checker process does it (check_data.c update_checker_activity, driven by the
 * kernel's address events): the checkers of a virtual server with ha_suspend run only while its address is on
 * this host, which is while this director's VRRP instance holding it is MASTER. A virtual server given by a
 * group or a fwmark is not followed (keepalived refuses ha_suspend with fwmarks). Pure: the caller supplies the
 * addresses present.
 */
final class HaSuspend {

    private HaSuspend() {
    }

    /** The followed virtual servers of {@code state} (those with checkers), by index, with their address. */
    static Map<Integer, IpAddress> followed(HealthState state) {
        Map<Integer, IpAddress> out = new LinkedHashMap<>();
        for (CheckerId id : state.checkers()) {
            VirtualServer vs = state.target(id).virtualServer();
            if (vs.haSuspend() && vs.address() instanceof VirtualServerAddress.IpPort(IpAddress ip, int port)) {
                out.putIfAbsent(id.vsIndex(), ip);
            }
        }
        return out;
    }

    /**
     * Suspends the followed virtual servers whose address is not in {@code present} and resumes those whose
     * address is; returns the state's lines ("Suspending healthchecker for service ..." / "Activating ...").
     * Before the state's start it only marks which start suspended.
     */
    static List<HealthAction> apply(HealthState state, Set<IpAddress> present) {
        List<HealthAction> out = new ArrayList<>();
        followed(state).forEach((vs, ip) -> out.addAll(present.contains(ip) ? state.resume(vs) : state.suspend(vs)));
        return out;
    }
}
