package io.fulcrum.check;

import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.SorryServer;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.config.model.VirtualServerAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Virtual, real and sorry servers named as keepalived's log names them (check_data.c {@code format_vs},
 * {@code format_rs}), the same way as the daemon's table loader: {@code [192.168.10.100]:tcp:80}, {@code FWM 5},
 * {@code [GROUP]:N} where N counts the virtual servers using that group before this one.
 */
public final class ServiceNames {

    private ServiceNames() {
    }

    /** The names of every virtual server, in configuration order. */
    public static List<String> virtualServers(List<VirtualServer> virtualServers) {
        Map<String, Integer> groupMembers = new HashMap<>();
        List<String> names = new ArrayList<>(virtualServers.size());
        for (VirtualServer vs : virtualServers) {
            int member = vs.address() instanceof VirtualServerAddress.Group g
                    ? groupMembers.merge(g.name(), 1, Integer::sum) - 1 : 0;
            names.add(virtualServer(vs, member));
        }
        return List.copyOf(names);
    }

    /** The name of one virtual server; {@code groupMember} only matters for a group. */
    public static String virtualServer(VirtualServer vs, int groupMember) {
        return switch (vs.address()) {
            case VirtualServerAddress.IpPort ip -> CheckNames.trio(ip.address(), vs.protocol(), ip.port());
            case VirtualServerAddress.Fwmark f -> "FWM " + f.mark();
            case VirtualServerAddress.Group g -> "[" + g.name() + "]:" + groupMember;
        };
    }

    /** A real server of {@code vs}: {@code [10.0.0.11]:tcp:80}. */
    public static String realServer(VirtualServer vs, RealServer rs) {
        return CheckNames.trio(rs.address(), vs.protocol(), rs.port());
    }

    /** The sorry server of {@code vs}, named like a real server. */
    public static String sorryServer(VirtualServer vs, SorryServer s) {
        return CheckNames.trio(s.address(), vs.protocol(), s.port());
    }
}
