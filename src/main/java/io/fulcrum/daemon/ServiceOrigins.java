package io.fulcrum.daemon;

import io.fulcrum.config.model.Forwarding;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.ProxyProtocolVersion;
import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.SorryServer;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.config.model.VirtualServerAddress;
import io.fulcrum.ipvs.ServiceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the configuration says about each table service beyond the table's own settings: whether a
 * {@code virtual_server} it comes from uses full NAT, and its sorry server and {@code proxy_protocol}. A service
 * two virtual servers share is full NAT when either is; its sorry server and PROXY header are the first one's, as
 * its table settings are (see {@link VirtualServerLoad}).
 */
final class ServiceOrigins {

    /**
     * One table service's configuration.
     *
     * @param virtualServer the first virtual server it comes from, named as keepalived names it
     * @param fullNat       lvs_method FNAT on one of its virtual servers or one of their real servers
     */
    record Origin(String virtualServer, boolean fullNat, Optional<SorryServer> sorryServer,
                  Optional<ProxyProtocolVersion> proxyProtocol) {
    }

    /**
     * One {@code virtual_server} block: its name, place (1-based), the lvs_method keywords of its real servers (in
     * order, inherited ones included), whether it or one of them uses FNAT, and the services it stands for.
     */
    record Block(String name, int position, Set<String> methods, boolean fullNat, List<ServiceKey> keys) {
    }

    private final Map<ServiceKey, Origin> byKey;
    private final List<Block> blocks;

    private ServiceOrigins(Map<ServiceKey, Origin> byKey, List<Block> blocks) {
        this.byKey = Map.copyOf(byKey);
        this.blocks = List.copyOf(blocks);
    }

    static ServiceOrigins none() {
        return new ServiceOrigins(Map.of(), List.of());
    }

    static ServiceOrigins of(KeepalivedConfig config) {
        Map<ServiceKey, Origin> byKey = new HashMap<>();
        List<Block> blocks = new ArrayList<>();
        Map<String, Integer> groupMembers = new HashMap<>();
        for (int i = 0; i < config.virtualServers().size(); i++) {
            VirtualServer vs = config.virtualServers().get(i);
            int member = vs.address() instanceof VirtualServerAddress.Group g
                    ? groupMembers.merge(g.name(), 1, Integer::sum) - 1 : 0;
            String name = VirtualServerNames.virtualServer(vs, member);
            List<ServiceKey> keys = VirtualServerTargets.of(vs, config.virtualServerGroups(), name, new ArrayList<>())
                    .stream().flatMap(e -> e.keys().stream()).toList();
            Set<String> methods = methods(vs);
            Block block = new Block(name, i + 1, methods, vs.forwarding() instanceof Forwarding.FullNat
                    || methods.contains(new Forwarding.FullNat().keyword()), keys);
            blocks.add(block);
            for (ServiceKey key : keys) {
                byKey.merge(key, new Origin(name, block.fullNat(), vs.sorryServer(), vs.proxyProtocol()),
                        (first, later) -> new Origin(first.virtualServer(), first.fullNat() || later.fullNat(),
                                first.sorryServer(), first.proxyProtocol()));
            }
        }
        return new ServiceOrigins(byKey, blocks);
    }

    private static Set<String> methods(VirtualServer vs) {
        Set<String> m = new LinkedHashSet<>();
        for (RealServer rs : vs.realServers()) {
            m.add(rs.forwarding().keyword());
        }
        return m;
    }

    Optional<Origin> of(ServiceKey key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** The virtual_server blocks in configuration order. */
    List<Block> blocks() {
        return blocks;
    }
}
