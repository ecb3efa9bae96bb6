package io.fulcrum.daemon;

import io.fulcrum.common.IpAddress;
import io.fulcrum.control.IpvsSnapshot.Tunnel;
import io.fulcrum.ipvs.ServiceKey;
import java.util.HashMap;
import java.util.Map;

/**
 * The tunnel encapsulation (ipip, gue with its port, gre; checksum mode) of each TUNNEL real server, as ipvsadm
 * set it. The table keeps the forwarding method only; listings (--tun-info) and -S need the rest. Owned by the
 * control loop, like the table.
 */
final class TunnelSettings {

    private record Key(ServiceKey service, IpAddress address, int port) {
    }

    private final Map<Key, Tunnel> tunnels = new HashMap<>();

    void set(ServiceKey service, IpAddress address, int port, Tunnel tunnel) {
        tunnels.put(new Key(service, address, port), tunnel);
    }

    void remove(ServiceKey service, IpAddress address, int port) {
        tunnels.remove(new Key(service, address, port));
    }

    void removeService(ServiceKey service) {
        tunnels.keySet().removeIf(k -> k.service().equals(service));
    }

    void clear() {
        tunnels.clear();
    }

    /** The tunnel of that server, ipip when none was given. */
    Tunnel get(ServiceKey service, IpAddress address, int port) {
        return tunnels.getOrDefault(new Key(service, address, port), Tunnel.IPIP);
    }

    int size() {
        return tunnels.size();
    }
}
